"""What an event is, summed up from every article's mentions of it (pure: no storage).

The rules are those of one article's finder (events.py), applied across articles, with an order for ties:
mentions are given oldest article first. The kind is the one most mentions give; the parties are everyone the
mentions name; the place is a city rather than its country; the date is the most precise one (of a postponed
or rescheduled event, the latest such date: its new date), the latest article's when they tie; the status is
the one that ranks highest (a meeting held outranks its cancellation, which outranks its plan), as in one
article; the qualifier (postponed, rescheduled, online) comes with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from factcheck.claims import events_gazetteer as gz
from factcheck.claims import events_lexicon as lx
from factcheck.claims.events import PRECISION_RANK, Event
from factcheck.claims.events_mentions import Mention

MOVED = frozenset({"postponed", "rescheduled"})


def _what(ordered: Sequence[Mention]) -> str:
    kinds = [m.what for m in ordered if m.what]
    if not kinds:
        return ""
    counts = Counter(kinds)
    top = max(counts.values())
    return next(k for k in kinds if counts[k] == top)  # the first of the most frequent


def _place(ordered: Sequence[Mention]) -> str | None:
    places = [m.place for m in reversed(ordered) if m.place]  # the latest article first
    cities = [p for p in places if gz.country_of(p) != p]
    return next(iter(cities or places), None)


def _date(ordered: Sequence[Mention], moved: bool) -> tuple[str | None, str | None]:
    dated = [m.date for m in reversed(ordered) if m.date is not None]
    if not dated:
        return None, None
    best = max(PRECISION_RANK[d.precision] for d in dated)
    finest = [d for d in dated if PRECISION_RANK[d.precision] == best]
    chosen = max(finest, key=lambda d: d.value) if moved else finest[0]
    return chosen.value, chosen.precision


def summarize(ordered: Sequence[Mention]) -> Event:
    """The event that mentions (oldest article first, in text order within one) speak of."""
    status = max((m.status for m in ordered), key=lambda s: lx.STATUS_RANK[s], default="unknown")
    qualifier = _qualifier(ordered, status)
    date, precision = _date(ordered, qualifier in MOVED)
    parties: list[str] = []
    for m in ordered:
        parties += [p for p in m.participants if m.what is not None and p not in parties]
    return Event(
        what=_what(ordered),
        participants=parties,
        place=_place(ordered),
        date=date,
        precision=precision,
        status=status,
        mentions=list(ordered),
        topic=next((m.topic for m in ordered if m.topic), None),
    )


def _qualifier(ordered: Sequence[Mention], status: str) -> str | None:
    latest_first = list(reversed(ordered))
    own = next((m.qualifier for m in latest_first if m.qualifier and m.status == status), None)
    return own or next((m.qualifier for m in latest_first if m.qualifier), None)


def qualifier_of(event: Event) -> str | None:
    """The qualifier of a summarised event: that of the latest mention with its status, else the latest one."""
    return _qualifier(event.mentions, event.status)
