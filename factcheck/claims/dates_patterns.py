"""The date phrases of a clause, found by regular expressions tried only at anchor words.

Month and weekday names must be capitalised; words that are dates only in context ("in May", "on the 11th",
"over the weekend", "by the end of the year", "last summer", "two weeks ago") are checked in context.
"""

from __future__ import annotations

import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MON = (
    r"(?P<{g}>(?-i:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?-i:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))"
)
_DAY = r"(?P<{g}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<{g}>1[89]\d\d|20\d\d)\b"
_WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_RANGE = r"(?:\s*[-–]\s*(?:[12]\d|3[01]|0?[1-9])\b)?"  # "June 28-29, 2019": the first day stands for the range
_NUM = r"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"

DATE_RE = re.compile(
    "|".join(
        [
            r"\b(?P<iso>(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\b(?!-)",
            # November 11 / Nov. 11, 2018
            _MON.format(g="m1") + r"\s+" + _DAY.format(g="d1") + _RANGE + r"(?:,?\s+" + _YEAR.format(g="y1") + ")?",
            # 11 November 2018 / 11th of November
            r"\b" + _DAY.format(g="d2") + r"\s+(?:of\s+)?" + _MON.format(g="m2")
            + r"(?:,?\s+" + _YEAR.format(g="y2") + ")?",
            # June 2019 / July, 2018
            _MON.format(g="m3") + r",?\s+" + _YEAR.format(g="y3"),
            # a bare month, accepted only after a preposition (checked in code)
            _MON.format(g="m4"),
            r"(?<![\d$£€.,])\b" + _YEAR.format(g="y5") + r"(?![%\d]|[.,]\d|-\d|s\b|\s+per\b"
            r"|\s+(?:people|men|women|children|feet|km|kg|tons|tonnes|miles|metres|meters)\b"
            r"|\s+(?!was\b|is\b|has\b|does\b|as\b|this\b|its\b|his\b|us\b)[a-z]+s\b)",
            r"(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))\b|(?P<yday>yesterday|last\s+night)\b"
            r"|(?P<tmrw>tomorrow)\b",
            r"(?P<rq>last|next|this\s+past|this|coming)\s+(?P<ru>week|weekend|month|year)\b",
            r"(?:(?P<wq>last|next|this\s+past|this)\s+)?(?P<wd>" + _WEEKDAY + r")\b",
            # the 11th (checked in code: "on the", "by the" ... before it)
            r"(?P<nth>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?!\s+(?:century|centuries|time|times|hour|minute|day|"
            r"anniversary|amendment|floor|place|round|grade|year|straight|consecutive|annual|edition|birthday|"
            r"session|congress|district|largest|biggest|most|best|seed|inning|man|person|of\s+(?:the|a|his|her|its|"
            r"their)\s+(?!month\b)))",
            r"end\s+of\s+(?:the\s+)?(?P<eq>this|next|last)?\s*(?P<eu>year|month)\b|(?P<ye>year[-\s]end|year['’]s\s+end)\b",
            r"(?P<weekend>weekend)\b",
        ]
    ),
    re.IGNORECASE,
)  # fmt: skip
QUANT = re.compile(
    rf"\b(?:(?P<qin>in|within)\s+)?(?P<qn>{_NUM})\s+(?P<qu>day|week|month|year)s?(?P<qago>\s+ago)?\b", re.IGNORECASE
)
# "last summer", "in the spring": a year (which one depends on the qualifier or the tense).
SEASON = re.compile(
    r"\b(?:(?P<sq>last|next|this(?:\s+past)?|coming)\s+|(?:in|during|by|until|since)\s+(?:the\s+)?"
    r"(?:(?:early|late)\s+)?)(?P<season>spring|summer|autumn|fall)\b",
    re.IGNORECASE,
)
_SEASONS = frozenset(u for w in ("spring", "summer", "autumn", "fall") for u in (w, w.capitalize()))
_BEFORE_MONTH = re.compile(
    r"(?:\b(?:in|on|by|since|until|till|through|from|during|before|after|early|late|last|next|this|of|"
    r"between|and|to|or|mid|throughout|around|since)[\s-]+)$",
    re.IGNORECASE,
)
MONTH_QUALIFIER = re.compile(r"\b(last|next|this)\s+$", re.IGNORECASE)
_BEFORE_NTH = re.compile(r"\b(?:on|by|until|till|since|before|after|from|through|of)\s+the\s+$", re.IGNORECASE)
_BEFORE_WEEKEND = re.compile(
    r"\b(?:over|during|at|on|for|through|until|by|since|before|after)\s+the\s+$", re.IGNORECASE
)
_BEFORE_END = re.compile(r"\b(?:the|by|at|until|till|before|toward|towards)\s+$", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_UNITS = frozenset(
    u for w in ("day", "week", "month", "year") for u in (w, w + "s", w.capitalize(), w.capitalize() + "s")
)
# Words a date phrase can start with; the pattern is only tried there (running it at every position is slow).
_ANCHORS = frozenset(
    [m.capitalize() for m in MONTHS]
    + ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    + [
        w
        for r in ["yesterday", "today", "tomorrow", "tonight", "last", "next", "this", "coming", "end",
                  "year", "weekend"]
        for w in (r, r.capitalize())
    ]
)  # fmt: skip


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _before(pattern: re.Pattern[str], text: str, pos: int, lo: int = 0) -> re.Match[str] | None:
    return pattern.search(text, max(lo, pos - 16), pos)


def _accept(m: re.Match[str], text: str) -> bool:
    """Date-shaped words that are dates only in context: a bare month after a preposition ("in May"), an
    ordinal after "on the", "weekend" after "over the", "end of the year" after "by the"."""
    g = m.lastgroup
    if m.group("m4"):
        return _before(_BEFORE_MONTH, text, m.start()) is not None
    if g == "nth":
        return _before(_BEFORE_NTH, text, m.start()) is not None
    if g == "weekend":
        return _before(_BEFORE_WEEKEND, text, m.start()) is not None
    if m.group("eu") or m.group("ye"):
        return m.group("ye") is not None or _before(_BEFORE_END, text, m.start()) is not None
    return True


def date_matches(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Non-overlapping matches of the date patterns in text[start:end], tried only at anchor words."""
    out: list[re.Match[str]] = []
    covered = start
    for tok in _TOKEN.finditer(text, start, end):
        word = tok.group(0)
        if tok.start() < covered:
            continue
        if word in _UNITS:  # "two weeks ago", "in three months": the quantity starts before the unit
            q = QUANT.search(text, max(covered, tok.start() - 16), min(end, tok.end() + 5))
            if (
                q is not None
                and q.start() >= covered
                and q.start("qu") == tok.start()
                and q.group("qin", "qago") != (None, None)
            ):
                out.append(q)
                covered = q.end()
                continue
        if word in _SEASONS:
            q = SEASON.search(text, max(covered, tok.start() - 20), tok.end())
            if q is not None and q.start() >= covered and q.start("season") == tok.start():
                out.append(q)
                covered = q.end()
            continue
        if not (word in _ANCHORS or word[0].isdigit()):
            continue
        m = DATE_RE.match(text, tok.start(), end)
        if m is not None and m.end() > m.start() and _accept(m, text):
            out.append(m)
            covered = m.end()
    return out


_BREAK = re.compile(r"[,;:()]|\b(?:after|before|since|until|ago|than|and|or|but|when|while)\b", re.IGNORECASE)


def same_phrase(text: str, a: int, b: int) -> bool:
    """Does the year at `a` belong to the month at `b`? ("the 2019 G20 summit in June": yes;
    "in July, two years after the 2016 election": no)."""
    lo, hi = min(a, b), max(a, b)
    return hi - lo <= 40 and _BREAK.search(text, lo, hi) is None
