"""Find date phrases with regular expressions, resolve them with dateparser relative to the publication date.

dateparser's own search invents dates from phrases such as "a month" or "now", so it only ever sees
phrases that the patterns below found, rewritten into a canonical form ("November 11 2018") and cached.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH_NAMES = (
    "", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)  # fmt: skip
_MON = (
    r"(?P<{g}>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))"
)
_DAY = r"(?P<{g}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<{g}>1[89]\d\d|20\d\d)\b"
_WEEKDAY = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"

_DATE_RE = re.compile(
    "|".join(
        [
            r"\b(?P<iso>(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))\b(?!-)",
            # November 11 / Nov. 11, 2018
            _MON.format(g="m1") + r"\s+" + _DAY.format(g="d1") + r"(?:,?\s+" + _YEAR.format(g="y1") + ")?",
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
            r"(?P<rel>yesterday|today|tomorrow|(?:last|next|this)\s+(?:month|year))\b",
            r"(?:(?P<wq>last|next|this)\s+)?(?P<wd>" + _WEEKDAY + r")\b",
        ]
    )
)  # fmt: skip
_BEFORE_MONTH = re.compile(
    r"(?:\b(?:in|on|by|since|until|till|through|from|during|before|after|early|late|last|next|this|of|"
    r"between|and|to|or|mid|throughout|around|since)[\s-]+)$",
    re.IGNORECASE,
)
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|(?:is|are)\s+(?:scheduled|set|expected|due|slated|planned|poised)"
    r"\s+to|going\s+to|plans?\s+to|next|upcoming|coming)\b",
    re.IGNORECASE,
)


# Past-tense cues: past auxiliaries, "ago", "last", regular past forms and the common irregular ones. With neither
# these nor a future cue, a date without a year is the occurrence nearest to publication ("December 20" in an
# article of December 9 is eleven days ahead, not a year back).
_PAST = re.compile(
    r"\b(?:was|were|had|did|didn't|wasn't|weren't|ago|last|yesterday|earlier|previously|former|"
    r"met|held|said|told|took|gave|went|came|made|saw|left|sent|began|spoke|won|lost|wrote|became|fell|rose|"
    r"grew|paid|spent|sold|bought|brought|thought|knew|led|hit|cut|ran|chose|broke|drew|flew|fled|"
    r"[a-z]{2,}ed)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NormalizedDate:
    text: str
    start: int
    end: int
    value: str
    precision: str

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "precision": self.precision,
        }


def looks_future(clause: str) -> bool:
    """True when the clause speaks about what is still to come ("will", "is scheduled to", "next")."""
    return _FUTURE.search(clause) is not None


def tense(clause: str) -> bool | None:
    """True when the clause looks ahead, False when it looks back, None when it gives no cue (future wins)."""
    if looks_future(clause):
        return True
    return False if _PAST.search(clause) is not None else None


@lru_cache(maxsize=64)
def _parser(base: dt.date | None, prefer: str, relative_words: bool) -> DateDataParser:
    from dateparser.date import DateDataParser  # deferred: importing dateparser costs time

    settings: dict[str, object] = {
        "PREFER_DATES_FROM": prefer,
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if not relative_words:  # "November 11", "Friday": skip the slower relative-time parser
        settings["PARSERS"] = ["absolute-time"]
    if base is not None:
        settings["RELATIVE_BASE"] = dt.datetime(base.year, base.month, base.day)
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=8192)
def _resolve(phrase: str, base: dt.date | None, prefer: str, relative_words: bool = False) -> dt.date | None:
    """dateparser's reading of a canonical phrase ("November 11", "last year") relative to `base`."""
    try:
        got = _parser(base, prefer, relative_words).get_date_data(phrase).date_obj
    except (ValueError, OverflowError):
        return None
    return None if got is None else got.date()


def _explicit(phrase: str) -> dt.date | None:
    """A phrase that carries its year needs no resolving: "November 11 2018", "June 2019", "1987"."""
    parts = phrase.split()
    try:
        year = int(parts[-1])
        month = list(_MONTH_NAMES).index(parts[0]) if len(parts) > 1 else 1
        day = int(parts[1]) if len(parts) == 3 else 1
        return dt.date(year, month, day)
    except ValueError:
        return None


def _nearest(phrase: str, base: dt.date, precision: str) -> dt.date | None:
    """The occurrence of a yearless day or month nearest to `base`: dateparser's reading looking back, or the
    same day a year later, whichever is closer (a tie goes to the past: news reports more than it announces).
    One dateparser call, not two: the second reading is only a year apart."""
    back = _resolve(phrase, base, "past")
    if back is None:
        return None
    try:
        ahead = back.replace(year=back.year + 1)
    except ValueError:  # February 29
        return back

    def distance(d: dt.date) -> int:
        if precision == "month":
            return abs((d.year - base.year) * 12 + d.month - base.month)
        return abs((d - base).days)

    return ahead if distance(ahead) < distance(back) else back


