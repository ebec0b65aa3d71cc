"""The Monitor page: new claims found in monitored outlets' articles, "already checked" matches first, then by
check-worthiness; filtered by feed, outlet, speaker and the article's date. One page reads one page of rows (and a
capped count), whatever the number of monitored claims.

`accept` takes a claim for checking. Today that is the queue's own action (assigned to the one who accepts it,
so it leaves "new" for "in review"); it is one function so the claim triage states can take its place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from factcheck import policy
from factcheck.models import Article, Claim, ClaimStatus, ExternalCheck, Feed, MonitoredClaim, Triage, User
from factcheck.services import claims
from factcheck.services.errors import PermissionDenied

PER_PAGE = 50
COUNT_CAP = 1000


@dataclass(frozen=True)
class MonitorFilters:
    feed_id: int | None = None
    outlet: str = ""
    speaker: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    page: int = 1

    def args(self) -> dict[str, Any]:
        """The filters as query-string arguments (for links that keep them)."""
        out: dict[str, Any] = {
            "feed": self.feed_id or "",
            "outlet": self.outlet,
            "speaker": self.speaker,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {k: v for k, v in out.items() if v}


@dataclass(frozen=True)
class MonitorRow:
    claim: Claim
    feed: Feed
    checked: bool
    match_score: float | None
    matched: Claim | None
    external: ExternalCheck | None


@dataclass
class MonitorPage:
    rows: list[MonitorRow] = field(default_factory=list)
    total: int = 0
    page: int = 1

    @property
    def capped(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def has_next(self) -> bool:
        return self.page * PER_PAGE < min(self.total, COUNT_CAP + 1)


def _filtered(stmt: Select[Any], f: MonitorFilters) -> Select[Any]:
    stmt = stmt.join(Claim, Claim.id == MonitoredClaim.claim_id).where(
        Claim.status == ClaimStatus.NEW, Claim.triage == Triage.SUGGESTED
    )
    if f.feed_id:
        stmt = stmt.where(MonitoredClaim.feed_id == f.feed_id)
    if f.outlet or f.date_from or f.date_to:
        stmt = stmt.join(Article, Article.id == Claim.article_id)
    if f.outlet:
        stmt = stmt.where(Article.outlet == f.outlet)
    if f.speaker:
        stmt = stmt.where(func.lower(Claim.speaker).contains(f.speaker.lower(), autoescape=True))
    if f.date_from:
        stmt = stmt.where(Article.published_on >= f.date_from)
    if f.date_to:
        stmt = stmt.where(Article.published_on <= f.date_to)
    return stmt


def page(session: Session, f: MonitorFilters) -> MonitorPage:
    """One page of the monitored new claims; the count stops at COUNT_CAP + 1."""
    counted = _filtered(select(MonitoredClaim.claim_id), f).limit(COUNT_CAP + 1).subquery()
    total = int(session.scalar(select(func.count()).select_from(counted)) or 0)
    last = max(1, -(-min(total, COUNT_CAP) // PER_PAGE))
    number = min(max(f.page, 1), last)
    stmt = (
        _filtered(select(MonitoredClaim), f)
        .options(
            joinedload(MonitoredClaim.claim).joinedload(Claim.article),
            joinedload(MonitoredClaim.feed),
        )
        .order_by(MonitoredClaim.checked.desc(), MonitoredClaim.checkworthiness.desc(), MonitoredClaim.claim_id.desc())
        .limit(PER_PAGE)
        .offset((number - 1) * PER_PAGE)
    )
    found = list(session.scalars(stmt).unique())
    matched_ids = [m.matched_claim_id for m in found if m.matched_claim_id]
    external_ids = [m.external_check_id for m in found if m.external_check_id]
    matched = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(matched_ids)))} if matched_ids else {}
    external = (
        {x.id: x for x in session.scalars(select(ExternalCheck).where(ExternalCheck.id.in_(external_ids)))}
        if external_ids
        else {}
    )
    rows = [
        MonitorRow(
            claim=m.claim,
            feed=m.feed,
            checked=m.checked,
            match_score=m.match_score,
            matched=matched.get(m.matched_claim_id or 0),
            external=external.get(m.external_check_id or 0),
        )
        for m in found
    ]
    return MonitorPage(rows, total, number)


def feed_choices(session: Session) -> list[tuple[int, str]]:
    return [(f.id, f.name) for f in session.scalars(select(Feed).order_by(Feed.title, Feed.id))]


def outlet_choices(session: Session) -> list[str]:
    """The outlets the feeds file their articles under."""
    stmt = select(Feed.outlet).where(Feed.outlet != "").distinct().order_by(Feed.outlet)
    return [str(o) for o in session.scalars(stmt)]


def failing_feeds(session: Session) -> int:
    """How many feeds failed their last poll (the Monitor page tells admins, who can fix them)."""
    return int(session.scalar(select(func.count(Feed.id)).where(Feed.last_error.is_not(None))) or 0)


def accept(session: Session, actor: User, claim: Claim, version: int | None = None) -> Claim:
    """Take a monitored claim for checking: triaged "accepted" (the desk will check it; readers count it) and
    assigned to `actor` (new -> in review)."""
    if not policy.can_view_monitor(actor) or not policy.can_edit_claim(actor, claim):
        raise PermissionDenied("Your account cannot take this claim for checking.")
    if claim.triage != Triage.ACCEPTED:
        claims.accept(session, actor, claim, version)
        version = None  # checked by the accept, whose change is ours
    return claims.assign(session, actor, claim, actor, version)
