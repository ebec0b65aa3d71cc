"""The export formats of a verdict report, one place for the web page, the API and the CLI.

`export_chunks(fmt, ctx, rows)` yields the file in pieces (str for the text formats, bytes for the PDF) so callers
can stream it; `rows` is any iterable of ReportRow (the CLI wraps it in a progress bar). This registry knows the
writers; the writers know only ExportContext (export_context), never the registry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from factcheck.exports.csv_export import csv_chunks
from factcheck.exports.export_context import ExportContext, Renderer
from factcheck.exports.json_export import json_chunks
from factcheck.exports.pdf_export import pdf_chunks
from factcheck.exports.report_feeds import annotation_chunks, claimreview_chunks
from factcheck.exports.report_fields import stamp_name
from factcheck.services.reports import ReportRow

__all__ = ["FORMATS", "ExportContext", "ExportFormat", "Renderer", "export_chunks", "file_name"]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    media_type: str
    what: str  # the file name's first word


FORMATS: dict[str, ExportFormat] = {
    "csv": ExportFormat("csv", "csv", "text/csv; charset=utf-8", "verdicts"),
    "json": ExportFormat("json", "json", "application/json; charset=utf-8", "verdicts"),
    "claimreview": ExportFormat("claimreview", "jsonld", "application/ld+json; charset=utf-8", "claimreview-feed"),
    "annotations": ExportFormat(
        "annotations", "jsonld", 'application/ld+json;profile="http://www.w3.org/ns/anno.jsonld"', "annotations"
    ),
    "pdf": ExportFormat("pdf", "pdf", "application/pdf", "verdict-report"),
}


def file_name(fmt: str, now: dt.datetime | None = None) -> str:
    spec = FORMATS[fmt]
    return stamp_name(spec.what, spec.extension, now)


def export_chunks(fmt: str, ctx: ExportContext, rows: Iterable[ReportRow]) -> Iterator[str | bytes]:
    if fmt == "csv":
        return csv_chunks(rows, ctx.site_url, bom=ctx.bom)
    if fmt == "json":
        return json_chunks(rows, ctx.site_url, ctx.filters.as_params(), now=ctx.now)
    if fmt == "claimreview":
        return claimreview_chunks(ctx, rows)
    if fmt == "annotations":
        return annotation_chunks(ctx, rows)
    if fmt == "pdf":
        return pdf_chunks(ctx, rows)
    raise KeyError(fmt)
