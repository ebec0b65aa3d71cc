"""A known data set for the report tests: two articles, four claims with verdicts in different states.

| claim | article | rating | state | reviewer | approver | published |
| tricky (formula, quotes, comma, newline, Unicode) | A | False | approved | Zoë | Edith | yes, v1 |
| unemployment (two sources) | A | True | approved | Zoë | Edith | yes, v1 |
| growth | B | Mostly false | submitted | Rob | - | no |
| minus | B | Half true | approved | Rob | Emil | no |
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.models import Article, ArticleRevision, Claim, Publication, Rating, User, Verdict, text_sha256
from factcheck.services import publishing, ratings, sources, users, verdicts

TRICKY = '=SUM(A1:A9) was "the total", he said,\nthen left'
UNEMPLOYMENT = "Unemployment fell to 3.9% — 日本語 too"
GROWTH = "Growth doubled in 2019"
MINUS = "Taxes went down by a fifth"
RATIONALE = 'The figure is **wrong**. See [the report](https://example.org/r?a=1&b=2).\n\nSecond paragraph, "quoted".'
FETCHED = dt.datetime(2024, 1, 2, 9, 0, tzinfo=dt.UTC)


@dataclass
class KnownSet:
    zoe: User
    rob: User
    edith: User
    emil: User
    article_a: Article
    article_b: Article
    claims: dict[str, Claim]


def _article(session: Session, slug: str, title: str, outlet: str, text: str) -> tuple[Article, ArticleRevision]:
    article = Article(
        slug=slug, title=title, outlet=outlet, url=f"https://news.example.com/{slug}", published_on=dt.date(2024, 1, 1)
    )
    session.add(article)
    session.flush()
    revision = ArticleRevision(article_id=article.id, number=1, text=text, sha256=text_sha256(text), origin="paste")
    session.add(revision)
    session.flush()
    return article, revision


def _claim(
    session: Session, article: Article, revision: ArticleRevision, quote: str, kind: str, speaker: str | None = None
) -> Claim:
    start = revision.text.index(quote)
    claim = Claim(
        article_id=article.id,
        revision_id=revision.id,
        start=start,
        end=start + len(quote),
        quote=quote,
        kind=kind,
        speaker=speaker,
        dates=[{"text": "2019", "value": "2019", "precision": "year", "start": 0, "end": 4}]
        if kind == "quantity"
        else [],
    )
    session.add(claim)
    session.flush()
    return claim


def _check(
    session: Session,
    reviewer: User,
    approver: User | None,
    claim: Claim,
    label: str,
    summary: str,
    urls: list[tuple[str, str]],
    rationale: str = "Plain reasons.",
) -> None:
    rating = session.scalar(select(Rating).where(Rating.label == label, Rating.scale.has(active=True)))
    assert rating is not None
    for url, stance in urls:
        source = sources.archived_source(
            session, reviewer, url=url, title="T", publisher="P", text="archived text of the source", fetched_at=FETCHED
        )
        sources.add_evidence(session, reviewer, claim, source, stance=stance, passage="archived text")
    verdicts.draft(session, reviewer, claim, rating_id=rating.id, summary=summary, rationale=rationale)
    verdicts.submit(session, reviewer, claim)
    if approver is not None:
        verdicts.approve(session, approver, claim)


def build_known_set(session: Session) -> KnownSet:
    ratings.load_presets(session)
    mk = users.create_user
    zoe = mk(session, None, email="zoe@example.org", name="Zoë Réviewer", role="reviewer", password="pw-123456789")
    rob = mk(session, None, email="rob@example.org", name="Rob Reviewer", role="reviewer", password="pw-123456789")
    edith = mk(session, None, email="edith@example.org", name="Edith Editor", role="editor", password="pw-123456789")
    emil = mk(session, None, email="emil@example.org", name="Emil Editor", role="editor", password="pw-123456789")
    a, rev_a = _article(
        session,
        "budget-cuts",
        'Budget "cuts", explained',
        "Ledger, Inc.",
        f"Intro. {TRICKY} More. {UNEMPLOYMENT}. End.",
    )
    b, rev_b = _article(session, "growth", "Growth story", "Other Post", f"{GROWTH}. Then {MINUS}.")
    claims = {
        "tricky": _claim(session, a, rev_a, TRICKY, "quote", speaker="José Müller"),
        "unemployment": _claim(session, a, rev_a, UNEMPLOYMENT, "quantity"),
        "growth": _claim(session, b, rev_b, GROWTH, "comparison"),
        "minus": _claim(session, b, rev_b, MINUS, "quantity"),
    }
    _check(
        session,
        zoe,
        edith,
        claims["tricky"],
        "False",
        "Claim about a sum, quoted",
        [("https://src.example.org/a,b", "refutes")],
        rationale=RATIONALE,
    )
    _check(
        session,
        zoe,
        edith,
        claims["unemployment"],
        "True",
        "Unemployment fell to 3.9%",
        [("https://src.example.org/jobs", "supports"), ("https://src.example.org/other", "context")],
    )
    _check(
        session,
        rob,
        None,
        claims["growth"],
        "Mostly false",
        "Growth doubled",
        [("https://src.example.org/g", "refutes")],
    )
    _check(
        session,
        rob,
        emil,
        claims["minus"],
        "Half true",
        "-1/5 of taxes gone",
        [("https://src.example.org/t", "context")],
    )
    publishing.publish(session, edith, a)
    session.flush()
    return KnownSet(zoe, rob, edith, emil, a, b, claims)


def set_times(
    session: Session,
    claim: Claim,
    *,
    imported: dt.datetime,
    approved: dt.datetime | None = None,
    published: dt.datetime | None = None,
) -> None:
    """Move a claim's import, verdict and publication times (for date filters, medians and weeks)."""
    claim.created_at = imported
    session.flush()
    # Test set-up only: published versions are immutable through the ORM (by design), so the clock is moved
    # with Core UPDATEs on the connection, below the ORM's guards.
    conn = session.connection()
    verdicts_t, publications_t = Verdict.__table__, Publication.__table__
    conn.execute(update(verdicts_t).where(verdicts_t.c.claim_id == claim.id).values(created_at=approved or imported))
    if published is not None:
        conn.execute(
            update(publications_t).where(publications_t.c.article_id == claim.article_id).values(published_at=published)
        )
    session.expire_all()
