"""Figures for a verdict report: totals per rating, kind, reviewer and outlet; medians; published checks a week."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.services.reports import ReportFilters, report_select


@dataclass(frozen=True)
class RatingTotal:
    label: str
    value: int | None
    colour: str
    count: int


@dataclass(frozen=True)
class Totals:
    count: int
    by_rating: list[RatingTotal]
    by_kind: list[tuple[str, int]]
    by_reviewer: list[tuple[str, int]]
    by_outlet: list[tuple[str, int]]


@dataclass(frozen=True)
class WeekCount:
    week: dt.date  # the Monday that starts the ISO week
    count: int


@dataclass(frozen=True)
class Timeline:
    to_approval: dt.timedelta | None  # median time from import (claim created) to approval
    to_publication: dt.timedelta | None  # median time from import to publication
    weeks: list[WeekCount]  # published checks per ISO week, every week from the first to the last

    @property
    def weeks_without(self) -> int:
        return sum(1 for w in self.weeks if w.count == 0)


def totals(session: Session, f: ReportFilters) -> Totals:
    sub = report_select(f).order_by(None).subquery()

    def grouped(column: Any) -> list[tuple[str, int]]:
        rows = session.execute(select(column, func.count()).group_by(column).order_by(func.count().desc(), column))
        return [(str(k if k not in (None, "") else "(none)"), int(n)) for k, n in rows]

    ratings = session.execute(
        select(sub.c.rating_label, sub.c.rating_value, sub.c.rating_colour, func.count()).group_by(
            sub.c.rating_label, sub.c.rating_value, sub.c.rating_colour
        )
    )
    by_rating = sorted(
        (RatingTotal(lbl, v, c, int(n)) for lbl, v, c, n in ratings),
        key=lambda t: (t.value is None, t.value if t.value is not None else 0, t.label),
    )
    return Totals(
        count=sum(t.count for t in by_rating),
        by_rating=by_rating,
        by_kind=grouped(sub.c.kind),
        by_reviewer=grouped(sub.c.reviewer),
        by_outlet=grouped(sub.c.outlet),
    )


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly(stamps: list[dt.datetime]) -> list[WeekCount]:
    """Counts per ISO week (Monday start, UTC), with the empty weeks in between."""
    if not stamps:
        return []
    counts = Counter(week_start(s.astimezone(dt.UTC).date()) for s in stamps)
    first, last = min(counts), max(counts)
    weeks, day = [], first
    while day <= last:
        weeks.append(WeekCount(day, counts.get(day, 0)))
        day += dt.timedelta(days=7)
    return weeks


def _median(values: list[dt.timedelta]) -> dt.timedelta | None:
    if not values:
        return None
    return dt.timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def timeline(session: Session, f: ReportFilters) -> Timeline:
    sub = report_select(f).order_by(None).subquery()
    stmt = select(sub.c.imported_at, sub.c.approved_at, sub.c.published_at)
    to_approval: list[dt.timedelta] = []
    to_publication: list[dt.timedelta] = []
    published: list[dt.datetime] = []
    for imported, approved, pub in session.execute(stmt.execution_options(yield_per=5000)):
        if approved is not None:
            to_approval.append(approved - imported)
        if pub is not None:
            to_publication.append(pub - imported)
            published.append(pub)
    return Timeline(_median(to_approval), _median(to_publication), weekly(published))


def format_duration(value: dt.timedelta | None) -> str:
    """'3 d 4 h', '5 h 12 min', '40 s'; an em dash when there is nothing to measure."""
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min" if minutes else f"{secs} s"
