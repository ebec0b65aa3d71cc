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
from factcheck.claims.dates_patterns import (
    DATE_RE,
    MONTH_QUALIFIER,
    QUANT,
    date_matches,
    month_number,
    same_phrase,
)
from factcheck.claims.tense import Cue, Direction, cues, governing


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


def _explicit(m: re.Match[str]) -> tuple[dt.date, str] | None:
    g = m.groupdict()
    try:
        if g.get("iso"):
            return dt.date.fromisoformat(g["iso"]), "day"
        if g.get("y1"):
            return dt.date(int(g["y1"]), month_number(g["m1"]), int(g["d1"])), "day"
        if g.get("y2"):
            return dt.date(int(g["y2"]), month_number(g["m2"]), int(g["d2"])), "day"
        if g.get("y3"):
            return dt.date(int(g["y3"]), month_number(g["m3"]), 1), "month"
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
    if g.get("season"):
        return cal.season(base, g["season"].lower(), " ".join((g["sq"] or "").lower().split()), direction)
    if g.get("qn"):
        n = cal.count(g["qn"])
        ago = g["qago"] is not None
        if n is None or (not ago and not future):  # "the highest in two years" is no date
            return None
        return cal.quantity(base, n, g["qu"].lower(), ago)
    if g.get("m1") or g.get("m2"):
        mon, day = (g["m1"], g["d1"]) if g.get("m1") else (g["m2"], g["d2"])
        found = cal.day_of_year(base, month_number(mon), int(day), direction)
        return None if found is None else (found, "day")
    if g.get("m4"):
        q = MONTH_QUALIFIER.search(text, max(0, m.start() - 6), m.start())
        y, mo = cal.month(base, month_number(g["m4"]), q.group(1).lower() if q else "", direction)
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
    matches = date_matches(text, start, end)
    years = [(m.start(), m.group("y5")) for m in matches if m.re is DATE_RE and m.group("y5")]
    used_years: set[int] = set()
    found_cues: list[Cue] | None = None
    out: list[NormalizedDate] = []
    for m in matches:
        got = _explicit(m) if m.re is DATE_RE else None
        basis = "explicit date"
        if got is None and m.re is DATE_RE and (m.group("m4") or m.group("m1") or m.group("m2")) and years:
            near = min(years, key=lambda y: abs(y[0] - m.start()))
            if same_phrase(text, near[0], m.start()):
                used_years.add(near[0])
                mon, day = m.group("m4") or m.group("m1") or m.group("m2"), m.group("d1") or m.group("d2")
                try:
                    got = dt.date(int(near[1]), month_number(mon), int(day) if day else 1), "day" if day else "month"
                except ValueError:
                    continue
                basis = f"year from the same phrase: {near[1]}"
        if got is None:
            if published is None:
                continue
            if found_cues is None and told is None:
                found_cues = cues(text, start, end)
            direction, basis = _direction(text, start, end, m, told, found_cues)
            if m.lastgroup in _SELF_DIRECTED or (m.re is QUANT and m.group("qago")):
                basis = f"relative to {published.isoformat()}"
            try:
                got = _relative(m, text, published, direction, direction == "ahead" and basis.startswith("future"))
            except (OverflowError, ValueError):  # a base date at the edge of the calendar (year 1 or 9999)
                got = None
            if got is None:
                continue
            basis += note
        value, precision = got
        out.append(NormalizedDate(m.group(0), m.start(), m.end(), _fmt(value, precision), precision, basis))
    return tuple(d for d in out if not (d.precision == "year" and d.start in used_years))


def clear_cache() -> None:
    """Forget resolved phrases (for cold-start measurements)."""
    cal.clear_caches()
