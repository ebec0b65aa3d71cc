"""Verdict reports: filters -> one SQL select of report rows (one row per claim with a verdict), streamed.

- filters: ReportFilters and parse_filters (validation of the builder's, the API's and the CLI's values)
- query: report_select, the one select every report reads, and count
- rows: ReportRow, iter_rows (streamed rows), RawReport (the same rows unconverted, for the CSV)

This file only re-exports them for callers outside the package; modules inside import each other directly.
"""

from factcheck.services.reports.filters import (
    DATE_FIELDS,
    FILTER_KEYS,
    STATUSES,
    InvalidFilter,
    ReportFilters,
    filter_choices,
    parse_filters,
)
from factcheck.services.reports.query import EVIDENCE_PARTS, RECORD, UNIT, count, report_select
from factcheck.services.reports.rows import (
    BATCH,
    RawReport,
    ReportRow,
    ReportRows,
    SourceRef,
    iter_rows,
    normal_dates,
    preview,
    source_refs,
    tag_list,
)

__all__ = [
    "BATCH",
    "DATE_FIELDS",
    "EVIDENCE_PARTS",
    "FILTER_KEYS",
    "RECORD",
    "STATUSES",
    "UNIT",
    "InvalidFilter",
    "RawReport",
    "ReportFilters",
    "ReportRow",
    "ReportRows",
    "SourceRef",
    "count",
    "filter_choices",
    "iter_rows",
    "normal_dates",
    "parse_filters",
    "preview",
    "report_select",
    "source_refs",
    "tag_list",
]
