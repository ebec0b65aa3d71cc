"""Demo data: an article, its claims, sources, verdicts and one published version, so a newcomer sees each role."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, Rating, Role, Stance, User
from factcheck.services import articles, claims, publishing, ratings, sources, users, verdicts
from factcheck.services.demo_text import (
    DEMO_AUTHOR,
    DEMO_OUTLET,
    DEMO_PUBLISHED,
    DEMO_TEXT,
    DEMO_TITLE,
    DEMO_URL,
)

FETCHED = dt.datetime(2018, 12, 9, 14, 30, tzinfo=dt.UTC)

# (phrase in the claim, rating label, summary, rationale, source url, source title, publisher, archived text,
#  passage, stance)
_CHECKS = (
    (
        "Paris",
        "True",
        "A Trump–Putin meeting in Paris on November 11 was cancelled",
        "The White House confirmed before the centenary events that no formal meeting would take place; "
        "the leaders spoke only briefly at a lunch.",
        "https://demo.example.org/sources/paris-centenary-schedule",
        "Centenary schedule published",
        "Demo Wire",
        "The official programme for the centenary in Paris on 11 November lists a lunch for heads of state. "
        "A bilateral meeting between the US and Russian presidents was removed from the schedule.",
        "A bilateral meeting between the US and Russian presidents was removed from the schedule.",
        Stance.SUPPORTS,
    ),
    (
        "Helsinki",
        "Mostly true",
        "Trump invited Putin to Washington after the July Helsinki summit",
        "The invitation was announced by the White House press secretary days after the summit, not at the "
        "summit itself.",
        "https://demo.example.org/sources/white-house-invitation",
        "Press secretary statement on invitation",
        "Demo Wire",
        "The press secretary said on Thursday that the president had asked his national security adviser to "
        "invite President Putin to Washington in the fall.",
        "asked his national security adviser to invite President Putin to Washington in the fall",
        Stance.SUPPORTS,
    ),
)


@dataclass
class DemoAccounts:
    reviewer: tuple[str, str]
    editor: tuple[str, str]


def is_empty(session: Session) -> bool:
    return (session.scalar(select(func.count(Article.id))) or 0) == 0


def _account(session: Session, email: str, name: str, role: Role) -> tuple[User, str]:
    existing = session.scalar(select(User).where(User.email == email))
    if existing is not None:
        return existing, ""
    password = secrets.token_urlsafe(12)
    return users.create_user(session, None, email=email, name=name, role=role, password=password), password


def _claim_containing(session: Session, article: Article, phrase: str) -> Claim:
    for claim in session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)):
        if phrase in claim.quote:
            return claim
    raise LookupError(f"the splitter found no demo claim containing {phrase!r}")


def load_demo(session: Session, *, render: publishing.Renderer | None = None) -> DemoAccounts:
    """Load the demo into an empty database (`render`: the published version's body). The caller commits."""
    ratings.load_presets(session)
    reviewer, reviewer_pw = _account(session, "reviewer@demo.example.org", "Riya Reviewer", Role.REVIEWER)
    editor, editor_pw = _account(session, "editor@demo.example.org", "Ed Editor", Role.EDITOR)
    result = articles.import_text(
        session,
        reviewer,
        title=DEMO_TITLE,
        text=DEMO_TEXT,
        origin="demo",
        outlet=DEMO_OUTLET,
        url=DEMO_URL,
        author=DEMO_AUTHOR,
        published_on=DEMO_PUBLISHED,
    )
    scale = ratings.active_scale(session)
    assert scale is not None
    labels = {r.label: r for r in session.scalars(select(Rating).where(Rating.scale_id == scale.id))}
    for phrase, label, summary, rationale, url, title, publisher, text, passage, stance in _CHECKS:
        claim = _claim_containing(session, result.article, phrase)
        claims.assign(session, reviewer, claim, reviewer, None)
        source = sources.archived_source(
            session, reviewer, url=url, title=title, publisher=publisher, text=text, fetched_at=FETCHED
        )
        sources.add_evidence(session, reviewer, claim, source, stance=stance, passage=passage)
        verdicts.draft(session, reviewer, claim, rating_id=labels[label].id, summary=summary, rationale=rationale)
        verdicts.submit(session, reviewer, claim)
        verdicts.approve(session, editor, claim)
    publishing.publish(session, editor, result.article, render=render)
    return DemoAccounts(reviewer=(reviewer.email, reviewer_pw), editor=(editor.email, editor_pw))
