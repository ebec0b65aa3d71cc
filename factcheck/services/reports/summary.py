"""The figures of a verdict report, built once per report in one pass over its rows: the count, totals per
rating, kind, reviewer and outlet, the median times to approval and to publication, published checks a week,
and the two charts. The report builder's page and the printable report (HTML and PDF) show the same ReportSummary.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.services.reports.filters import ReportFilters
from factcheck.services.reports.query import report_select


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


@dataclass(frozen=True)
class ReportSummary:
    totals: Totals
    timeline: Timeline

    @property
    def count(self) -> int:
        return self.totals.count

    @property
    def to_approval(self) -> str:
        return format_duration(self.timeline.to_approval)

    @property
    def to_publication(self) -> str:
        return format_duration(self.timeline.to_publication)


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


def _ranked(counts: Counter[str | None]) -> list[tuple[str, int]]:
    """Most frequent first, then by name; an empty name shows as "(none)"."""
    named: Counter[str] = Counter()
    for key, n in counts.items():
        named[key or "(none)"] += n
    return sorted(named.items(), key=lambda item: (-item[1], item[0]))


def summarize(session: Session, f: ReportFilters) -> ReportSummary:
    """Every figure of the report for the filters, from one streamed select of the report's rows."""
    sub = report_select(f).order_by(None).subquery()
    stmt = select(
        sub.c.rating_label,
        sub.c.rating_value,
        sub.c.rating_colour,
        sub.c.kind,
        sub.c.reviewer,
        sub.c.outlet,
        sub.c.imported_at,
        sub.c.approved_at,
        sub.c.published_at,
    )
    ratings: Counter[tuple[str, int | None, str]] = Counter()
    kinds: Counter[str | None] = Counter()
    reviewers: Counter[str | None] = Counter()
    outlets: Counter[str | None] = Counter()
    to_approval: list[dt.timedelta] = []
    to_publication: list[dt.timedelta] = []
    published: list[dt.datetime] = []
    result = session.execute(stmt.execution_options(yield_per=5000))
    for label, value, colour, kind, reviewer, outlet, imported, approved, pub in result:
        ratings[label, value, colour] += 1
        kinds[kind] += 1
        reviewers[reviewer] += 1
        outlets[outlet] += 1
        if approved is not None:
            to_approval.append(approved - imported)
        if pub is not None:
            to_publication.append(pub - imported)
            published.append(pub)
    by_rating = sorted(
        (RatingTotal(label, value, colour, n) for (label, value, colour), n in ratings.items()),
        key=lambda t: (t.value is None, t.value if t.value is not None else 0, t.label),
    )
    totals = Totals(
        count=sum(ratings.values()),
        by_rating=by_rating,
        by_kind=_ranked(kinds),
        by_reviewer=_ranked(reviewers),
        by_outlet=_ranked(outlets),
    )
    return ReportSummary(totals, Timeline(_median(to_approval), _median(to_publication), weekly(published)))


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
