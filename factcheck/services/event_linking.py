"""Which stored event an article's event is the same as (services/events.py links with it).

The stored events an article's events could be are read once per import: one statement per kind of event the
article names (meetings, visits, votes...), only those near its dates when all of them are dated, as plain rows.
They are indexed by party, so each of the article's events is held against the few stored events that share a
party with it (or name none). `same_event` decides (kind, parties, place, a date window), or a postponement: an
event moved to a later date is the event planned for the earlier one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from factcheck.claims import events_lexicon as lx
from factcheck.claims.event_links import WINDOW, same_event
from factcheck.claims.event_summary import MOVED
from factcheck.claims.events import Event as Found
from factcheck.claims.events import date_range
from factcheck.models import Event

MOVED_BY = dt.timedelta(days=92)  # how far a postponement may move an event
FAR = max(*WINDOW.values(), MOVED_BY)  # no two dates further apart than this are ever one event


@dataclass(frozen=True)
class Stored:
    id: int
    found: Found  # without mentions
    qualifier: str | None
    span: tuple[dt.date, dt.date] | None  # the days its date covers


def _far(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool:
    """Too far apart to be one event, whatever else they share (a cheap test before `same`)."""
    return a is not None and b is not None and (b[0] - a[1] > FAR or a[0] - b[1] > FAR)


def group_of(what: str) -> str:
    return lx.KIND_GROUPS.get(what, what)


def variants(e: Found) -> list[Found]:
    """The event, and for a postponed or rescheduled one the same event at each date its mentions give."""
    if not any(m.qualifier in MOVED for m in e.mentions):
        return [e]
    dates = {(m.date.value, m.date.precision) for m in e.mentions if m.date is not None}
    return [e] + [replace(e, date=v, precision=p, mentions=[]) for v, p in sorted(dates)]


def _spans(e: Found) -> list[tuple[dt.date, dt.date] | None]:
    return [date_range(v.date, v.precision) for v in variants(e)]


def _moved(earlier: tuple[dt.date, dt.date] | None, later: tuple[dt.date, dt.date] | None) -> bool:
    """A postponement moves an event later, by weeks or a few months at most."""
    return earlier is not None and later is not None and earlier[1] <= later[0] <= earlier[1] + MOVED_BY


def same(e: Found, c: Stored, forms: Sequence[Found] | None = None) -> bool:
    """Is `e` the stored event `c`? Also when one of them was postponed from the other's date (then the dates
    are not compared: the kind, the parties and the place must do). `forms`: variants(e), if known."""
    if any(same_event(v, c.found) for v in (forms if forms is not None else variants(e))):
        return True
    if e.qualifier not in MOVED and c.qualifier not in MOVED:
        return False
    mine, theirs = date_range(e.date, e.precision), date_range(c.found.date, c.found.precision)
    moved = (e.qualifier in MOVED and _moved(theirs, mine)) or (c.qualifier in MOVED and _moved(mine, theirs))
    undated = replace(c.found, date=None, precision=None)
    return moved and same_event(replace(e, date=None, precision=None), undated)


class Candidates:
    """The stored events the article's events (`events`) could be, read once."""

    def __init__(self, session: Session, events: Sequence[Found]) -> None:
        self.by_party: dict[str, list[Stored]] = defaultdict(list)
        self.alone: dict[str, list[Stored]] = defaultdict(list)  # stored events that name no party, by group
        self.all: dict[str, list[Stored]] = defaultdict(list)
        wanted: dict[str, list[Found]] = defaultdict(list)
        for e in events:
            wanted[group_of(e.what)].append(e)
        for group, found in wanted.items():
            for stored in self._load(session, group, found):
                self.all[group].append(stored)
                for party in stored.found.participants:
                    self.by_party[party].append(stored)
                if not stored.found.participants:
                    self.alone[group].append(stored)

    @staticmethod
    def _load(session: Session, group: str, found: list[Found]) -> list[Stored]:
        cols = (Event.id, Event.what, Event.participants, Event.place, Event.date, Event.precision, Event.status,
                Event.qualifier, Event.topic)  # fmt: skip
        stmt = select(*cols).where(Event.kind_group == group).order_by(Event.id)
        spans = [s for e in found for s in _spans(e)]
        if all(s is not None for s in spans):  # every event dated: only stored events near one of its dates
            lo = min(s[0] for s in spans if s) - FAR
            hi = max(s[1] for s in spans if s) + FAR
            stmt = stmt.where(or_(Event.date_from.is_(None), (Event.date_from <= hi) & (Event.date_to >= lo)))
        return [
            Stored(
                i,
                Found(what, list(parties or ()), place, date, precision, status, topic=topic),
                qualifier,
                date_range(date, precision),
            )
            for i, what, parties, place, date, precision, status, qualifier, topic in session.execute(stmt)
        ]

    def best(self, e: Found, taken: set[int]) -> int | None:
        """The stored event `e` is: most shared parties, then the same place, then the oldest; None if none."""
        group = group_of(e.what)
        if e.participants:
            pool = [c for p in e.participants for c in self.by_party.get(p, ())] + self.alone.get(group, [])
        else:
            pool = self.all.get(group, [])
        seen: set[int] = set()
        fits: list[Stored] = []
        forms = variants(e)
        spans = _spans(e)
        whole = None if None in spans else (min(s[0] for s in spans if s), max(s[1] for s in spans if s))
        for c in pool:
            if c.id in seen or c.id in taken or group_of(c.found.what) != group or _far(whole, c.span):
                continue
            seen.add(c.id)
            if same(e, c, forms):
                fits.append(c)
        if not fits:
            return None
        best = max(fits, key=lambda c: (len(set(c.found.participants) & set(e.participants)),
                                        c.found.place == e.place, -c.id))  # fmt: skip
        return best.id
