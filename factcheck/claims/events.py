"""Events of an article: dated claims become events (what, who, where, when, status) with the claims behind them.

Pure Python, no Flask. `extract_events(text, published)` finds event mentions in the article's claims
(events_mentions.py) and merges the mentions of one event: "the snub at the G20 summit in Buenos Aires where
Trump called off meeting with Putin", "Trump's sudden backtracking from talks with Putin in Argentina" and "the
Buenos Aires disappointment" are one event, because their kinds agree, their parties overlap and their places
are compatible (Buenos Aires is in Argentina). Every rule is explainable; each mention keeps the words that gave
its status. Precision comes before recall: an event needs two parties (one for a visit, a vote, a withdrawal),
or a place and a date; an anaphor ("the snub") never makes an event on its own.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace
from functools import lru_cache

from factcheck.claims import events_gazetteer as gz
from factcheck.claims import events_lexicon as lx
from factcheck.claims.events_mentions import Mention, find_mentions
from factcheck.claims.events_names import build_registry
from factcheck.claims.extract import ExtractedClaim, base_date, extract_claims

PRECISION_RANK = {"day": 4, "week": 3, "month": 2, "year": 1}
_RECENT = 40  # a mention is compared with this many of the latest events (of its kind) at most


@dataclass
class Event:
    what: str
    participants: list[str]
    place: str | None
    date: str | None
    precision: str | None
    status: str
    mentions: list[Mention] = field(default_factory=list)
    topic: str | None = None

    @property
    def claims(self) -> list[list[int]]:
        return [list(c) for c in sorted({m.claim for m in self.mentions})]

    @property
    def qualifier(self) -> str | None:
        return next((m.qualifier for m in self.mentions if m.qualifier), None)

    def as_dict(self) -> dict[str, object]:
        """Exactly the public keys: what, participants, place, date, precision, status, claims."""
        return {
            "what": self.what,
            "participants": list(self.participants),
            "place": self.place,
            "date": self.date,
            "precision": self.precision,
            "status": self.status,
            "claims": self.claims,
        }

    def detail(self) -> dict[str, object]:
        """as_dict plus the evidence: topic, qualifier and every mention with its words and offsets."""
        return {**self.as_dict(), "topic": self.topic, "qualifier": self.qualifier,
                "mentions": [m.as_dict() for m in self.mentions]}  # fmt: skip


def places_compatible(a: str | None, b: str | None) -> bool:
    """Same place, or one inside the other (Buenos Aires and Argentina), or one unknown."""
    if a is None or b is None or a == b:
        return True
    ca, cb = gz.country_of(a), gz.country_of(b)
    return ca is not None and ca == cb and (a == ca or b == cb)


@lru_cache(maxsize=4096)
def date_range(value: str | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a date value covers: a day, a week from its Monday, a month, a year."""
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day + dt.timedelta(days=6 if precision == "week" else 0)
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], calendar.monthrange(*parts)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def dates_compatible(a: str | None, pa: str | None, b: str | None, pb: str | None) -> bool:
    """Both can be true: one range overlaps the other ("2018-11" and "2018-11-11"), or one is unknown."""
    ra, rb = date_range(a, pa), date_range(b, pb)
    return ra is None or rb is None or (ra[0] <= rb[1] and rb[0] <= ra[1])


def kinds_compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or lx.KIND_GROUPS.get(a, a) == lx.KIND_GROUPS.get(b, b)


def _fits(e: Event, m: Mention) -> bool:
    """May mention `m` be one more mention of event `e`? (cheap tests first: this runs for every candidate)"""
    shared = set(e.participants).intersection(m.participants)
    if m.participants and e.participants and not shared and m.what is not None:
        return False
    if not kinds_compatible(e.what, m.what) or not places_compatible(e.place, m.place):
        return False
    if m.topic and e.topic and m.topic != e.topic:
        return False
    date = None if m.date is None else m.date.value
    moved = bool({e.qualifier, m.qualifier} & _MOVED)  # a postponed vote has its old date and its new one
    if not moved and not dates_compatible(e.date, e.precision, date, m.date.precision if m.date else None):
        return False
    if m.what is None:  # an anaphor ("the Buenos Aires disappointment for Russia"): it must say where, or who
        return (m.place is not None and e.place is not None) or bool(shared)
    if not m.participants:  # "the meeting": an event of that very kind, between people the article named
        return m.definite and (m.what == e.what or len(e.participants) >= 2) and not (m.another or m.pair)
    if not e.participants:
        return m.place is not None and e.place is not None
    if len(m.participants) >= 2 and len(e.participants) >= 2:
        small, big = sorted((set(m.participants), set(e.participants)), key=len)
        if len(shared) < 2 and not small <= big:
            return False  # Trump and Xi are not Trump and Putin
    if not shared:
        return False
    if _opposed(e, m, date):
        return False
    agree = (m.place and e.place) or (date and e.date) or (m.topic and m.topic == e.topic)
    return bool(agree) or len(shared) >= 2 or not (m.place or date)


