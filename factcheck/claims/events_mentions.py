"""Mentions of events inside one claim: what, who, where, when, and the words that give the status.

A claim names an event with a trigger ("meeting", "talks", "met", "a visit", "pull ... out of the INF Treaty").
Its participants are the people, countries and organisations named in the trigger's part of the clause; its
place a place named after "in", "at" (or "to", for a visit); its date the claim's date that speaks of it
(events_status.py); its status the status phrase nearest to it ("called off", "out of question"), else the tense
of the verb that governs it ("had invited ... during their summit": held). A summit of the G20 (or NATO, G7, or a
bare "the summit") that another event happens at is no event of its own there: it lends that event its place and
date. A summit named alone is an event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factcheck.claims import events_lexicon as lx
from factcheck.claims.dates import NormalizedDate
from factcheck.claims.events_names import Registry, names_in
from factcheck.claims.events_parts import (
    Trigger,
    definite,
    find_triggers,
    may_name_events,
    pair_words,
    parties,
    segment,
    window,
)
from factcheck.claims.events_status import Evidence, dates_of, evidence, status_of
from factcheck.claims.tense import cues


@dataclass(frozen=True)
class Mention:
    claim: tuple[int, int]
    start: int  # the trigger words
    end: int
    trigger: str
    what: str | None  # None: an anaphor ("the Buenos Aires disappointment") that only points at an event
    participants: tuple[str, ...]
    place: str | None
    date: NormalizedDate | None
    status: str
    words: str  # the words that gave the status ("called off", "past tense: had invited")
    evidence: tuple[Evidence, ...]
    qualifier: str | None = None  # postponed | rescheduled | online
    topic: str | None = None  # the treaty of a withdrawal
    another: bool = False  # "yet another meeting", "the next meeting": not one mentioned before
    pair: bool = False  # "their summit", "the two leaders" with nobody named: the parties of the last event
    place_at: tuple[int, int] | None = None  # where the place is named
    definite: bool = False  # "the meeting", "my previously scheduled meeting": an event named before

    def as_dict(self) -> dict[str, object]:
        return {
            "claim": list(self.claim),
            "start": self.start,
            "end": self.end,
            "trigger": self.trigger,
            "what": self.what,
            "participants": list(self.participants),
            "place": self.place,
            "place_at": None if self.place_at is None else list(self.place_at),
            "date": None if self.date is None else self.date.value,
            "precision": None if self.date is None else self.date.precision,
            "status": self.status,
            "words": self.words,
            "qualifier": self.qualifier,
            "evidence": [{"status": e.status, "words": e.words, "start": e.start, "end": e.end} for e in self.evidence],
        }


def _roles(triggers: list[Trigger]) -> tuple[list[Trigger], list[Trigger]]:
    """(event triggers, containers): summits with others at them are containers; an invitation is an event (a
    visit proposed) only when no other event is named next to it."""
    real = [t for t in triggers if t.container is None and t.kind != "invite"]
    boxes = [t for t in triggers if t.container is not None]
    if not any(t.kind != "anaphor" for t in real):
        real += [t for t in boxes if t.container != "summit"]  # "the G20 summit in Osaka": an event itself
        real += [Trigger("summit", t.start, t.end) for t in boxes if t.container == "summit"]
        boxes = []
        for t in real:
            t.container = None
    return real, boxes


def find_mentions(
    text: str, claim: tuple[int, int], dates: tuple[NormalizedDate, ...], reg: Registry, base: dt.date | None
) -> list[Mention]:
    """The event mentions of the claim text[claim[0]:claim[1]], in order."""
    start, end = claim
    if lx.STEM.search(text, start, end) is None:
        return []
    hits = may_name_events(text, start, end)
    if hits is None:
        return []
    names = names_in(text, start, end, reg)
    triggers = find_triggers(text, start, end, names, hits)
    real, boxes = _roles(triggers)
    for inv in (t for t in triggers if t.kind == "invite"):  # "invited Putin to Washington": a visit
        lo, hi = segment(text, start, end, inv.start, inv.end)
        places_after = any(e.kind in ("place", "country") and inv.end < e.start < hi for e in names)
        if places_after and not any(lo <= t.start < hi and t.kind != "anaphor" for t in real):
            real.append(inv)
    real.sort(key=lambda t: t.start)
    if not real:
        return []
    found = cues(text, start, end)
    verbs = [(c.start, c.end) for c in found]
    phrases = evidence(text, start, end, real)
    dated = [t for t in real if t.kind != "anaphor"] + boxes
    date_of = dates_of(text, claim, dates, dated, phrases, found)
    hosts = {b.container for b in boxes if b.container}
    box_place = None
    for b in boxes:
        box_place = box_place or parties(text, *segment(text, start, end, b.start, b.end), b, names, reg, set())[1]
    box_date = next((date_of[i] for i, t in enumerate(dated) if t.container and i in date_of), None)
    out: list[Mention] = []
    for t in real:
        lo, hi = window(text, start, end, t, verbs)
        people, place = parties(text, lo, hi, t, names, reg, hosts)
        if place is None:  # "the meeting will take place in Japan": after the verb, in the same part
            place = parties(text, *segment(text, start, end, t.start, t.end), t, names, reg, hosts)[1]
        place = place or (box_place if t.kind != "anaphor" else None)
        own = [e for e, x in phrases if x is t]
        k = next((i for i, x in enumerate(dated) if x is t), -1)
        date = date_of.get(k) or (box_date if t.kind != "anaphor" else None)
        status, words, qualifier = status_of(text, claim, t, own, date, base, found)
        pair = pair_words(text, start, t) and len(people) < 2
        if pair:  # "Trump had invited Putin ... during their summit": the people named before
            people += [e.name for e in names if e.kind == "person" and e.start < t.start and e.name not in people]
            people = list(dict.fromkeys(people))
        tm = lx.TRIGGER.match(text, t.start) if t.kind == "withdrawal" else None
        out.append(
            Mention(
                claim=claim,
                start=t.start,
                end=t.end,
                trigger=text[t.start : t.end],
                what=t.what,
                participants=tuple(people),
                place=place.name if place else None,
                date=date,
                status=status,
                words=words,
                evidence=tuple(own),
                qualifier=qualifier,
                topic=" ".join(tm.group("treaty").split()) if tm else None,
                another=lx.ANOTHER.search(text, max(start, t.start - 30), t.start) is not None,
                pair=pair and len(people) < 2,
                definite=definite(text, start, t),
                place_at=(place.start, place.end) if place else None,
            )
        )
    return out


__all__ = ["Evidence", "Mention", "find_mentions"]
