"""Calendar arithmetic for dates that lack a year or are relative to the publication date.

Every function takes the base date (publication or dateline) and a direction: "back" is the most recent
occurrence on or before the base, "ahead" the next one on or after it, "nearest" whichever is closer (a tie goes
back: news reports more than it announces). Qualifiers ("last Friday", "next June") override the direction.
Quantities ("two weeks ago", "in three months") are resolved by dateparser from a canonical phrase we built.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING

from factcheck.claims.tense import Direction

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ONE = dt.timedelta(days=1)
# A yearless day in a past clause up to this many days after the base date is a slip of the base (a page dated
# in another time zone, a story filed after its dateline), not the same day a year earlier.
SLIP_DAYS = 2


def weekday(base: dt.date, wd: int, qualifier: str, direction: Direction) -> dt.date:
    """The weekday `wd` (0 = Monday) nearest `base` in `direction`; "last"/"next" exclude the base day itself,
    "this" means the base's own week (Monday to Sunday)."""
    back = base - dt.timedelta(days=(base.weekday() - wd) % 7)
    ahead = base + dt.timedelta(days=(wd - base.weekday()) % 7)
    if qualifier in ("last", "this past"):
        return back if back < base else back - dt.timedelta(days=7)
    if qualifier == "next":
        return ahead if ahead > base else ahead + dt.timedelta(days=7)
    if qualifier == "this":
        return base + dt.timedelta(days=wd - base.weekday())
    if direction == "back":
        return back
    if direction == "ahead":
        return ahead
    return back if (base - back) <= (ahead - base) else ahead


def _months(y: int, m: int) -> int:
    return y * 12 + m - 1


def month(base: dt.date, m: int, qualifier: str, direction: Direction) -> tuple[int, int]:
    """(year, month) of a month named without a year: "in January", "last December", "next June"."""
    if qualifier == "this":
        return base.year, m
    if qualifier == "last" or (direction == "back" and m > base.month):
        return (base.year if m < base.month else base.year - 1), m
    if qualifier == "next" or (direction == "ahead" and m < base.month):
        return (base.year if m > base.month else base.year + 1), m
    if direction in ("back", "ahead"):
        return base.year, m
    here = _months(base.year, base.month)
    back = base.year if m <= base.month else base.year - 1
    ahead = base.year if m >= base.month else base.year + 1
    return (back, m) if here - _months(back, m) <= _months(ahead, m) - here else (ahead, m)


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def day_of_year(base: dt.date, m: int, d: int, direction: Direction) -> dt.date | None:
    """A day without a year ("November 11"): the occurrence on or before / on or after / nearest `base`."""
    back = next((x for y in range(base.year, base.year - 9, -1) if (x := _valid(y, m, d)) and x <= base), None)
    ahead = next((x for y in range(base.year, base.year + 9) if (x := _valid(y, m, d)) and x >= base), None)
    return _pick(base, back, ahead, direction)


def _pick(base: dt.date, back: dt.date | None, ahead: dt.date | None, direction: Direction) -> dt.date | None:
    if direction == "back" and ahead is not None and (ahead - base).days <= SLIP_DAYS:
        return ahead
    if direction == "back" or ahead is None:
        return back
    if direction == "ahead" or back is None:
        return ahead
    return back if (base - back) <= (ahead - base) else ahead


def _add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = _months(y, m) + n
    return k // 12, k % 12 + 1


