"""Reading events: the workbench timeline (events in date order with the claims, articles and verdicts behind
each), and what the claim page shows of a claim's events (its conflicts, verdicts on the same event elsewhere).
Each in a fixed number of statements, whatever the number of events, mentions and articles.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session, aliased, contains_eager, joinedload

from factcheck.models import Claim, Event, EventConflict, EventMention, Verdict, VerdictState
from factcheck.models.event import ConflictSide
from factcheck.services.event_rows import WHAT, WHERE, WHO

MAX_EVENTS = 200  # events one timeline page shows


@dataclass(frozen=True)
class TimelineFilters:
    participants: tuple[str, ...] = ()  # each must be a party (part of a name: "Putin")
    place: str = ""  # the place or its country
    q: str = ""  # words anywhere: a kind ("meeting"), a name, a place, a treaty
    event_id: int | None = None

    @property
    def empty(self) -> bool:
        return not (self.participants or self.place or self.q or self.event_id)


@dataclass
class MentionView:
    mention: EventMention  # with its article and claim loaded
    verdict: Verdict | None = None  # the claim's latest approved verdict

    @property
    def pieces(self) -> tuple[str, str, str]:
        """The mention's sentence cut around the words that gave its status (else its event words)."""
        return marked(self.mention.quote, self.mention.claim_start, *status_span(self.mention))


def status_span(m: EventMention) -> tuple[int, int]:
    phrase = next((p for p in m.phrases if p["status"] == m.status), None)
    return (phrase["start"], phrase["end"]) if phrase else (m.start, m.end)


@dataclass
class TimelineEvent:
    event: Event
    mentions: list[MentionView] = field(default_factory=list)
    conflicts: list[EventConflict] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len({m.mention.article_id for m in self.mentions})

    @property
    def checked(self) -> list[MentionView]:
        return [m for m in self.mentions if m.verdict is not None]


@dataclass
class Timeline:
    events: list[TimelineEvent]
    filters: TimelineFilters
    more: bool  # more events match than MAX_EVENTS


def _like(value: str) -> str:
    return value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _between(start: str, value: str, end: str) -> ColumnElement[bool]:
    """Event.search holds `value` between two section marks (services/event_rows.search_key)."""
    return Event.search.like(f"%{start}%{_like(value)}%{end}%", escape="\\")


def _filtered(stmt: Select[Any], f: TimelineFilters) -> Select[Any]:
    if f.event_id is not None:
        stmt = stmt.where(Event.id == f.event_id)
    for name in f.participants:
        stmt = stmt.where(_between(WHO, name, WHERE))
    if f.place:
        stmt = stmt.where(_between(WHERE, f.place, WHAT))
    for word in f.q.split():
        stmt = stmt.where(Event.search.like(f"%{_like(word)}%", escape="\\"))
    return stmt


def latest_approved(session: Session, claim_ids: Iterable[int]) -> dict[int, Verdict]:
    """Claim id -> its latest approved verdict with its rating (one statement)."""
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    latest = (
        select(func.max(Verdict.id))
        .where(Verdict.claim_id.in_(ids), Verdict.state == VerdictState.APPROVED)
        .group_by(Verdict.claim_id)
    )
    stmt = select(Verdict).where(Verdict.id.in_(latest)).options(joinedload(Verdict.rating))
    return {v.claim_id: v for v in session.scalars(stmt)}


def timeline(session: Session, filters: TimelineFilters) -> Timeline:
    """Events in date order (undated last) with their mentions, verdicts and conflicts: four statements."""
    stmt = _filtered(select(Event), filters)
    stmt = stmt.order_by(Event.date_from.is_(None), Event.date_from, Event.id).limit(MAX_EVENTS + 1)
    found = list(session.scalars(stmt))
    shown = {e.id: TimelineEvent(e) for e in found[:MAX_EVENTS]}
    if not shown:
        return Timeline([], filters, more=False)
    mentions = list(
        session.scalars(
            select(EventMention)
            .where(EventMention.event_id.in_(list(shown)))
            .options(joinedload(EventMention.article), joinedload(EventMention.claim))
            .order_by(EventMention.event_id, EventMention.article_id, EventMention.start)
        )
    )
    verdicts = latest_approved(session, (m.claim_id for m in mentions if m.claim_id is not None))
    for m in mentions:
        shown[m.event_id].mentions.append(MentionView(m, verdicts.get(m.claim_id or 0)))
    conflicts = session.scalars(
        select(EventConflict).where(EventConflict.event_id.in_(list(shown))).order_by(EventConflict.id)
    )
    for c in conflicts:
        shown[c.event_id].conflicts.append(c)
    for item in shown.values():
        item.mentions.sort(key=_in_print_order)
    return Timeline(list(shown.values()), filters, more=len(found) > MAX_EVENTS)


