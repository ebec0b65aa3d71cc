"""Find date phrases with regular expressions; resolve them against the publication date and the clause's tense.

A phrase with its year needs nothing more. A phrase without one ("on Thursday", "in January", "Nov. 11", "the
11th", "last weekend", "two weeks ago") is resolved against the publication date (or the article's dateline) in
the direction the clause gives it (tense.py): back for a past clause, ahead for a future or scheduled one, the
nearest occurrence when a clause says neither. Every date keeps the words that decided it (`basis`).
dateparser's own search invents dates from phrases such as "a month" or "now", so it never searches: it only
reads quantities we found ("two weeks ago"); the rest is calendar arithmetic (dates_resolve.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from factcheck.claims import dates_resolve as cal
from factcheck.claims.tense import Cue, Direction, cues, governing

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MON = (
    r"(?P<{g}>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|\b))"
)
_DAY = r"(?P<{g}>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<{g}>1[89]\d\d|20\d\d)\b"
_WEEKDAY = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_NUM = r"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"

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
            r"(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))\b|(?P<yday>yesterday|last\s+night)\b"
            r"|(?P<tmrw>tomorrow)\b",
            r"(?P<rq>last|next|this\s+past|this|coming)\s+(?P<ru>week|weekend|month|year)\b",
            r"(?:(?P<wq>last|next|this\s+past|this)\s+)?(?P<wd>" + _WEEKDAY + r")\b",
            # the 11th (checked in code: "on the", "by the" ... before it)
            r"(?P<nth>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?[a-z])",
            r"end\s+of\s+(?:the\s+)?(?P<eq>this|next|last)?\s*(?P<eu>year|month)\b|(?P<ye>year[-\s]end|year['’]s\s+end)\b",
            r"(?P<weekend>weekend)\b",
        ]
    ),
    re.IGNORECASE,
)  # fmt: skip
_QUANT = re.compile(
    rf"\b(?:(?P<qin>in|within)\s+)?(?P<qn>{_NUM})\s+(?P<qu>day|week|month|year)s?(?P<qago>\s+ago)?\b", re.IGNORECASE
)
_BEFORE_MONTH = re.compile(
    r"(?:\b(?:in|on|by|since|until|till|through|from|during|before|after|early|late|last|next|this|of|"
    r"between|and|to|or|mid|throughout|around|since)[\s-]+)$",
    re.IGNORECASE,
)
_MONTH_QUALIFIER = re.compile(r"\b(last|next|this)\s+$", re.IGNORECASE)
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
    [m.capitalize() for m in _MONTHS]
    + ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    + [
        w
        for r in ["yesterday", "today", "tomorrow", "tonight", "last", "next", "this", "coming", "end",
                  "year", "weekend"]
        for w in (r, r.capitalize())
    ]
)  # fmt: skip


@dataclass(frozen=True)
class NormalizedDate:
    text: str
    start: int
    end: int
    value: str
    precision: str  # day | week | month | year
    basis: str = ""  # the words that decided the value: "past tense: canceled", "explicit year"

    def as_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value,
            "precision": self.precision,
            "basis": self.basis,
        }


def _fmt(d: dt.date, precision: str) -> str:
    if precision in ("day", "week"):
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


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


def _date_matches(text: str, start: int, end: int) -> list[re.Match[str]]:
    """Non-overlapping matches of the date patterns in text[start:end], tried only at anchor words."""
    out: list[re.Match[str]] = []
    covered = start
    for tok in _TOKEN.finditer(text, start, end):
        word = tok.group(0)
        if tok.start() < covered:
            continue
        if word in _UNITS:  # "two weeks ago", "in three months": the quantity starts before the unit
            q = _QUANT.search(text, max(covered, tok.start() - 16), min(end, tok.end() + 5))
            if (
                q is not None
                and q.start() >= covered
                and q.start("qu") == tok.start()
                and q.group("qin", "qago") != (None, None)
            ):
                out.append(q)
                covered = q.end()
                continue
        if not (word in _ANCHORS or word[0].isdigit()):
            continue
        m = _DATE_RE.match(text, tok.start(), end)
        if m is not None and m.end() > m.start() and _accept(m, text):
            out.append(m)
            covered = m.end()
    return out


_BREAK = re.compile(r"[,;:()]|\b(?:after|before|since|until|ago|than|and|or|but|when|while)\b", re.IGNORECASE)


def _same_phrase(text: str, a: int, b: int) -> bool:
    """Does the year at `a` belong to the month at `b`? ("the 2019 G20 summit in June": yes;
    "in July, two years after the 2016 election": no)."""
    lo, hi = min(a, b), max(a, b)
    return hi - lo <= 40 and _BREAK.search(text, lo, hi) is None


def _explicit(m: re.Match[str]) -> tuple[dt.date, str] | None:
    g = m.groupdict()
    try:
        if g.get("iso"):
            return dt.date.fromisoformat(g["iso"]), "day"
        if g.get("y1"):
            return dt.date(int(g["y1"]), _month(g["m1"]), int(g["d1"])), "day"
        if g.get("y2"):
            return dt.date(int(g["y2"]), _month(g["m2"]), int(g["d2"])), "day"
        if g.get("y3"):
            return dt.date(int(g["y3"]), _month(g["m3"]), 1), "month"
        if g.get("y5"):
            return dt.date(int(g["y5"]), 1, 1), "year"
    except ValueError:
        return None
    return None


def _relative(
    m: re.Match[str], text: str, base: dt.date, direction: Direction, future: bool
) -> tuple[dt.date, str] | None:
    """The value of a phrase that needs the base date and a direction (`future`: a future cue governs it)."""
    g = m.groupdict()
    if g.get("qn"):
        n = cal.count(g["qn"])
        ago = g["qago"] is not None
        if n is None or (not ago and not future):  # "the highest in two years" is no date
            return None
        return cal.quantity(base, n, g["qu"].lower(), ago)
    if g.get("m1") or g.get("m2"):
        mon, day = (g["m1"], g["d1"]) if g.get("m1") else (g["m2"], g["d2"])
        found = cal.day_of_year(base, _month(mon), int(day), direction)
        return None if found is None else (found, "day")
    if g.get("m4"):
        q = _MONTH_QUALIFIER.search(text, max(0, m.start() - 6), m.start())
        y, mo = cal.month(base, _month(g["m4"]), q.group(1).lower() if q else "", direction)
        return dt.date(y, mo, 1), "month"
    if g.get("wd"):
        wd = cal.WEEKDAYS.index(g["wd"].lower())
        return cal.weekday(base, wd, " ".join((g["wq"] or "").lower().split()), direction), "day"
    if g.get("nth"):
        found = cal.day_of_month(base, int(g["nth"]), direction)
        return None if found is None else (found, "day")
    for key, step in (("today", 0), ("yday", -1), ("tmrw", 1)):
        if g.get(key):
            return base + dt.timedelta(days=step), "day"
    if g.get("ru"):
        return cal.relative(base, " ".join(g["rq"].lower().split()), g["ru"].lower(), direction)
    if g.get("weekend"):
        return cal.relative(base, "the", "weekend", direction)
    if g.get("eu") or g.get("ye"):
        return cal.end_of(base, (g.get("eq") or "").lower(), (g.get("eu") or "year").lower())
    return None


_SELF_DIRECTED = ("today", "yday", "tmrw", "ru", "eu", "ye")  # these need no tense to be placed


def _direction(
    text: str, start: int, end: int, m: re.Match[str], told: Direction | None, found: list[Cue] | None
) -> tuple[Direction, str]:
    if told is not None:
        return told, f"told: {told}"
    cue = governing(text, start, end, m.start(), m.end(), found)
    if cue is None:
        return "nearest", "no tense cue: nearest to publication"
    return cue.direction, cue.basis


def find_dates(
    text: str, start: int, end: int, published: dt.date | None, future: bool | None = None, *, note: str = ""
) -> tuple[NormalizedDate, ...]:
    """Normalized dates mentioned in text[start:end]; offsets are in `text`.

    A date without a year looks ahead when `future` is True, back when it is False; with None the tense and
    modality of the words that govern it decide, and with no cue it is the occurrence nearest to `published`
    (the base date; `note` says where it came from, e.g. a dateline).
    """
    told: Direction | None = None if future is None else ("ahead" if future else "back")
    matches = _date_matches(text, start, end)
    years = [(m.start(), m.group("y5")) for m in matches if m.re is _DATE_RE and m.group("y5")]
    used_years: set[int] = set()
    found_cues: list[Cue] | None = None
    out: list[NormalizedDate] = []
    for m in matches:
        got = _explicit(m) if m.re is _DATE_RE else None
        basis = "explicit date"
        if got is None and m.re is _DATE_RE and (m.group("m4") or m.group("m1") or m.group("m2")) and years:
            near = min(years, key=lambda y: abs(y[0] - m.start()))
            if _same_phrase(text, near[0], m.start()):
                used_years.add(near[0])
                mon, day = m.group("m4") or m.group("m1") or m.group("m2"), m.group("d1") or m.group("d2")
                try:
                    got = dt.date(int(near[1]), _month(mon), int(day) if day else 1), "day" if day else "month"
                except ValueError:
                    continue
                basis = f"year from the same phrase: {near[1]}"
        if got is None:
            if published is None:
                continue
            if found_cues is None and told is None:
                found_cues = cues(text, start, end)
            direction, basis = _direction(text, start, end, m, told, found_cues)
            if m.lastgroup in _SELF_DIRECTED or (m.re is _QUANT and m.group("qago")):
                basis = f"relative to {published.isoformat()}"
            got = _relative(m, text, published, direction, direction == "ahead" and basis.startswith("future"))
            if got is None:
                continue
            basis += note
        value, precision = got
        out.append(NormalizedDate(m.group(0), m.start(), m.end(), _fmt(value, precision), precision, basis))
    return tuple(d for d in out if not (d.precision == "year" and d.start in used_years))


def clear_cache() -> None:
    """Forget resolved phrases (for cold-start measurements)."""
    cal.quantity.cache_clear()