def _fmt(d: dt.date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _canonical(m: re.Match[str], text: str) -> tuple[str, str, bool] | None:
    """(phrase for dateparser, precision, needs a base date) for one regex match, or None to skip it."""
    g = m.groupdict()
    if g["iso"]:
        y, mo, d = (int(x) for x in g["iso"].split("-"))
        return f"{_MONTH_NAMES[mo]} {d} {y}", "day", False
    for mk, dk, yk in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
        if g[mk]:
            day, year = int(g[dk]), g[yk]
            phrase = f"{_MONTH_NAMES[_month(g[mk])]} {day}" + (f" {year}" if year else "")
            return phrase, "day", year is None
    if g["m3"]:
        return f"{_MONTH_NAMES[_month(g['m3'])]} {g['y3']}", "month", False
    if g["m4"]:
        # a bare month name ("May", "March") is a month only after a preposition: "in May", "since March"
        if not _BEFORE_MONTH.search(text, max(0, m.start() - 12), m.start()):
            return None
        return _MONTH_NAMES[_month(g["m4"])], "month", True
    if g["y5"]:
        return g["y5"], "year", False
    if g["rel"]:
        rel = " ".join(g["rel"].lower().split())
        precision = "day" if rel in ("yesterday", "today", "tomorrow") else rel.split()[-1]
        return rel, precision, True
    if g["wd"]:
        q = (g["wq"] or "").lower()
        return (f"{q} {g['wd']}".strip(), "day", True)
    return None


_BREAK = re.compile(r"[,;:()]|\b(?:after|before|since|until|ago|than|and|or|but|when|while)\b", re.IGNORECASE)


def _same_phrase(text: str, a: int, b: int) -> bool:
    """Does the year at `a` belong to the month at `b`? ("the 2019 G20 summit in June": yes;
    "in July, two years after the 2016 election": no)."""
    lo, hi = min(a, b), max(a, b)
    return hi - lo <= 40 and _BREAK.search(text, lo, hi) is None


_TOKEN = re.compile(r"[A-Za-z]+|\d+")
# Words a date phrase can start with; the pattern is only tried there (running it at every position is slow).
_ANCHORS = frozenset(
    [m.capitalize() for m in _MONTHS]
    + ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    + [w for r in ["yesterday", "today", "tomorrow", "last", "next", "this"] for w in (r, r.capitalize())]
)


def _date_matches(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Non-overlapping matches of the date pattern in text[start:end], tried only at anchor words."""
    out: list[re.Match[str]] = []
    covered = start
    for tok in _TOKEN.finditer(text, start, end):
        if tok.start() < covered or not (tok.group(0) in _ANCHORS or tok.group(0)[0].isdigit()):
            continue
        m = _DATE_RE.match(text, tok.start(), end)
        if m is not None and m.end() > m.start():
            out.append(m)
            covered = m.end()
    return out


def find_dates(
    text: str, start: int, end: int, published: dt.date | None, future: bool | None = None
) -> tuple[NormalizedDate, ...]:
    """Normalized dates mentioned in text[start:end]; offsets are in `text`.

    A date without a year looks ahead when `future` is True, back when it is False; with None the clause's tense
    decides, and a clause with no tense cue takes the occurrence nearest to `published`.
    """
    told = future is not None
    found: list[tuple[re.Match[str], str, str, bool]] = []
    for m in _date_matches(text, start, end):
        c = _canonical(m, text)
        if c is not None:
            found.append((m, *c))
    years = [(m.start(), m.group("y5")) for m, _, prec, _ in found if prec == "year" and m.group("y5")]
    used_years: set[int] = set()
    out: list[NormalizedDate] = []
    for m, phrase, precision, relative in found:
        if m.group("m4") and years:
            near = min(years, key=lambda y: abs(y[0] - m.start()))
            if _same_phrase(text, near[0], m.start()):
                phrase, relative = f"{phrase} {near[1]}", False
                used_years.add(near[0])
        if relative and published is None:
            continue
        if relative and not told:  # tense only matters for phrases that lack a year
            future, told = tense(text[start:end]), True
        is_rel = m.group("rel") is not None
        value: dt.date | None
        if not relative:
            value = _explicit(phrase)
        elif future is None and published is not None and not is_rel and not m.group("wd"):
            value = _nearest(phrase, published, precision)  # "December 20", "in July": no tense either way
        else:
            value = _resolve(phrase, published, "future" if future else "past", is_rel)
        if value is None:
            continue
        out.append(NormalizedDate(m.group(0), m.start(), m.end(), _fmt(value, precision), precision))
    return tuple(d for d in out if not (d.precision == "year" and d.start in used_years))


def clear_cache() -> None:
    """Forget resolved phrases (for cold-start measurements)."""
    _resolve.cache_clear()
    _parser.cache_clear()
