"""Read-side loading for the claim page and the article work page, in a fixed number of statements.

Every relation a page shows is joined or loaded in the statement that fetches its rows, so the count of
statements does not grow with the number of claims, sources, verdicts, comments or audit events.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from sqlalchemy import Select, bindparam, exists, select
from sqlalchemy.orm import Session, aliased, joinedload

from factcheck.models import (
    AnchorState,
    Article,
    ArticleRevision,
    AuditEvent,
    Claim,
    Comment,
    EventMention,
    Evidence,
    Rating,
    RatingScale,
    Triage,
    User,
    Verdict,
    VerdictState,
)
from factcheck.services import claim_details, timeline
from factcheck.services.claim_matches import MatchPanel, panel
from factcheck.services.ranking import RankScore, learned_score
from factcheck.services.verdicts import covers_evidence


@dataclass(frozen=True)
class Event:
    """An audit event with the name of whoever caused it."""

    id: int
    at: dt.datetime
    actor: str
    action: str
    data: dict[str, object]


@dataclass
class ClaimPage:
    claim: Claim
    before: str  # the rest of the claim's paragraph, before and after the quote
    after: str
    previous_id: int | None
    next_id: int | None
    evidence: list[Evidence]
    verdicts: list[Verdict]
    comments: list[Comment]
    events: list[Event]
    ratings: list[Rating]
    tags: list[str]
    # "previously checked" (services/claim_matches.py); None when the page fetches the panel after it loads
    matches: MatchPanel | None = field(default_factory=MatchPanel)
    learned: RankScore | None = None  # the learned ranker's score and what moved it, when a model ranks the queue
    timeline: timeline.ClaimEvents = field(default_factory=timeline.ClaimEvents)  # the events the claim speaks of

    @property
    def latest(self) -> Verdict | None:
        return self.verdicts[-1] if self.verdicts else None

    @property
    def unapproved_evidence(self) -> set[int]:
        """Evidence attached since the last approval (none before a first one): not published until approved."""
        approved = [v for v in self.verdicts if v.state == VerdictState.APPROVED]
        if not approved:
            return set()
        return {e.id for e in self.evidence if not covers_evidence(approved[-1], e)}


def load_claim(session: Session, claim_id: int) -> tuple[Claim, int | None, int | None, bool] | None:
    """The claim with its article, revision and assignee, its neighbours in the article, and whether it speaks
    of any event (one statement)."""
    row = session.execute(_load_claim_stmt(), {"claim_id": claim_id}).first()
    if row is None:
        return None
    return row[0], row[1], row[2], bool(row[3])


@cache
def _load_claim_stmt() -> Select[Any]:
    """Built once: adapting the aliased neighbour subqueries to a new alias cost about 3 ms on every page."""
    other = aliased(Claim)
    before = (other.start < Claim.start) | ((other.start == Claim.start) & (other.id < Claim.id))
    after = (other.start > Claim.start) | ((other.start == Claim.start) & (other.id > Claim.id))
    prev_id = (
        select(other.id)
        .where(other.article_id == Claim.article_id, before)
        .order_by(other.start.desc(), other.id.desc())
        .limit(1)
        .correlate(Claim)
        .scalar_subquery()
    )
    next_id = (
        select(other.id)
        .where(other.article_id == Claim.article_id, after)
        .order_by(other.start, other.id)
        .limit(1)
        .correlate(Claim)
        .scalar_subquery()
    )
    has_events = exists().where(EventMention.claim_id == Claim.id).correlate(Claim)
    return (
        select(Claim, prev_id, next_id, has_events)
        .where(Claim.id == bindparam("claim_id"))
        .options(joinedload(Claim.article), joinedload(Claim.revision), joinedload(Claim.assignee))
    )


def paragraph(text: str, start: int, end: int) -> tuple[str, str]:
    """The text of the claim's paragraph (line) before and after the span."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    return text[para_start:start], text[end : len(text) if para_end < 0 else para_end]


def active_ratings(session: Session) -> list[Rating]:
    stmt = (
        select(Rating)
        .join(RatingScale, Rating.scale_id == RatingScale.id)
        .where(RatingScale.active.is_(True))
        .order_by(Rating.position)
    )
    return list(session.scalars(stmt))


