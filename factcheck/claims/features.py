"""Explainable surface features of a sentence: what a fact-checker looks for, and what tells them to move on.

Each detector is a precompiled regular expression. `detect` returns `Hit`s (feature name, human-readable
detail, count); scoring.py turns them into weighted reasons.
"""

from __future__ import annotations

import re
from typing import NamedTuple


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


class Hit(NamedTuple):
    feature: str
    detail: str
    n: int


def _words(*alts: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alts) + r")\b", re.IGNORECASE)


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
STATISTIC = re.compile(
    r"[$£€]\s?\d|\d\s?%|\b\d[\d,.]*\s*(?:percent|per\s+cent|pct|percentage\s+points?)\b"
    r"|\b(?:million|billion|trillion)s?\b|\b\d[\d,.]*\s*(?:dollars|euros|pounds|bn|mn|m|k)\b"
    r"|\b(?:percent|per\s+cent|unemployment|gdp|deficit|debt|budget|average|median|rate)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(
    r"(?<![\w.,])\d+(?:[.,]\d+)*(?![A-Za-z]*\d)|\b(?:thousands?|hundreds?|dozens?|half|quarter|"
    r"twice|double[ds]?|tripled?|quadrupled?)\b",
    re.IGNORECASE,
)
# fmt: off
COUNT = _words(
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "fifteen", "twenty", "thirty", "forty", "fifty", "hundred", "first", "second", "third", "fourth", "fifth",
)
REPORTING = _words(
    "said", "says", "say", "told", "tells", "according to", "announced", "reported", "stated", "claimed",
    "confirmed", "denied", "quoted", "tweeted", "wrote", "testified", "admitted", "insisted", "warned",
    "declared", "acknowledged", "revealed", "disclosed",
)
QUOTE = re.compile(r"[\"“][^\"“”]*\w[^\"“”]*\s[^\"“”]*[\"”]|(?<!\w)['‘][^'‘’]+\s[^'‘’]+['’](?!\w)")
FUTURE = _words(
    "will", "won't", "shall", "going to", "plans? to", "planning to", "(?:is|are|was|were) (?:scheduled|set|"
    "expected|due|slated|poised|likely) to", "next", "upcoming", "forecasts?", "predicts?", "would",
)
COMPARATIVE = _words(
    "more than", "less than", "fewer than", "greater than", "higher than", "lower than", "[a-z]+er than",
    "than ever", "most", "least", "fewest", "highest", "lowest", "largest", "biggest", "smallest", "greatest",
    "worst", "best", "fastest", "slowest", "richest", "poorest", "record", "all-time", "compared (?:to|with)",
    "the first", "the only", "since \\d{4}", "ever",
)
CHANGE = _words(
    "r[io]se", "risen", "rising", "fell", "fallen", "falling", "grew", "grown", "growth", "increased?",
    "increasing", "decreased?", "declined?", "dropped", "drop", "doubled", "tripled", "halved", "cut",
    "surged?", "soared?", "plunged?", "jumped", "climbed", "up by", "down by", "lost", "gained", "added",
    "created",
)
CAUSE = _words(
    "because", "due to", "caused?", "causes", "causing", "led to", "leads? to", "result(?:ed|s)? in",
    "as a result", "thanks to", "blamed?", "blames", "in the wake of", "responsible for", "therefore",
    "consequently", "so much that", "making", "forced", "triggered", "prompted", "resulted",
)
LAW = re.compile(
    r"\b(?:laws?|bills?|legislation|legal(?:ly)?|illegal(?:ly)?|unconstitutional|constitution(?:al)?|"
    r"treaty|treaties|regulations?|ruled|court|supreme court|vote[ds]?|voting|veto(?:ed)?|amendment|"
    r"executive order|ban(?:ned|s)?|tax(?:es)?|tariffs?|sanctions?|statute|rights|mandate|obamacare|"
    r"health ?care|medicare|medicaid|policy|program)\b|\b[A-Z][a-z]+ Act\b",
    re.IGNORECASE,
)
RECORD = re.compile(
    r"\b(?:I|we|he|she|they)\s+(?:have\s+|has\s+|had\s+)?(?:voted|passed|signed|created|cut|built|opposed|"
    r"supported|introduced|approved|funded|raised|lowered|sent|spent|paid|invested|was\s+against|"
    r"was\s+for|were\s+against)\b",
    re.IGNORECASE,
)
EVENT_VERB = _words(
    "met", "meets", "meeting", "signed", "invited", "cancell?ed", "called off", "threatened",
    "approved", "killed", "won", "lost", "launched", "attacked", "arrested", "elected", "resigned", "sent",
    "took place", "held", "banned", "withdrew", "pulled out", "refused", "rejected", "announced", "imposed",
    "agreed", "accused", "charged", "fired", "hired", "closed", "opened", "ordered", "died", "invaded",
    "snubbed", "scheduled", "shocked", "spent", "paid", "gave", "took", "left", "joined", "hosted", "summit",
    "sued", "convicted", "indicted", "appointed", "nominated", "backtracking", "cancellation",
    "visit(?:ed|s)?",
)
# fmt: on
ABSOLUTE = _words("never", "always", "nobody", "no one", "nothing", "every", "none", "not a single", "zero")
OPINION = re.compile(
    r"\b(?:I|we)\s+(?:think|believe|feel|hope|want|wish|love|like|guess|suppose|would like|'d like|mean)\b"
    r"|\b(?:in my (?:opinion|view)|believe me|frankly|honestly|should|must|ought|great|good|bad|wonderful|"
    r"terrible|beautiful|amazing|horrible|disgrace(?:ful)?|incredible|tremendous|fantastic|sad|nice|"
    r"deserve[sd]?|shame|important|proud|unfair|ridiculous|crazy|stupid|smart|strong|weak|mercurial|"
    r"unreliable|cynical|disappointing|challenging|honou?r|pleasure|let's|let me|we need|we have to)\b",
    re.IGNORECASE,
)
HEDGE = _words("might", "may", "perhaps", "maybe", "seems?", "seemed", "probably", "possibly", "could", "if")
GREETING = re.compile(
    r"\b(?:thank you|thanks|good (?:evening|morning|afternoon|night)|hello|welcome|congratulations|"
    r"god bless|ladies and gentlemen|appreciate|applause|laughter|crosstalk|inaudible|booing|cheering)\b",
    re.IGNORECASE,
)
STAGE = re.compile(r"^\W*[\[(]?(?:applause|laughter|crosstalk|inaudible|booing|cheers|cheering)\b", re.I)
QUESTION = re.compile(r"\?[\"'”’)\]]*\s*$")
WORD = re.compile(r"[\w'’-]+")
_CAP = re.compile(r"(?<![\w'’])(?:[A-Z][\w'’.-]*|\d+[A-Z][\w-]*)(?:\s+(?:of\s+|the\s+)?(?:[A-Z][\w'’.-]*))*")
_START = re.compile(r"(?:^|[:;\"“‘(]\s*|[.!?]\s+)$")
_NOT_ENTITIES = _wordset(
    "I I'm I've I'll I'd OK Okay Yes No Well Oh So And But The A An This That It He She We They You "
    "Mr Mrs Ms Mr. Mrs. Ms. Dr. Is Are Was Were Do Does Did What Why How When Where Who If"
)
_MONTH_OR_DAY = re.compile(rf"^(?:{_MONTH}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\.?$")