def _in_print_order(view: MentionView) -> tuple[bool, dt.date, int, int]:
    """Each article in the order it was published (undated ones first), then in text order."""
    m = view.mention
    day = m.article.published_on
    return day is not None, day or dt.date.min, m.article_id, m.start


def marked(quote: str, claim_start: int, start: int, end: int) -> tuple[str, str, str]:
    """The sentence `quote` (which starts at `claim_start` in its text) cut around text[start:end]."""
    a, b = start - claim_start, end - claim_start
    if not (0 <= a <= b <= len(quote)):
        return quote, "", ""
    return quote[:a], quote[a:b], quote[b:]


@dataclass
class ConflictView:
    """A disagreement seen from one claim: what this claim says, and what the other one says."""

    conflict: EventConflict
    mine: EventMention
    mine_side: ConflictSide
    other: EventMention  # with its article and claim loaded
    other_side: ConflictSide

    def words(self, mention: EventMention, side: ConflictSide) -> tuple[str, str, str]:
        return marked(mention.quote, mention.claim_start, side["start"], side["end"])


@dataclass
class ClaimEvents:
    mentions: list[EventMention] = field(default_factory=list)  # the claim's mentions, with their events
    conflicts: list[ConflictView] = field(default_factory=list)
    elsewhere: list[Verdict] = field(default_factory=list)  # latest approved verdicts of others about those events


def claim_events(session: Session, claim_id: int) -> ClaimEvents:
    """What the claim page shows of the claim's events: three statements."""
    mine = list(
        session.scalars(
            select(EventMention)
            .join(EventMention.event)
            .where(EventMention.claim_id == claim_id)
            .options(contains_eager(EventMention.event))
            .order_by(EventMention.start)
        )
    )
    if not mine:
        return ClaimEvents()
    ids = [m.id for m in mine]
    a_m, b_m = EventConflict.a_mention, EventConflict.b_mention
    conflicts = session.scalars(
        select(EventConflict)
        .where(or_(EventConflict.a_mention_id.in_(ids), EventConflict.b_mention_id.in_(ids)))
        .options(
            joinedload(a_m).joinedload(EventMention.article),
            joinedload(a_m).joinedload(EventMention.claim),
            joinedload(b_m).joinedload(EventMention.article),
            joinedload(b_m).joinedload(EventMention.claim),
        )
        .order_by(EventConflict.id)
    )
    views = []
    for c in conflicts:
        if c.a_mention_id in ids:
            views.append(ConflictView(c, c.a_mention, c.a, c.b_mention, c.b))
        else:
            views.append(ConflictView(c, c.b_mention, c.b, c.a_mention, c.a))
    return ClaimEvents(mine, views, _elsewhere(session, claim_id, {m.event_id for m in mine}))


def _elsewhere(session: Session, claim_id: int, event_ids: set[int]) -> list[Verdict]:
    """Approved verdicts (the latest of each claim) on other claims about these events (one statement)."""
    others = select(EventMention.claim_id).where(
        EventMention.event_id.in_(sorted(event_ids)), EventMention.claim_id != claim_id
    )
    latest = (
        select(func.max(Verdict.id))
        .where(Verdict.claim_id.in_(others), Verdict.state == VerdictState.APPROVED)
        .group_by(Verdict.claim_id)
    )
    claim = aliased(Claim)
    stmt = (
        select(Verdict)
        .join(claim, Verdict.claim)
        .where(Verdict.id.in_(latest))
        .options(joinedload(Verdict.rating), contains_eager(Verdict.claim.of_type(claim)).joinedload(claim.article))
        .order_by(Verdict.id)
    )
    return list(session.scalars(stmt))


def claims_with_conflicts() -> Select[Any]:
    """The ids of claims that one side of a disagreement stands on (for the queue's "conflicts" filter)."""
    on_either = or_(EventConflict.a_mention_id == EventMention.id, EventConflict.b_mention_id == EventMention.id)
    return select(EventMention.claim_id).join(EventConflict, on_either).where(EventMention.claim_id.is_not(None))