def claim_events(session: Session, claim_id: int) -> list[Event]:
    """The claim's full audit history with the actors' names (one statement)."""
    stmt = (
        select(AuditEvent, User.name)
        .outerjoin(User, User.id == AuditEvent.actor_id)
        .where(AuditEvent.entity == "claim", AuditEvent.entity_id == claim_id)
        .order_by(AuditEvent.id)
    )
    return [Event(e.id, e.at, name or "the system", e.action, dict(e.data or {})) for e, name in session.execute(stmt)]


def events_since(session: Session, claim_id: int, since: dt.datetime | None) -> list[Event]:
    """What happened to the claim after `since` (the moment a stale page was shown); the last five if unknown."""
    events = claim_events(session, claim_id)
    if since is None:
        return events[-5:]
    return [e for e in events if e.at > since] or events[-5:]


def claim_page(session: Session, claim_id: int, *, matches: bool = True) -> ClaimPage | None:
    """Everything the claim page shows, in a fixed number of statements (ten, three more for a claim about
    events, and the matches panel's).

    With `matches=False` the "previously checked" panel is left out (`matches` is None): the matcher is most of
    the page's time, so the page shows without it and fetches the panel after it loads (`match_panel`).
    The matches panel stores the claim's vector if it had none: the caller commits."""
    loaded = load_claim(session, claim_id)
    if loaded is None:
        return None
    claim, previous_id, next_id, has_events = loaded
    before, after = paragraph(claim.revision.text, claim.start, claim.end)
    evidence = list(
        session.scalars(
            select(Evidence)
            .where(Evidence.claim_id == claim.id)
            .options(joinedload(Evidence.source))
            .order_by(Evidence.id)
        )
    )
    verdicts = list(
        session.scalars(
            select(Verdict)
            .where(Verdict.claim_id == claim.id)
            .options(joinedload(Verdict.rating), joinedload(Verdict.author), joinedload(Verdict.approver))
            .order_by(Verdict.id)
        )
    )
    comments = list(
        session.scalars(
            select(Comment).where(Comment.claim_id == claim.id).options(joinedload(Comment.author)).order_by(Comment.id)
        )
    )
    return ClaimPage(
        claim=claim,
        before=before,
        after=after,
        previous_id=previous_id,
        next_id=next_id,
        evidence=evidence,
        verdicts=verdicts,
        comments=comments,
        events=claim_events(session, claim.id),
        ratings=active_ratings(session),
        tags=claim_details.tags_of(session, [claim.id]).get(claim.id, []),
        matches=panel(session, claim) if matches else None,
        learned=learned_score(session, claim),
        timeline=timeline.claim_events(session, claim.id) if has_events else timeline.ClaimEvents(),
    )


def match_panel(session: Session, claim_id: int) -> tuple[Claim, MatchPanel] | None:
    """The claim and its "previously checked" panel alone (what the claim page fetches after it loads). The
    claim's vector is stored if it had none: the caller commits."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        return None
    return claim, panel(session, claim)


@dataclass
class ArticlePage:
    article: Article
    revision: ArticleRevision | None
    claims: list[Claim]  # every claim of the article, in text order

    @cached_property
    def highlighted(self) -> list[Claim]:
        """Claims drawn in the current text: anchored on it, not dismissed, never overlapping."""
        if self.revision is None:
            return []
        shown: list[Claim] = []
        last_end = 0
        for c in self.claims:
            if (
                c.revision_id != self.revision.id
                or c.anchor_state == AnchorState.ORPHAN
                or c.triage == Triage.DISMISSED
                or c.start < last_end
            ):
                continue
            shown.append(c)
            last_end = c.end
        return shown

    @cached_property
    def orphans(self) -> list[Claim]:
        return [c for c in self.claims if c.anchor_state == AnchorState.ORPHAN]

    @cached_property
    def dismissed(self) -> list[Claim]:
        return [c for c in self.claims if c.triage == Triage.DISMISSED and c.anchor_state != AnchorState.ORPHAN]


def article_page(session: Session, article_id: int) -> ArticlePage | None:
    """The article, its revisions and all its claims with assignees: two statements."""
    article = (
        session.scalars(select(Article).where(Article.id == article_id).options(joinedload(Article.revisions)))
        .unique()
        .first()
    )
    if article is None:
        return None
    claims = list(
        session.scalars(
            select(Claim)
            .where(Claim.article_id == article_id)
            .options(joinedload(Claim.assignee))
            .order_by(Claim.start, Claim.id)
        )
    )
    return ArticlePage(article=article, revision=article.current_revision, claims=claims)