def entities(sentence: str) -> list[str]:
    """Runs of capitalised words that are not sentence openers: a cheap named-entity guess."""
    out: list[str] = []
    for m in _CAP.finditer(sentence):
        run = m.group(0).rstrip(".'’")
        words = run.split()
        if _START.search(sentence, 0, m.start()):
            words = words[1:]
        while words and words[0] in _NOT_ENTITIES:
            words = words[1:]
        if not words or (_MONTH_OR_DAY.match(words[0]) and len(words) == 1):
            continue
        name = " ".join(words)
        if name not in out:
            out.append(name)
    return out


def _quoted(items: list[str], limit: int = 3) -> str:
    return ", ".join(f'"{x}"' for x in items[:limit]) + (" …" if len(items) > limit else "")


def _hits(pattern: re.Pattern[str], sentence: str) -> list[str]:
    return [m.group(0) for m in pattern.finditer(sentence)]


def detect(sentence: str) -> list[Hit]:
    """All features of one sentence, in a fixed order."""
    hits: list[Hit] = []
    n_words = len(WORD.findall(sentence))

    def add(feature: str, found: list[str], what: str) -> None:
        if found:
            hits.append(Hit(feature, f"{what}: {_quoted(found)}", len(found)))

    date_matches = list(DATE.finditer(sentence))
    add("date", [m.group(0) for m in date_matches], "mentions a date")
    stats = _hits(STATISTIC, sentence)
    add("statistic", stats, "gives a statistic")
    numbers = [
        m.group(0)
        for m in NUMBER.finditer(sentence)
        if not any(d.start() < m.end() and m.start() < d.end() for d in date_matches)
    ]
    add("number", numbers, "contains a number")
    if not numbers:
        add("count", _hits(COUNT, sentence), "counts something")
    add("named_entity", entities(sentence), "names")
    add("reporting_verb", _hits(REPORTING, sentence), "reports what someone said")
    add("quote", _hits(QUOTE, sentence), "quotes")
    add("event_verb", _hits(EVENT_VERB, sentence), "reports an event")
    add("record", _hits(RECORD, sentence), "states a record")
    add("comparative", _hits(COMPARATIVE, sentence), "compares")
    add("change", _hits(CHANGE, sentence), "describes a change")
    add("cause", _hits(CAUSE, sentence), "claims a cause")
    add("law", _hits(LAW, sentence), "concerns a law or policy")
    add("absolute", _hits(ABSOLUTE, sentence), "makes an absolute claim")
    add("modal_future", _hits(FUTURE, sentence), "speaks of the future")
    add("opinion", _hits(OPINION, sentence), "expresses an opinion")
    add("hedge", _hits(HEDGE, sentence), "hedges")
    if QUESTION.search(sentence):
        hits.append(Hit("question", "asks a question", 1))
    add("greeting", _hits(GREETING, sentence), "is a courtesy")
    if STAGE.search(sentence):
        hits.append(Hit("stage_direction", "is a stage direction", 1))
    if n_words < 7:
        hits.append(Hit("short", f"is short ({n_words} words)", n_words))
    return hits