_LOOKING_AHEAD = frozenset({"planned", "proposed", "threatened"})
_MOVED = frozenset({"postponed", "rescheduled"})


def _opposed(e: Event, m: Mention, date: str | None) -> bool:
    """A mention that looks ahead and an event that was held (or the other way round) are two events unless
    they are placed or dated alike: "they met in July" and "he might meet him" are not one meeting."""
    if (m.place and e.place) or (date and e.date):
        return False
    return (m.status == "held" and e.status in _LOOKING_AHEAD) or (m.status in _LOOKING_AHEAD and e.status == "held")


def _add(e: Event, m: Mention) -> None:
    e.mentions.append(m)
    for p in m.participants if m.what is not None else ():
        if p not in e.participants:
            e.participants.append(p)
    if m.place and (e.place is None or gz.country_of(e.place) == e.place != m.place):
        e.place = m.place  # the city rather than its country
    later = m.date is not None and e.date is not None and m.date.value > e.date and bool(e.qualifier in _MOVED)
    if m.date is not None and (
        e.date is None or later or PRECISION_RANK[m.date.precision] > PRECISION_RANK[e.precision or "year"]
    ):
        e.date, e.precision = m.date.value, m.date.precision  # the most precise date; a moved event's new one
    if lx.STATUS_RANK[m.status] > lx.STATUS_RANK[e.status]:
        e.status = m.status
    e.what = e.what if e.what != "" else (m.what or "")
    e.topic = e.topic or m.topic


def _new(m: Mention, parties: list[str]) -> Event:
    e = Event(m.what or "", list(parties), None, None, None, "unknown")
    _add(e, m)
    return e


def _valid(e: Event) -> bool:
    if not e.what:
        return False
    if e.what in lx.TWO_PARTY:
        return len(e.participants) >= 2 or (e.place is not None and e.date is not None)
    return bool(e.participants) or (e.place is not None and e.date is not None)


def merge_mentions(mentions: list[Mention]) -> list[Event]:
    """Group the mentions of one article into events, in order of first mention: each mention joins the latest
    event it fits (of its kind), or starts a new one; "yet another meeting" always starts one, with the parties
    of the last meeting, and an anaphor never does."""
    events: list[Event] = []
    by_group: dict[str, list[Event]] = {}
    for m in mentions:
        group = lx.KIND_GROUPS.get(m.what or "", m.what or "")
        pool = events[-_RECENT:] if m.what is None else by_group.get(group, [])[-_RECENT:]
        last = next((e for e in reversed(pool) if len(e.participants) >= 2), None)
        parties = list(m.participants)
        if ((m.another and not parties) or (m.pair and len(parties) < 2)) and last is not None:
            parties += [p for p in last.participants if p not in parties]  # "their summit": the last two
        m = m if tuple(parties) == m.participants else replace(m, participants=tuple(parties))
        target = None if m.another else next((e for e in reversed(pool) if _fits(e, m)), None)
        if target is not None:
            _add(target, m)
        elif m.what is not None:
            events.append(_new(m, parties))
            by_group.setdefault(group, []).append(events[-1])
    return [e for e in events if _valid(e)]


def extract_events(
    text: str, published: dt.date | None = None, claims: list[ExtractedClaim] | None = None
) -> list[Event]:
    """The events of an article, from its claims (extracted here when not given), in order of first mention.

    Offsets (`Event.claims`, mention offsets) are code points in `text`, as the claims' are.
    """
    if claims is None:
        claims = extract_claims(text, published)
    if not claims:
        return []
    base, _ = base_date(text, published)
    reg = build_registry(text, published)
    mentions: list[Mention] = []
    for c in claims:
        mentions.extend(find_mentions(text, (c.start, c.end), c.dates, reg, base))
    return merge_mentions(mentions)