def day_of_month(base: dt.date, d: int, direction: Direction) -> dt.date | None:
    """A day of the month ("on the 11th"): the 11th of the base's month or a neighbouring one, by direction."""
    cands = [x for n in range(-2, 3) if (x := _valid(*_add_months(base.year, base.month, n), d))]
    back = max((x for x in cands if x <= base), default=None)
    ahead = min((x for x in cands if x >= base), default=None)
    return _pick(base, back, ahead, direction)


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _weekend(base: dt.date, which: str, step: int, direction: Direction) -> dt.date:
    """The Saturday of a weekend: "last weekend" is the one before the base's week (on a Sunday, the one before
    yesterday's), "this weekend" the base's own, "over the weekend" the one just past or the one ahead."""
    saturday = _monday(base) + dt.timedelta(days=5)  # of the base's week (Monday to Sunday)
    before = saturday if saturday <= base else saturday - dt.timedelta(weeks=1)
    if step:
        return saturday + dt.timedelta(weeks=step)
    if which == "the" or direction == "back":
        if direction == "back":
            return before
        if direction == "ahead":
            return saturday
        return before if (base - before) <= (saturday - base) else saturday
    return saturday


def relative(base: dt.date, which: str, unit: str, direction: Direction) -> tuple[dt.date, str] | None:
    """A period named relative to the base ("last week", "this month", "the weekend"): (date, precision).

    A week is given by its Monday, a weekend by its Saturday, both with "week" precision.
    """
    step = {"last": -1, "this past": -1, "past": -1, "next": 1, "coming": 1}.get(which, 0)
    if unit == "day":
        return base + step * _ONE, "day"
    if unit == "week":
        return _monday(base) + dt.timedelta(weeks=step), "week"
    if unit == "weekend":
        return _weekend(base, which, step, direction), "week"
    if unit == "month":
        y, m = _add_months(base.year, base.month, step)
        return dt.date(y, m, 1), "month"
    if unit == "year":
        return dt.date(base.year + step, 1, 1), "year"
    return None


def end_of(base: dt.date, which: str, unit: str) -> tuple[dt.date, str] | None:
    """The end of a period: "by the end of the year" is December of that year, "the end of next month" that month."""
    step = {"last": -1, "next": 1}.get(which, 0)
    if unit == "year":
        return dt.date(base.year + step, 12, 1), "month"
    if unit == "month":
        y, m = _add_months(base.year, base.month, step)
        return dt.date(y, m, 1), "month"
    return None


_SEASON_MONTHS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}


def season(base: dt.date, name: str, qualifier: str, direction: Direction) -> tuple[dt.date, str]:
    """The year of "last summer", "this spring", "in the autumn": a season that began on or before the base
    month is this year's when looking back ("last" wants it over: its last month before the base month)."""
    first, last = _SEASON_MONTHS[name]
    if qualifier == "this":
        year = base.year
    elif qualifier in ("last", "this past"):
        year = base.year if last < base.month else base.year - 1
    elif qualifier in ("next", "coming"):
        year = base.year if first > base.month else base.year + 1
    elif direction == "back":
        year = base.year if first <= base.month else base.year - 1
    elif direction == "ahead":
        year = base.year if last >= base.month else base.year + 1
    else:
        year = base.year
    return dt.date(year, first, 1), "year"


_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip


def count(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else _NUMBERS.get(w)


@lru_cache(maxsize=16)
def _parser(base: dt.date) -> DateDataParser:
    from dateparser.date import DateDataParser  # deferred: importing dateparser costs time

    settings = {"RELATIVE_BASE": dt.datetime(base.year, base.month, base.day), "RETURN_AS_TIMEZONE_AWARE": False}
    return DateDataParser(languages=["en"], settings=settings)


@lru_cache(maxsize=2048)
def quantity(base: dt.date, n: int, unit: str, ago: bool) -> tuple[dt.date, str] | None:
    """A quantity of time ("two weeks ago", "in three months") relative to `base`, read by dateparser."""
    phrase = f"{n} {unit}s ago" if ago else f"in {n} {unit}s"
    try:
        got = _parser(base).get_date_data(phrase).date_obj
    except (ValueError, OverflowError):
        return None
    if got is None:
        return None
    precision = {"day": "day", "week": "week", "month": "month"}.get(unit, "month" if n == 1 else "year")
    return got.date(), precision


def clear_caches() -> None:
    """Forget the quantities read and the parsers built (for cold-start measurements)."""
    quantity.cache_clear()
    _parser.cache_clear()
