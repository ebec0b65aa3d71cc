"""Tense and modality of the words that govern a position in a clause: explainable cues, no language model.

A date without a year ("on Thursday", "in January") is placed by the verb that governs it: "canceled on
Thursday" looks back, "will take place on Saturday" and "could take effect in January" look ahead, "was
scheduled on November 11" could be either (the occurrence nearest to publication). A present tense of schedule
("the committee meets on Monday") looks ahead, a present reporting verb ("says on Thursday") back; "back" and
"ahead" both include the publication day itself. The cues are verb groups (auxiliary + verb taken together, so
"will be held" is one future cue, not a future and a past one), scheduling phrases, and the past forms of verbs.
The cue nearest to the date inside its own part of the clause wins (a cue after the date counts as farther).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Direction = Literal["back", "ahead", "nearest"]

_ADV = (
    r"(?:\s+(?:not|also|only|now|still|then|later|eventually|finally|already|never|originally|initially|first|"
    r"once|previously|likely|probably|just|again))*"
)
_IRREGULAR = (
    "met|held|said|told|took|gave|went|came|made|saw|left|sent|began|spoke|won|lost|wrote|became|fell|rose|grew|"
    "paid|spent|sold|bought|brought|thought|knew|led|hit|cut|ran|chose|broke|drew|flew|fled|struck|sat|stood|"
    "fought|caught|taught|won|shot|sought|meant|felt|kept|heard|put|set|quit|shut|upset|withdrew|overtook|"
    "undertook|beat|bore|swore|tore|wore|froze|stole|woke|forbade|forgave|hung|rang|sang|sank|shook|slid|split|"
    "spread|sprang|stuck|stung|swept|swung|threw|thrust|underwent|wound|ago|yesterday|earlier|previously|since"
)
_INFINITIVE = r"to\s+(?:be|take|meet|hold|visit|travel|sign|vote|attend|host|start|begin|open|end|arrive|resume)"
_SCHEDULING = (
    rf"(?:due(?:\s+(?:to|for|on|in))?|scheduled|slated|set\s+(?:to|for|on)|expected\s+to|supposed\s+to|planned|"
    rf"meant\s+to|pencil+ed\s+in|poised|likely|going\s+to|about\s+to|{_INFINITIVE}"
    r")(?:\s+(?:to\s+)?(?:be\s+|have\s+)?(?-i:[a-z]+))?"  # the verb that follows: "is due to be held" is one cue
)
_INTENT = (
    r"plans?|planning|intends?|intending|aims?|hopes?|wants?|seeks?|vow(?:s|ed)|promis(?:es|ed)|pledg(?:es|ed)|"
    r"agree[sd]?|decide[sd]?|offer(?:s|ed)|prepar(?:es|ing)|expects?"
)
_SCHEDULE_VERBS = (
    r"meets|opens|begins|starts|ends|arrives|travels|visits|holds|hosts|leaves|returns|heads|flies|resumes|closes|"
    r"expires|launches|convenes|gathers|votes|kicks\s+off"
)
_REPORT_VERBS = r"says|tells|adds|insists|warns|argues|believes|thinks|claims|notes|writes|reports|maintains"
# Ordered: at one position the first alternative that matches wins, so the longer verb groups come first.
_MOVED = (
    r"(?:(?:has|have|had|was|were|is|are|will\s+be)\s+(?:been\s+)?)?(?:postponed|delayed|deferred|adjourned|"
    r"rescheduled|moved|pushed\s+back|put\s+off)(?:\s+[\w'’-]+){0,6}?\s+(?:to|until|till)"
)
_CUE = re.compile(
    rf"(?P<moved>\b{_MOVED}\b)"  # "postponed the vote to March 17": the date it is moved to is still to come
    r"|(?P<perfect_modal>\b(?:would|could|might|may|must|should)(?:n't|\s+not)?\s+have\b(?:\s+been)?(?:\s+(?-i:[a-z]+))?)"
    rf"|(?P<scheduled>\b(?:(?:was|were|had\s+been){_ADV}\s+(?:{_SCHEDULING})"
    rf"|(?:scheduled|slated|planned|set|pencil+ed\s+in)\s+(?:for|on)|due\s+(?:on|in|{_INFINITIVE}))\b)"
    rf"|(?P<future>\b(?:(?:will|shall|won't|wo\s+not|would|could|might|may){_ADV}(?:\s+be)?(?:\s+(?-i:[a-z]+))?"
    rf"|(?:is|are|am|'re|’re){_ADV}\s+(?:{_SCHEDULING})|(?:{_INTENT})\s+to|gonna|next|upcoming|coming|"
    r"ahead\s+of|later\s+this|takes?\s+effect)\b|'ll\b|’ll\b)"
    rf"|(?P<perfect>\b(?:has|have|had|'ve|’ve|hasn't|haven't|hadn't){_ADV}\s+(?:been\b(?:\s+(?-i:[a-z]+))?|"
    rf"(?:(?-i:[a-z]+)(?:ed|en|wn)|{_IRREGULAR})\b))"
    rf"|(?P<past>\b(?:(?:was|were|had|did|didn't|wasn't|weren't){_ADV}(?:\s+(?-i:[a-z]+)ing\b|\s+(?-i:[a-z]+)ed\b)?"
    rf"|last|{_IRREGULAR})\b|(?<![-\w'’])[a-z]{{2,}}ed\b)"
    rf"|(?P<present>\b(?:(?:is|are|am){_ADV}(?:\s+(?:being\s+)?(?-i:[a-z]+)(?:ing|ed|en)\b)?|{_SCHEDULE_VERBS})\b)"
    rf"|(?P<report>\b(?:{_REPORT_VERBS}|according\s+to)\b)",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# "-ed" words that are mostly not past verbs, and words after which an "-ed" word is an adjective.
_NOT_PAST = _words(
    "need speed seed feed bed red shed hundred united based limited alleged armed concerned interested related "
    "advanced detailed mixed embattled beleaguered renewed supposed proposed planned expected so-called "
    "scheduled indeed wed bled sled breed creed greed freed shred naked wicked sacred kindred rugged"
)
_DETERMINERS = _words("the a an his her its their our my your this that these those any no some each every")
_LABELS = {
    "moved": ("moved to", "ahead"),
    "perfect_modal": ("past tense", "back"),
    "scheduled": ("scheduled", "nearest"),
    "future": ("future", "ahead"),
    "perfect": ("past tense", "back"),
    "past": ("past tense", "back"),
    "present": ("present tense", "ahead"),
    "report": ("present tense", "back"),
}
# Where one part of a clause ends and another starts: punctuation, dashes and clause-opening words.
_PUNCTUATION = re.compile(r"[,;:()\[\]–—]|\s-{1,2}\s")
_OPENERS = _words(
    "that which who whom where when while whereas after before because although though but and or until unless if so"
)
_WORD = re.compile(r"[A-Za-z]+")
_AFTER = 12  # a cue after the date counts as this many characters farther: verbs usually precede their dates
_PREV_WORD = re.compile(r"([\w'’-]+)\W*$")


@dataclass(frozen=True)
class Cue:
    kind: str  # moved | perfect_modal | scheduled | future | perfect | past | present | report
    words: str
    start: int
    end: int

    @property
    def direction(self) -> Direction:
        return _LABELS[self.kind][1]  # type: ignore[return-value]

    @property
    def basis(self) -> str:
        return f"{_LABELS[self.kind][0]}: {' '.join(self.words.split())}"


def _is_adjective(text: str, m: re.Match[str]) -> bool:
    """An "-ed" word that is not a past verb: a known adjective, or right after "the", "his", "Trump's" ..."""
    word = m.group(0).lower()
    if word in _NOT_PAST:
        return True
    before = _PREV_WORD.search(text, max(0, m.start() - 30), m.start())
    prev = before.group(1).lower() if before else ""
    return prev in _DETERMINERS or prev.endswith(("'s", "’s"))


_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")
# Words a cue can start with: the pattern is only tried there (trying it at every position is slow).
_STARTERS = _words(
    "would could might may must should was were had due scheduled slated planned set pencilled penciled will "
    "shall won't wo is are am has have hasn't haven't hadn't did didn't wasn't weren't gonna next upcoming "
    "coming ahead later take takes last according plan plans planning intend intends intending aim aims hope "
    "hopes want wants seek seeks vows promises pledges agree agrees decide decides offer offers prepares "
    "preparing expect expects kicks " + " ".join((_IRREGULAR + "|" + _SCHEDULE_VERBS + "|" + _REPORT_VERBS).split("|"))
)
_CONTRACTIONS = ("'re", "'ll", "'ve")


_OFFSETS: dict[str, int | None] = {}  # word -> where in it a cue may start (remembered: words repeat)


def _offset(word: str) -> int | None:
    """Where a cue could start in this word, or None: the word itself, or its contraction ("they're")."""
    low = word.lower().replace("’", "'")
    if low in _STARTERS or low.endswith("ed"):
        return 0
    return len(word) - 3 if low.endswith(_CONTRACTIONS) else None


def _start(tok: re.Match[str]) -> int | None:
    word = tok.group(0)
    at = _OFFSETS.get(word, -1)
    if at == -1:
        at = _offset(word)
        if len(_OFFSETS) < 50_000:  # bounded: an article of random words must not grow it forever
            _OFFSETS[word] = at
    return None if at is None else tok.start() + at


def cues(text: str, start: int, end: int) -> list[Cue]:
    """Tense and modality cues in text[start:end], in order; offsets are in `text`."""
    out: list[Cue] = []
    covered = start
    for tok in _TOKEN.finditer(text, start, end):
        at = _start(tok) if tok.start() >= covered else None
        m = None if at is None else _CUE.match(text, at, end)
        if m is None or m.end() == m.start():
            continue
        covered = m.end()
        kind = m.lastgroup or "past"
        word = m.group(0)
        past_form = kind == "past" and word[-2:].lower() == "ed" and " " not in word
        if past_form and (word[0].isupper() or _is_adjective(text, m)):  # "Ahmed", "the planned meeting"
            continue
        out.append(Cue(kind, m.group(0), m.start(), m.end()))
    return out


class Boundaries:
    """Where the parts of clauses start and end: punctuation, dashes, and words that open a clause. The
    spans of the last clause asked about are kept, as several dates and events of one clause ask in turn."""

    def __init__(
        self, openers: frozenset[str], extra: re.Pattern[str] | None = None, hints: tuple[str, ...] = ()
    ) -> None:
        self.openers, self.extra, self.hints = openers, extra, hints  # `extra` runs when a hint is in the text
        self._last: tuple[str, int, int, list[tuple[int, int]]] | None = None

    def spans(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        last = self._last
        if last is not None and last[0] is text and last[1] == start and last[2] == end:
            return last[3]
        found = [m.span() for m in _PUNCTUATION.finditer(text, start, end)]
        found += [m.span() for m in _WORD.finditer(text, start, end) if m.group(0).lower() in self.openers]
        if self.extra is not None and any(text.find(h, start, end) >= 0 for h in self.hints):
            found += [m.span() for m in self.extra.finditer(text, start, end)]
        found.sort()
        self._last = (text, start, end, found)
        return found

    def segment(self, text: str, start: int, end: int, a: int, b: int) -> tuple[int, int]:
        """The part of text[start:end] around text[a:b] between two boundaries."""
        lo, hi = start, end
        for s, e in self.spans(text, start, end):
            if e <= a:
                lo = e
            elif s >= b:
                hi = s
                break
        return lo, hi


_CLAUSE_PARTS = Boundaries(_OPENERS)


def _segment(text: str, start: int, end: int, a: int, b: int) -> tuple[int, int]:
    return _CLAUSE_PARTS.segment(text, start, end, a, b)


def _nearest(found: list[Cue], a: int, b: int) -> Cue | None:
    """The cue closest to text[a:b], a cue after it counting as `_AFTER` characters farther."""
    best: Cue | None = None
    best_key = (1 << 30, 1)
    for c in found:
        if c.start < b and a < c.end:
            continue  # the date phrase itself ("last Friday", "next month")
        key = (a - c.end, 0) if c.end <= a else (c.start - b + _AFTER, 1)
        if key < best_key:
            best, best_key = c, key
    return best


def governing(text: str, start: int, end: int, a: int, b: int, found: list[Cue] | None = None) -> Cue | None:
    """The cue that decides the tense of the date text[a:b] in the clause text[start:end]: the nearest cue in
    the date's own part of the clause, else the nearest in the whole clause ("On Thursday, Trump canceled")."""
    if found is None:
        found = cues(text, start, end)
    if not found:
        return None
    lo, hi = _segment(text, start, end, a, b)
    own = _nearest([c for c in found if lo <= c.start and c.end <= hi], a, b)
    return own if own is not None else _nearest(found, a, b)


def looks_future(clause: str) -> bool:
    """True when the clause speaks about what is still to come ("will", "is scheduled to", "next")."""
    return any(c.direction == "ahead" and c.kind == "future" for c in cues(clause, 0, len(clause)))


def tense(clause: str) -> bool | None:
    """True when the clause looks ahead, False when it looks back, None when it gives no cue (future wins)."""
    found = cues(clause, 0, len(clause))
    if any(c.kind == "future" for c in found):
        return True
    return False if any(c.direction == "back" for c in found) else None
