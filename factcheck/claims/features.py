"""Explainable surface features of a sentence: what a fact-checker looks for, and what tells them to move on.

The sentence is lower-cased and tokenised once; word features are set look-ups (lexicon.py), the few
patterns that need shape (numbers, dates, quotes, names) are precompiled regular expressions. `detect` returns
`Hit`s (feature name, human-readable detail, count, matched terms); scoring.py weighs them.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from factcheck.claims import lexicon as lx
from factcheck.claims.speakers import find_speaker


class Hit(NamedTuple):
    feature: str
    detail: str
    n: int
    terms: tuple[str, ...] = ()


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.|Jan|Feb|Aug|Sept?|Oct|Nov|Dec)"
)
DATE = re.compile(
    rf"\b{_MONTH}\s+\d{{1,2}}\b|\b\d{{1,2}}\s+{_MONTH}\b"
    rf"|\b(?:in|on|since|by|until|from|during|last|next|early|late|mid)[\s-]+{_MONTH}(?:\s+\d{{1,2}}\b)?"
    r"|(?<![\d$£€.,])\b(?:1[89]\d\d|20\d\d)\b(?![%\d]|[.,]\d)"
    r"|\b(?:yesterday|tomorrow|(?:last|next)\s+(?:week|month|year)|(?:on\s+)?(?:Monday|Tuesday|Wednesday|"
    r"Thursday|Friday|Saturday|Sunday))\b"
)
MONEY_PERCENT = re.compile(r"[$£€]\s?\d[\d,.]*|(?<![\d,.])\d[\d,.]*\s?%")
DIGITS = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?![A-Za-z]*\d)")
# A quotation of two words or more (the word check is done in Python: nested stars backtrack badly).
_QUOTE_SPAN = re.compile(r"[\"“][^\"“”]*[\"”]|(?<!\w)['‘][^'‘’]*['’](?!\w)")
STAGE = re.compile(r"^\W*[\[(]?(?:applause|laughter|crosstalk|inaudible|booing|cheers|cheering)\b", re.I)
QUESTION = re.compile(r"\?[\"'”’)\]]*\s*$")
EXCLAMATION = re.compile(r"(?<!\?)![\"'”’)\]]*\s*$")
TOKEN = re.compile(r"[\w'’-]+")
_CAP = re.compile(r"(?<![\w'’])(?:[A-Z][\w'’.-]*|\d+[A-Z][\w-]*)(?:\s+(?:of\s+|the\s+)?(?:[A-Z][\w'’.-]*))*")
_START = re.compile(r"(?:^|[:;\"“‘(]\s*|[.!?]\s+)$")
_NOT_ENTITIES = lx.words(
    "I I'm I've I'll I'd OK Okay Yes No Well Oh So And But The A An This That It He She We They You "
    "Mr Mrs Ms Mr. Mrs. Ms. Dr. Is Are Was Were Do Does Did What Why How When Where Who If"
)
_MONTH_OR_DAY = re.compile(rf"^(?:{_MONTH}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\.?$")
_NAMED_RECORD = re.compile(
    r"(?<![\w'’])[A-Z][\w'’-]+\s+(?:has\s+|have\s+|had\s+|also\s+|never\s+|just\s+)?(?:"
    + "|".join(sorted(lx.RECORD_VERBS))
    + r")\b"
)
_ANY_QUOTE = re.compile("[\"“”'‘’]")
_DIGIT = re.compile(r"\d")

# The phrase patterns detect runs on the lower-cased sentence (lexicon.phrases: each starts where a word starts).
# Most sentences hold none of them: one scan (`_GATE`) finds every place where any of them could start, and a
# pattern that matches at none of those places is not run at all. Exact: a pattern matches somewhere only where
# its own alternation, hence the gate's, does.
_GATED = (
    lx.STAT_PHRASES, lx.EVENT_COUNT, lx.REPORTING_PHRASES, lx.EVENT_PHRASES, lx.COMPARATIVE_PHRASES,
    lx.CHANGE_PHRASES, lx.CAUSE_PHRASES, lx.LAW_PHRASES, lx.ABSOLUTE_PHRASES, lx.FUTURE_PHRASES,
    lx.GREETING_PHRASES, lx.PROMISE, lx.MODERATING, lx.PERSONAL, lx.STANCE, lx.DENIAL,
)  # fmt: skip
assert all(p.pattern.startswith(lx.WORD_START) for p in _GATED), "a gated pattern must start where a word starts"
_GATE = re.compile(lx.WORD_START + "(?=" + "|".join(p.pattern.removeprefix(lx.WORD_START) for p in _GATED) + ")")
# A superlative with a scope (lexicon.SUPERLATIVE_SCOPE) holds one of these words or a digit: one scan says whether
# to look for it.
_SCOPE_HINT = re.compile(
    r"most|least|fewest|highest|lowest|largest|biggest|smallest|greatest|worst|fastest|slowest|only|first|record|\d"
)


class _Phrases:
    """`pattern.findall(low)` for the gated patterns, skipping those that cannot match (see `_GATE`)."""

    def __init__(self, low: str) -> None:
        self.low = low
        self.starts = [m.start() for m in _GATE.finditer(low)]

    def findall(self, pattern: re.Pattern[str]) -> list[str]:
        if self.starts and any(pattern.match(self.low, i) for i in self.starts):
            return pattern.findall(self.low)
        return []


def quotations(sentence: str) -> list[str]:
    """Quoted passages of two words or more ("out of question"), not single scare-quoted words."""
    return [q for q in _QUOTE_SPAN.findall(sentence) if len(q[1:-1].split()) >= 2]


def unquoted(sentence: str) -> str:
    """The sentence with its quotations blanked out: what the text says in its own voice."""
    return _QUOTE_SPAN.sub(lambda m: " " if len(m.group(0)[1:-1].split()) >= 2 else m.group(0), sentence)


def entities(sentence: str) -> list[str]:
    """Runs of capitalised words that are not sentence openers: a cheap named-entity guess."""
    out: list[str] = []
    for m in _CAP.finditer(sentence):
        words = m.group(0).rstrip(".'’").split()
        i = 1 if _START.search(sentence, max(0, m.start() - 8), m.start()) else 0
        while i < len(words) and words[i] in _NOT_ENTITIES:
            i += 1
        if i == len(words) or (i == len(words) - 1 and _MONTH_OR_DAY.match(words[i])):
            continue
        name = " ".join(words[i:])
        if name not in out:
            out.append(name)
    return out


def attribution(speaker: str) -> Hit:
    """A statement credited to a named source: checkable at least for whether it was said."""
    return Hit("attributed", f'credited to "{speaker}"', 1, (speaker,))


def _records(tokens: list[str]) -> list[str]:
    """Subject + (auxiliary) + a verb of public record: "I voted", "she has signed", "I was against"."""
    out = []
    for i, t in enumerate(tokens):
        if t not in lx.SUBJECTS:
            continue
        j = i + 1
        while j < len(tokens) and j < i + 3 and tokens[j] in lx.AUXILIARIES:
            j += 1
        if j < len(tokens):
            v = tokens[j]
            stance = v in lx.RECORD_STANCE and j + 1 < len(tokens) and tokens[j + 1] in ("against", "for")
            if v in lx.RECORD_VERBS or stance:
                out.append(" ".join(tokens[i : j + 2 if stance else j + 1]))
    return out


def _opinions(tokens: list[str]) -> list[str]:
    out = [f"{a} {b}" for a, b in itertools.pairwise(tokens) if a in ("i", "we") and b in lx.OPINION_VERBS]
    return out + [t for t in tokens if t in lx.OPINION_WORDS]


def _deeds(tokens: list[str]) -> list[str]:
    """ "You hired", "she never paid": what a person (not the speaker) did."""
    out = []
    for i, t in enumerate(tokens[:-1]):
        if t in lx.DEED_CONTRACTED and tokens[i + 1] in lx.DEED_VERBS:
            out.append(f"{t} {tokens[i + 1]}")
        elif t in lx.DEED_SUBJECTS:
            j = i + 2 if tokens[i + 1] in lx.AUXILIARIES and i + 2 < len(tokens) else i + 1
            if tokens[j] in lx.DEED_VERBS:
                out.append(" ".join(tokens[i : j + 1]))
    return out


def _rhetoric(sentence: str, low: str, tokens: list[str], hits: list[Hit], phrases: _Phrases) -> list[Hit]:
    """Features of how a debater speaks: rankings with a scope, deeds of others, promises, addressing someone,
    and figures compared (a number and a comparison in one sentence is the classic checkable claim)."""
    out: list[Hit] = []
    seen = {h.feature for h in hits}
    scoped: list[str] = []
    if _SCOPE_HINT.search(low):
        scoped = [m.group(0) for m in lx.SUPERLATIVE_SCOPE.finditer(low)]
    if scoped:
        out.append(Hit("ranking", f"ranks with a scope: {_quoted(scoped)}", len(scoped), tuple(scoped)))
    named = [d for d in lx.NAMED_DEED.findall(sentence) if d.split()[0] not in _NOT_ENTITIES]
    deeds = _deeds(tokens) + named
    if deeds:
        out.append(Hit("deed", f"says what someone did: {_quoted(deeds)}", len(deeds), tuple(deeds)))
    if {"number", "statistic"} & seen and {"comparative", "change"} & seen:
        out.append(Hit("figure_compared", "compares or tracks a figure", 1))
    promises = phrases.findall(lx.PROMISE)
    if promises and not {"number", "statistic"} & seen:
        out.append(Hit("promise", f"promises: {_quoted(promises)}", len(promises), tuple(promises)))
    for feature, pattern, what in (
        ("denial", lx.DENIAL, "says something was not done"),
        ("stance", lx.STANCE, "states a rival's position"),
        ("moderating", lx.MODERATING, "runs the debate"),
        ("personal", lx.PERSONAL, "tells a personal story"),
    ):
        found = phrases.findall(pattern)
        if found:
            out.append(Hit(feature, f"{what}: {_quoted(found)}", len(found), tuple(found)))
    address = lx.ADDRESS.search(sentence)
    if address:
        out.append(Hit("addressed", f"addresses someone: {address.group(0).strip(', ')}", 1))
    return out


def _quoted(items: list[str], limit: int = 3) -> str:
    return ", ".join(f'"{x}"' for x in items[:limit]) + (" …" if len(items) > limit else "")


def detect(sentence: str, *, speaker: bool = True) -> list[Hit]:
    """All features of one sentence, in a fixed order (`speaker=False`: the caller credits the speaker)."""
    hits: list[Hit] = []
    low = sentence.lower()
    tokens = TOKEN.findall(low)
    present = set(tokens)
    phrases = _Phrases(low)
    has_digit = _DIGIT.search(sentence) is not None

    def add(feature: str, found: list[str], what: str) -> None:
        if found:
            hits.append(Hit(feature, f"{what}: {_quoted(found)}", len(found), tuple(found)))

    def lookup(vocab: frozenset[str], pattern: re.Pattern[str] | None = None) -> list[str]:
        found = [] if vocab.isdisjoint(present) else [t for t in tokens if t in vocab]
        return found + phrases.findall(pattern) if pattern is not None else found

    date_spans: list[tuple[int, int]] = []
    if has_digit or not lx.MONTHS_AND_DAYS.isdisjoint(tokens):
        date_matches = list(DATE.finditer(sentence))
        date_spans = [m.span() for m in date_matches]
        add("date", [m.group(0) for m in date_matches], "mentions a date")
    stats = MONEY_PERCENT.findall(sentence) if has_digit else []
    add("statistic", stats + lookup(lx.STAT_WORDS, lx.STAT_PHRASES), "gives a statistic")
    numbers = []
    if has_digit:
        numbers = [
            m.group(0)
            for m in DIGITS.finditer(sentence)
            if not any(a < m.end() and m.start() < b for a, b in date_spans)
        ]
    add("number", numbers + lookup(lx.NUMBER_WORDS, lx.EVENT_COUNT), "contains a number")
    if not numbers:
        add("count", lookup(lx.COUNT_WORDS), "counts something")
    add("named_entity", entities(sentence), "names")
    credited = find_speaker(sentence) if speaker else None
    if credited is not None:
        hits.append(attribution(credited))
    add("reporting_verb", lookup(lx.REPORTING_WORDS, lx.REPORTING_PHRASES), "reports what someone said")
    own_words = tokens  # the words outside quotation marks: the quoted person's adjectives are not an opinion
    if _ANY_QUOTE.search(sentence):
        quoted = quotations(sentence)
        add("quote", quoted, "quotes")
        if quoted:
            own_words = TOKEN.findall(unquoted(sentence).lower())
    add("event_verb", lookup(lx.EVENT_WORDS, lx.EVENT_PHRASES), "reports an event")
    add("record", _records(tokens) + _NAMED_RECORD.findall(sentence), "states what someone did")
    add("comparative", lookup(lx.COMPARATIVE_WORDS, lx.COMPARATIVE_PHRASES), "compares")
    add("change", lookup(lx.CHANGE_WORDS, lx.CHANGE_PHRASES), "describes a change")
    add("cause", lookup(lx.CAUSE_WORDS, lx.CAUSE_PHRASES), "claims a cause")
    law = lookup(lx.LAW_WORDS, lx.LAW_PHRASES) + (lx.ACT.findall(sentence) if " Act" in sentence else [])
    add("law", law, "concerns a law or policy")
    add("topic", lookup(lx.TOPIC_WORDS), "concerns a measured public matter")
    add("absolute", lookup(lx.ABSOLUTE_WORDS, lx.ABSOLUTE_PHRASES), "makes an absolute claim")
    future = lookup(lx.FUTURE_WORDS, lx.FUTURE_PHRASES)
    if "ll" in low:
        future += [t for t in tokens if t.endswith(("'ll", "’ll"))]
    add("modal_future", future, "speaks of the future")
    own_text = " ".join(own_words)
    add("opinion", _opinions(own_words) + lx.OPINION_PHRASES.findall(own_text), "expresses an opinion")
    add("hedge", [t for t in own_words if t in lx.HEDGE_WORDS], "hedges")
    if QUESTION.search(sentence):
        hits.append(Hit("question", "asks a question", 1))
    elif EXCLAMATION.search(sentence):
        hits.append(Hit("exclamation", "exclaims (rhetoric rather than report)", 1))
    add("greeting", lookup(lx.GREETING_WORDS, lx.GREETING_PHRASES), "is a courtesy")
    hits.extend(_rhetoric(sentence, low, tokens, hits, phrases))
    if STAGE.search(sentence):
        hits.append(Hit("stage_direction", "is a stage direction", 1))
    if len(tokens) < 7:
        hits.append(Hit("short", f"is short ({len(tokens)} words)", len(tokens)))
    return hits
