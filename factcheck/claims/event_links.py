"""Events across articles: is it the same event, which events are one, where do the articles disagree.

Pure Python, no storage: the caller gives events keyed by their article (an id or an index) and, for the checks
that need it, each article's publication date. Two events are the same when their kinds agree, their parties
overlap (two-party events share both parties), their places are compatible and their dates fall within a window
that grows with the coarser precision (a week around a day, some weeks around a month), so that "scheduled for
November 11" and "November 12" are one meeting whose articles disagree; two places that cannot both be right
are the same event only when both give the same day and the same two parties. Findings name both mentions: article,
claim offsets, the words, and their offsets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from factcheck.claims import events_lexicon as lx
from factcheck.claims.events import Event, date_range, dates_compatible, kinds_compatible, places_compatible
from factcheck.claims.events_mentions import Mention

K = TypeVar("K", bound=Hashable)  # an article's id or index
# how far apart two dates may be and still be one event, by the coarser precision
WINDOW = {"day": dt.timedelta(days=7), "week": dt.timedelta(days=10), "month": dt.timedelta(days=45),
          "year": dt.timedelta(days=400)}  # fmt: skip
SCHEMA = "https://schema.org/"
_SCHEMA_STATUS = {"planned": "EventScheduled", "held": "EventScheduled", "cancelled": "EventCancelled"}
_SCHEMA_QUALIFIER = {"postponed": "EventPostponed", "rescheduled": "EventRescheduled", "online": "EventMovedOnline"}


def schema_event_status(status: str, qualifier: str | None = None) -> str | None:
    """schema.org eventStatus for an event's status: planned and held events are EventScheduled (schema.org
    uses it for events that take or took place as scheduled), cancelled ones EventCancelled; a postponed,
    rescheduled or online event says so. A refused, proposed or threatened event never was on a schedule: None."""
    if qualifier in _SCHEMA_QUALIFIER and status in ("planned", "held"):
        return SCHEMA + _SCHEMA_QUALIFIER[qualifier]
    name = _SCHEMA_STATUS.get(status)
    return None if name is None else SCHEMA + name


def dates_near(a: str | None, pa: str | None, b: str | None, pb: str | None) -> bool:
    """Within the window of the coarser precision (or one unknown)."""
    ra, rb = date_range(a, pa), date_range(b, pb)
    if ra is None or rb is None:
        return True
    coarse = max((pa or "day", pb or "day"), key=lambda p: WINDOW[p])
    gap = max(ra[0] - rb[1], rb[0] - ra[1], dt.timedelta(0))
    return gap <= WINDOW[coarse]


def same_event(a: Event, b: Event) -> bool:
    """Are two events (of different articles, or of one) the same event?"""
    if not kinds_compatible(a.what, b.what) or (a.topic and b.topic and a.topic != b.topic):
        return False
    if not dates_near(a.date, a.precision, b.date, b.precision):
        return False
    shared = set(a.participants) & set(b.participants)
    two_party = lx.KIND_GROUPS.get(a.what) == "meeting" or a.what in lx.TWO_PARTY
    parties = False
    if a.participants and b.participants:
        small = min(set(a.participants), set(b.participants), key=len)
        parties = len(shared) >= (min(2, len(small)) if two_party else 1) or small <= shared
    if not places_compatible(a.place, b.place):  # one meeting said to be in two cities: same parties, same day
        same_day = a.precision == b.precision == "day" and a.date == b.date
        return parties and same_day and len(shared) >= 2
    if a.participants and b.participants:
        return parties
    return a.place is not None and b.place is not None and a.date is not None and b.date is not None


def cluster(events: Sequence[tuple[K, Event]]) -> list[list[tuple[K, Event]]]:
    """Groups of the same event, in order of their first member; events of one article are never merged here
    (the article's own finder decided they differ)."""
    parent = list(range(len(events)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (ka, a) in enumerate(events):
        for j in range(i):
            kb, b = events[j]
            if ka != kb and find(i) != find(j) and same_event(a, b):
                parent[find(i)] = find(j)
    groups: dict[int, list[tuple[K, Event]]] = {}
    for i, item in enumerate(events):
        groups.setdefault(find(i), []).append(item)
    return list(groups.values())


@dataclass(frozen=True)
class Side:
    """One side of a finding: which article, which claim, which words."""

    article: Hashable
    claim: tuple[int, int]
    words: str
    start: int
    end: int
    value: str  # the date, place or status this side gives

    def as_dict(self) -> dict[str, object]:
        return {"article": self.article, "claim": list(self.claim), "words": self.words, "start": self.start,
                "end": self.end, "value": self.value}  # fmt: skip


@dataclass(frozen=True)
class Finding:
    kind: str  # date | place | status | status_in_article
    detail: str
    a: Side
    b: Side

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "detail": self.detail, "a": self.a.as_dict(), "b": self.b.as_dict()}


def _date_side(key: Hashable, m: Mention) -> Side | None:
    d = m.date
    return None if d is None else Side(key, m.claim, d.text, d.start, d.end, d.value)


def _place_side(key: Hashable, m: Mention) -> Side | None:
    if m.place is None or m.place_at is None:
        return None
    return Side(key, m.claim, m.place, m.place_at[0], m.place_at[1], m.place)


def _status_side(key: Hashable, m: Mention) -> Side:
    ev = next((e for e in m.evidence if e.status == m.status), None)
    if ev is not None:
        return Side(key, m.claim, ev.words, ev.start, ev.end, m.status)
    return Side(key, m.claim, m.trigger, m.start, m.end, m.status)  # a status read off the tense: its event word


_NEVER_BOTH = {frozenset({"held", "cancelled"}), frozenset({"held", "refused"})}


def _statuses_clash(sa: str, sb: str) -> bool:
    return frozenset({sa, sb}) in _NEVER_BOTH


def _pair(kind: str, detail: str, a: Side | None, b: Side | None) -> list[Finding]:
    return [] if a is None or b is None else [Finding(kind, detail, a, b)]


_MOVED = frozenset({"postponed", "rescheduled"})


def _across(ka: Hashable, ma: Mention, kb: Hashable, mb: Mention, moved: bool = False) -> list[Finding]:
    """What two articles' mentions of one event disagree on. The dates of an event that was moved (postponed,
    rescheduled) are its old one and its new one: no disagreement."""
    out: list[Finding] = []
    da, db = ma.date, mb.date
    moved = moved or bool({ma.qualifier, mb.qualifier} & _MOVED)
    if da and db and not moved and not dates_compatible(da.value, da.precision, db.value, db.precision):
        out += _pair("date", f"{da.value} vs {db.value}", _date_side(ka, ma), _date_side(kb, mb))
    if ma.place and mb.place and not places_compatible(ma.place, mb.place):
        out += _pair("place", f"{ma.place} vs {mb.place}", _place_side(ka, ma), _place_side(kb, mb))
    if _statuses_clash(ma.status, mb.status):
        out.append(Finding("status", f"{ma.status} vs {mb.status}", _status_side(ka, ma), _status_side(kb, mb)))
    return out


def _within(key: Hashable, e: Event, published: dt.date | None) -> list[Finding]:
    """Statuses one article gives an event that cannot both hold: held and cancelled (or refused), or held
    and still to come although its date is before publication."""
    out: list[Finding] = []
    for i, ma in enumerate(e.mentions):
        for mb in e.mentions[i + 1 :]:
            clash = _statuses_clash(ma.status, mb.status)
            if not clash and {ma.status, mb.status} == {"held", "planned"} and published is not None:
                planned = ma if ma.status == "planned" else mb
                when = planned.date or next((m.date for m in e.mentions if m.date), None)
                upcoming = not planned.words.lower().startswith(("was ", "were ", "had ", "scheduled", "planned"))
                clash = when is not None and upcoming and when.value < published.isoformat()[: len(when.value)]
            if clash:
                detail = f"{ma.status} vs {mb.status} in one article"
                out.append(Finding("status_in_article", detail, _status_side(key, ma), _status_side(key, mb)))
    return out


def _across_group(group: Sequence[tuple[K, Event]], moved: bool = False) -> list[Finding]:
    found: list[Finding] = []
    for i, (ka, a) in enumerate(group):
        for kb, b in group[i + 1 :]:
            if ka != kb:
                found += [f for ma in a.mentions for mb in b.mentions for f in _across(ka, ma, kb, mb, moved)]
    return found


def _one_per_pair(found: list[Finding]) -> list[Finding]:
    out: dict[tuple[object, ...], Finding] = {}  # one finding per kind and pair of claims (the first mention's)
    for f in found:
        out.setdefault((f.kind, f.a.article, f.a.claim, f.b.article, f.b.claim), f)
    return list(out.values())


def contradictions(
    events: Sequence[tuple[K, Event]], published: Mapping[K, dt.date | None] | None = None
) -> list[Finding]:
    """Typed findings over events of several articles: dates, places and statuses that disagree between two
    articles about one event, and statuses inside one article that cannot both hold."""
    published = published or {}
    found = [f for key, e in events for f in _within(key, e, published.get(key))]
    for group in cluster(events):
        found += _across_group(group)
    return _one_per_pair(found)


def conflicts_in_event(
    members: Sequence[tuple[K, Event]], published: Mapping[K, dt.date | None] | None = None
) -> list[Finding]:
    """The findings of `contradictions` for the articles' views of an event already known to be one (a stored
    event, which a reviewer may have merged by hand): no clustering, every pair of articles is compared. When
    any article says the event was moved, its dates differ by design and are not compared."""
    published = published or {}
    found = [f for key, e in members for f in _within(key, e, published.get(key))]
    moved = any(m.qualifier in _MOVED for _, e in members for m in e.mentions)
    return _one_per_pair(found + _across_group(members, moved))
