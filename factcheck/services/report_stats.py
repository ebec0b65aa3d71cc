"""Kept only for factcheck/views/reports.py, which another branch is rewriting: the figures now live in
services/reports/summary.py and are built once per report by `summarize`. Delete this module once the report
page calls `summarize` (one pass instead of the two these functions make)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.services.reports.filters import ReportFilters
from factcheck.services.reports.summary import (
    RatingTotal,
    Timeline,
    Totals,
    WeekCount,
    format_duration,
    summarize,
    weekly,
)

__all__ = ["RatingTotal", "Timeline", "Totals", "WeekCount", "format_duration", "timeline", "totals", "weekly"]


def totals(session: Session, f: ReportFilters) -> Totals:
    return summarize(session, f).totals


def timeline(session: Session, f: ReportFilters) -> Timeline:
    return summarize(session, f).timeline
