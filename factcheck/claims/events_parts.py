"""The parts of a claim an event mention is made of: its triggers, the part of the clause around each, and the
parties and place named there."""

from __future__ import annotations

import re
from dataclasses import dataclass

from factcheck.claims import events_gazetteer as gz
from factcheck.claims import events_lexicon as lx
from factcheck.claims.events_names import Entity, Registry, names_in
from factcheck.claims.tense import Boundaries

_PARTS = Boundaries(
    lx.words(
        "that which who where when while whereas after before because although though but as since until unless "
        "if so during amid despite following citing"
    ),
    re.compile(
        r"\b(?:in\s+the\s+wake\s+of|due\s+to(?!\s+(?:be|take|meet|hold|start|begin|open|visit|sign|vote|"
        r"end|arrive|travel)\b))\b",
        re.IGNORECASE,
    ),
    hints=("wake of", "due to"),
)
_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside|to|into)\s+(?:the\s+)?(?:city\s+of\s+)?$", re.IGNORECASE)
_MODIFIER = re.compile(r"\s+(?!and\b|or\b|on\b|in\b|at\b|to\b|for\b|with\b|was\b|is\b|has\b|had\b)[a-z]")
_TITLE_AFTER = re.compile(r"\s+(?:President|Prime\s+Minister|Chancellor|Foreign\s+Minister|leader|president)\b")
_TO = re.compile(r"\b(?:to|into)\s+(?:the\s+)?$", re.IGNORECASE)
_CONTAINED = re.compile(
    r"\b(?:at|during|on\s+the\s+(?:sidelines|margins)\s+of|ahead\s+of|before|after)\s+(?:the\s+)?(?:\d{4}\s+)?$",
    re.IGNORECASE,
)
_ELECTED = re.compile(r"\b(?:was|were|been|be|is|are|being|got)\s+(?:\w+\s+)?$", re.IGNORECASE)
_PAIR = re.compile(
    r"\b(?:their|both\s+(?:leaders|men|presidents|sides)|the\s+two(?:\s+(?:leaders|men|presidents|sides))?|"
    r"the\s+pair)\b",
    re.IGNORECASE,
)
_PRONOUN = re.compile(r"\W*(?:he|she)\b", re.IGNORECASE)
_LATTER = re.compile(r"\bthe\s+(?P<which>latter|former)\b", re.IGNORECASE)
_VERB_KINDS = frozenset({"withdrawal", "signing", "call", "invite"})
_VERB_WORDS = frozenset({"meet", "meets", "met", "visited", "visiting", "voted", "elected", "re-elected", "reelected"})
_INVITE = re.compile(r"\binvit(?:ed|es|ing)\b", re.IGNORECASE)


@dataclass
class Trigger:
    kind: str  # a group of lx.TRIGGER, or "invite"
    start: int
    end: int
    container: str | None = None  # a summit others happen at: its host ("G20"), or "summit" for a bare one

    @property
    def what(self) -> str | None:
        return None if self.kind == "anaphor" else "visit" if self.kind == "invite" else lx.WHAT[self.kind]


def segment(text: str, start: int, end: int, a: int, b: int) -> tuple[int, int]:
    """The part of text[start:end] around text[a:b] between two clause boundaries."""
    return _PARTS.segment(text, start, end, a, b)


def nearest(spans: list[tuple[int, int]], a: int, b: int) -> tuple[int, int]:
    """(index, distance) of the span nearest to text[a:b] (distance 0 when they overlap); (-1, big) if none."""
    best, best_d = -1, 1 << 30
    for i, (s, e) in enumerate(spans):
        d = 0 if (s < b and a < e) else (a - e if e <= a else s - b)
        if d < best_d:
            best, best_d = i, d
    return best, best_d


def may_name_events(text: str, start: int, end: int) -> list[re.Match[str]] | None:
    """The trigger words of text[start:end], or None when it names no event at all (no trigger, no invitation,
    no summit host): the names need not be looked up then."""
    hits = lx.scan(lx.TRIGGER, lx.TRIGGER_STEMS, text, start, end)
    if hits or _INVITE.search(text, start, end) or any(text.find(h, start, end) >= 0 for h in gz.HOST_HINTS):
        return hits
    return None


