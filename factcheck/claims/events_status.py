"""Which words of a claim decide each mention's status, and which of its dates is the event's own.

A status phrase belongs to the trigger nearest to it ("called off meeting"). A date belongs to the event only
when nothing else claims it: a date of saying ("Trump said on Thursday"), or of a decision about the event
("Trump on Thursday canceled a meeting"), is not the event's date; a date next to a scheduling or holding phrase
("was scheduled on November 11", "met in Helsinki in July") is; a date a postponed event is moved to ("postponed
to March 3") is its new date. A trigger without status words takes the tense of the verb that governs it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from factcheck.claims import events_lexicon as lx
from factcheck.claims.dates import NormalizedDate
from factcheck.claims.events_parts import Trigger, nearest, segment
from factcheck.claims.tense import Cue, governing

_SAYING = lx.words(
    "said says say told tells wrote writes announced announces added adds stated states insisted insists warned "
    "warns tweeted tweets reported reports claimed claims declared declares according confirmed confirms "
    "quoted"
)
_DECISIONS = frozenset({"cancelled", "refused", "threatened", "proposed"})
_ADVERBS = lx.words("ago yesterday earlier previously since last")
_NEW_DATE = re.compile(r"(?:\s+[\w'’-]+){0,6}?\s+(?:to|until|till|for)\s+(?:the\s+)?(?:\w+\s+){0,1}$", re.IGNORECASE)
_NEAR = 25  # a status phrase this close to a date (in characters) speaks of that date
_ADJACENT = 12  # a date this close after a trigger is its date ("the meeting on November 11")


@dataclass(frozen=True)
class Evidence:
    status: str | None  # None for a qualifier alone ("moved online")
    qualifier: str | None  # postponed | rescheduled | online
    words: str
    start: int
    end: int


def evidence(text: str, start: int, end: int, triggers: list[Trigger]) -> list[tuple[Evidence, Trigger]]:
    """Status phrases of the claim, each with the trigger nearest to it."""
    spans = [(t.start, t.end) for t in triggers]
    out: list[tuple[Evidence, Trigger]] = []
    for m in lx.scan(lx.STATUS, lx.STATUS_STEMS, text, start, end):
        status, qualifier = lx.STATUS_OF[m.lastgroup or "held"]
        i, _ = nearest(spans, m.start(), m.end())
        if i >= 0:
            out.append((Evidence(status, qualifier, m.group(0), m.start(), m.end()), triggers[i]))
    return out


def _said(cue: Cue | None) -> bool:
    return cue is not None and (cue.kind == "report" or cue.words.lower().split()[-1] in _SAYING)


def dates_of(
    text: str,
    claim: tuple[int, int],
    dates: tuple[NormalizedDate, ...],
    dated: list[Trigger],
    phrases: list[tuple[Evidence, Trigger]],
    found: list[Cue],
) -> dict[int, NormalizedDate]:
    """The date of each trigger (by index in `dated`), from the claim's dates, as the module doc says."""
    spans = [(t.start, t.end) for t in dated]
    verbs = [c for c in found if c.words.lower() not in _ADVERBS]  # "said earlier this week": the saying
    out: dict[int, tuple[int, NormalizedDate]] = {}
    decisions = [e for e, _ in phrases if e.status in _DECISIONS or e.qualifier is not None]
    for d in dates:
        verb = governing(text, claim[0], claim[1], d.start, d.end, verbs)
        if _said(verb):
            continue  # "Trump said on Thursday ...": the day of the saying
        owner, t_dist = nearest(spans, d.start, d.end)
        follows = owner >= 0 and spans[owner][1] <= d.start and t_dist <= _ADJACENT  # "lunch on the 11th"
        lo, hi = segment(text, claim[0], claim[1], d.start, d.end)
        decided = (
            verb is not None
            and lo <= verb.start < hi
            and any(e.start < verb.end and verb.start < e.end for e in decisions)
        )
        if decided and not follows and not _moved_to(text, decisions, d):
            continue  # "parliament postponed a vote on the budget on Tuesday": the day of the decision
        inside = [k for k, t in enumerate(dated) if _within(text, claim, t, d)]
        if inside and owner not in inside:  # "met in Helsinki in July, a summit ...": the trigger of its part
            owner, t_dist = inside[0], nearest([spans[inside[0]]], d.start, d.end)[1]
        rank, linked = 1, False
        if phrases and not follows:
            j, e_dist = nearest([(e.start, e.end) for e, _ in phrases], d.start, d.end)
            e, t = phrases[j]
            if e_dist <= min(t_dist, _NEAR):
                if e.qualifier in ("postponed", "rescheduled") and _NEW_DATE.match(text, e.end, d.start):
                    rank = 2  # "postponed to March 3": the new date wins
                elif e.status in _DECISIONS or e.qualifier is not None:
                    continue  # "on Thursday canceled": the day of the decision
                owner = next((k for k, x in enumerate(dated) if x is t), owner)
                linked = True
        if owner < 0:
            continue
        if not linked and not _within(text, claim, dated[owner], d):
            continue  # "..., citing the seizure of ships last weekend": another part of the sentence
        if owner not in out or out[owner][0] < rank:
            out[owner] = (rank, d)
    return {i: d for i, (_, d) in out.items()}


def _moved_to(text: str, decisions: list[Evidence], d: NormalizedDate) -> bool:
    """ "postponed to March 12": the date an event is moved to."""
    return any(
        e.qualifier in ("postponed", "rescheduled") and e.end <= d.start and _NEW_DATE.match(text, e.end, d.start)
        for e in decisions
    )


def _within(text: str, claim: tuple[int, int], t: Trigger, d: NormalizedDate) -> bool:
    lo, hi = segment(text, claim[0], claim[1], t.start, t.end)
    return lo <= d.start < hi


def status_of(
    text: str,
    claim: tuple[int, int],
    t: Trigger,
    ev: list[Evidence],
    date: NormalizedDate | None,
    base: dt.date | None,
    found: list[Cue],
) -> tuple[str, str, str | None]:
    """(status, words, qualifier) of a trigger from its status phrases, else from the tense that governs it."""
    qualifier = next((e.qualifier for e in ev if e.qualifier), None)
    ranked = sorted((e for e in ev if e.status), key=lambda e: (-lx.STATUS_RANK[e.status or ""], -len(e.words)))
    if ranked:
        return ranked[0].status or "unknown", ranked[0].words, qualifier
    if t.kind == "anaphor":
        return "unknown", "", qualifier
    ahead = date is not None and base is not None and date.value > base.isoformat()[: len(date.value)]
    own = next((c for c in found if c.start < t.end and t.start < c.end), None)  # "might meet", "will visit"
    cue = own or governing(text, claim[0], claim[1], t.start, t.end, found)
    if cue is None or _said(cue) or cue.words.lower() in _ADVERBS:
        after = ("planned", f"dated after publication: {date.value}") if ahead and date else ("unknown", "")
        return (*after, qualifier)
    if cue.direction == "back" and not ahead:
        return "held", cue.basis, qualifier
    return "planned", cue.basis, qualifier