def find_triggers(text: str, start: int, end: int, names: list[Entity], hits: list[re.Match[str]]) -> list[Trigger]:
    """Event words of the claim, in order; summits that others happen at are marked as containers."""
    found: list[Trigger] = []
    for m in hits:
        kind = m.lastgroup or ""
        if kind == "election" and m.group(0).lower() == "elected" and not _ELECTED.search(text, start, m.start()):
            continue  # "elected officials"
        host = next((e.name for e in names if e.kind == "org" and 0 <= m.start() - e.end <= 12), None)
        if kind == "summit" and host in gz.SUMMIT_HOSTS:
            found.append(Trigger(kind, m.start(), m.end(), host))
        elif kind == "summit" and _CONTAINED.search(text, max(start, m.start() - 40), m.start()):
            found.append(Trigger(kind, m.start(), m.end(), "summit"))  # "on the sidelines of the summit"
        else:
            found.append(Trigger(kind, m.start(), m.end()))
    for e in names:  # "at the G20 in Buenos Aires": a summit without the word
        bare = e.name in gz.SUMMIT_HOSTS and not any(t.container == e.name for t in found)
        if bare and _CONTAINED.search(text, max(start, e.start - 40), e.start):
            found.append(Trigger("summit", e.start, e.end, e.name))
    found.extend(Trigger("invite", m.start(), m.end()) for m in _INVITE.finditer(text, start, end))
    found.sort(key=lambda t: t.start)
    return found


def window(text: str, start: int, end: int, t: Trigger, verbs: list[tuple[int, int]]) -> tuple[int, int]:
    """The part of the clause whose names belong to the trigger: its segment; for a noun, only up to the verb
    that follows it ("talks with Putin in Argentina | shocked the Russians")."""
    lo, hi = segment(text, start, end, t.start, t.end)
    if t.kind not in _VERB_KINDS and text[t.start : t.end].lower() not in _VERB_WORDS:
        hi = min([hi] + [a for a, _ in verbs if a >= t.end])
    return lo, hi


def _one_person_before(text: str, pos: int, reg: Registry) -> str | None:
    """ "He" opening a clause: the one person named in the 250 characters before it, if only one."""
    lo = max(0, pos - 250, text.rfind("\n", 0, pos) + 1)  # within its paragraph
    people = {e.name for e in names_in(text, lo, pos, reg) if e.kind == "person"}
    return people.pop() if len(people) == 1 else None


def _latter(text: str, pos: int, which: str, reg: Registry) -> str | None:
    """ "the latter"/"the former": the last, or the one before, of the two people named just before (of the
    two parties, when fewer than two people are named)."""
    named = names_in(text, max(0, pos - 300), pos, reg)
    people = list(dict.fromkeys(e.name for e in named if e.kind == "person"))
    seen = people if len(people) >= 2 else list(dict.fromkeys(e.name for e in named if e.kind in ("person", "country")))
    if len(seen) < 2:
        return None
    return seen[-1] if which == "latter" else seen[-2]


def parties(
    text: str, lo: int, hi: int, t: Trigger, names: list[Entity], reg: Registry, hosts: set[str]
) -> tuple[list[str], Entity | None]:
    """(participants, place) named in text[lo:hi] for the trigger; `hosts` (summits it happens at) are no party.

    A place or a country after "in", "at" (or "to", for a visit) is where; a capital named alone stands for its
    government ("talks between Washington and Moscow"); a country right before a title is an adjective ("U.S.
    President Donald Trump")."""
    people: list[tuple[int, str]] = []  # (where named, who)
    places: list[Entity] = []
    for e in names:
        if not (lo <= e.start and e.end <= hi) or e.name in hosts:
            continue
        where = _LOCATIVE.search(text, max(lo, e.start - 20), e.start) is not None
        to = _TO.search(text, max(lo, e.start - 9), e.start) is not None
        if e.kind == "place" or (e.kind == "country" and where):
            modifier = _MODIFIER.match(text, e.end) is not None  # "the Buenos Aires disappointment"
            if e.kind == "place" and e.name in gz.CAPITALS and not where and not modifier:
                people.append((e.start, gz.PLACES[e.name]))  # "Washington said": the government
            elif not to or t.kind in ("visit", "invite"):
                places.append(e)
            continue
        if e.kind == "country" and _TITLE_AFTER.match(text, e.end):  # "U.S. President Donald Trump"
            continue
        people.append((e.start, e.name))
    if not people and _PRONOUN.match(text, lo, hi):
        who = _one_person_before(text, lo, reg)
        people += [(lo, who)] if who else []
    for m in _LATTER.finditer(text, lo, hi):
        who = _latter(text, m.start(), m.group("which").lower(), reg)
        people += [(m.start(), who)] if who else []
    cities = [p for p in places if p.name not in gz.COUNTRIES]
    return list(dict.fromkeys(who for _, who in sorted(people))), next(iter(cities or places), None)


_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|its|their|his|her|my|our|your)\s+(?:[\w-]+\s+){0,2}$", re.I)


def definite(text: str, start: int, t: Trigger) -> bool:
    """ "the meeting", "his previously scheduled visit": a noun that points at an event already named."""
    return (
        t.kind not in _VERB_KINDS
        and text[t.start : t.end].lower() not in _VERB_WORDS
        and (_DEFINITE.search(text, max(start, t.start - 40), t.start) is not None)
    )


def pair_words(text: str, start: int, t: Trigger) -> bool:
    """ "their summit", "the two leaders met": the parties are those named before, or of the last event."""
    return _PAIR.search(text, max(start, t.start - 40), t.end) is not None
