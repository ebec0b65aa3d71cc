"""CSV of a verdict report, one row per claim, written row by row (see report_fields for the columns).

UTF-8 with a byte-order mark by default (Excel then reads it right), plain UTF-8 on request; the csv module's
quoting; a cell starting with =, +, -, @, a tab or a carriage return is prefixed with ' (formula injection).
Lists (dates, tags, and each piece of evidence's source, passage, stance...) are one cell each, their items on
separate lines, each item on one line (a passage's line breaks become spaces), so the evidence columns' lines
stay aligned: line 3 of every evidence cell is the third piece of evidence. Yes/no for true/false, nothing for
a missing value (a score when the passage was not found).

Both paths follow report_fields.COLUMNS. Given what `reports.iter_rows` returns, the rows are read raw
(reports.RawReport: no ORM conversions) and formatted a batch at a time, column by column (`_fast_chunks`: one
list comprehension per column and batch, no function call per cell); any other iterable of ReportRow (a progress
bar, a list) goes through `row_reader` and `cell`, the reference. Both write the same bytes
(tests/exports/test_csv_json.py compares them).
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from factcheck.exports.report_fields import COLUMNS, Column, Kind, plain_text, row_reader, utc_z
from factcheck.services.reports import RawReport, ReportRow, ReportRows, SourceRef, source_refs, tag_list

BOM = "\ufeff"
MEDIA_TYPE = "text/csv; charset=utf-8"
_RISKY = ("=", "+", "-", "@", "\t", "\r")
_RISKY_FIRST = frozenset(_RISKY)  # the same test as startswith(_RISKY), faster: `text[:1] in _RISKY_FIRST`
_DATES_CACHE = 4096  # distinct raw dates values remembered per export (most claims share a few, "[]" above all)
_INDEX = {f.name: i for i, f in enumerate(dataclasses.fields(ReportRow))}  # a raw row is in ReportRow's order

Cells = Callable[[Sequence[Sequence[Any]]], list[Any]]  # a batch's columns (raw) -> one export column's cells
Evidence = Callable[[Sequence[Sequence[Any]]], list[list[SourceRef]]]  # a batch's columns -> each row's evidence


def item(value: Any) -> str:
    """One item of a list cell, on one line: None as nothing, booleans as yes/no, a score without a needless .0."""
    if value is None:
        return ""
    if value is True or value is False:
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{round(value, 1):g}"
    text = str(value)
    return " ".join(text.split()) if "\n" in text or "\r" in text or "  " in text or "\t" in text else text


def cell(value: Any) -> str:
    """One value as a safe CSV cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "\n".join([item(v) for v in value])
    text = str(value)
    return "'" + text if text.startswith(_RISKY) else text


def csv_chunks(
    rows: Iterable[ReportRow],
    site_url: str,
    *,
    bom: bool = True,
    flush_every: int = 200,
    columns: Sequence[Column] = COLUMNS,
) -> Iterator[str]:
    """The CSV text in chunks of about `flush_every` rows; the header comes first, even for an empty set."""
    if isinstance(rows, ReportRows):
        return _fast_chunks(rows.raw(), site_url, bom=bom, flush_every=flush_every, columns=columns)
    return _row_chunks(rows, site_url, bom=bom, flush_every=flush_every, columns=columns)


def _header(writer: Any, buffer: io.StringIO, bom: bool, columns: Sequence[Column]) -> str:
    if bom:
        buffer.write(BOM)
    writer.writerow([column.name for column in columns])
    return _drain(buffer)


def _row_chunks(
    rows: Iterable[ReportRow], site_url: str, *, bom: bool, flush_every: int, columns: Sequence[Column]
) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield _header(writer, buffer, bom, columns)
    values = row_reader(site_url, columns)
    pending = 0
    for row in rows:
        writer.writerow(
            [("'" + v if v.startswith(_RISKY) else v) if v.__class__ is str else cell(v) for v in values(row)]
        )
        pending += 1
        if pending >= flush_every:
            yield _drain(buffer)
            pending = 0
    if pending:
        yield _drain(buffer)


def _fast_chunks(
    raw: RawReport, site_url: str, *, bom: bool, flush_every: int, columns: Sequence[Column]
) -> Iterator[str]:
    """COLUMNS over raw rows: each batch turned into columns, each column into its cells, the cells back into
    rows for writerows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield _header(writer, buffer, bom, columns)
    evidence = _evidence_reader(_INDEX["sources"])  # parsed once a batch for all the evidence columns
    writers = [_raw_cells(column, raw, site_url, evidence) for column in columns]
    for batch in raw.batches():
        if not batch:
            continue
        values = list(zip(*batch, strict=True))  # the batch's columns
        rows = zip(*[cells(values) for cells in writers], strict=True)
        del values  # the cells hold what is needed: free the columns before the next batch is fetched
        for _ in range(0, len(batch), flush_every):
            writer.writerows(islice(rows, flush_every))
            yield _drain(buffer)
        del rows, batch


def _raw_cells(column: Column, raw: RawReport, site_url: str, evidence: Evidence) -> Cells:
    """The function that writes one column's cells for a batch of raw rows, as `cell` would write the typed value
    (row_reader) of each: the risky-start check only where a value can start with a risky character."""
    i, kind, risky = _INDEX[column.field], column.kind, _RISKY_FIRST
    if kind is Kind.TEXT:
        return lambda values: ["'" + v if v[:1] in risky else v for v in values[i]]
    if kind is Kind.OPTIONAL_TEXT:
        return lambda values: ["'" + v if v and v[:1] in risky else v for v in values[i]]
    if kind is Kind.NUMBER:
        return lambda values: [v if v is None or v >= 0 else "'" + str(v) for v in values[i]]
    if kind is Kind.MARKDOWN:
        return lambda values: ["'" + t if t[:1] in risky else t for t in map(plain_text, values[i])]
    if kind is Kind.STAMP:
        return _stamp_cells(i, raw)
    if kind is Kind.DATES:
        return _dates_cells(i, raw)
    if kind is Kind.VERSION_URL:
        base = cell(f"{site_url.rstrip('/')}/a/")
        slug = _INDEX["article_slug"]
        return lambda values: [
            None if n is None else f"{base}{s}/v/{n}" for s, n in zip(values[slug], values[i], strict=True)
        ]
    if kind is Kind.TAGS:
        return lambda values: [cell(tag_list(v)) for v in values[i]]
    part = column.part
    return lambda values: [cell([getattr(s, part) for s in refs]) for refs in evidence(values)]


def _evidence_reader(i: int) -> Evidence:
    """The batch's evidence (column i), parsed once for all the evidence columns: the last batch's is kept."""
    last: list[Any] = [None, []]  # the column parsed, its evidence

    def evidence(values: Sequence[Sequence[Any]]) -> list[list[SourceRef]]:
        if last[0] is not values[i]:
            last[0], last[1] = values[i], [source_refs(v) for v in values[i]]
        parsed: list[list[SourceRef]] = last[1]
        return parsed

    return evidence


def _stamp_cells(i: int, raw: RawReport) -> Cells:
    """SQLite's 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC) cut into ISO 8601 directly; anything else through utc_z."""
    sqlite, stamp = raw.sqlite_stamps, raw.stamp

    def cells(values: Sequence[Sequence[Any]]) -> list[Any]:
        return [
            None
            if v is None
            else f"{v[:10]}T{v[11:19]}Z"
            if sqlite and v.__class__ is str and len(v) == 26 and v[10] == " " and v[19] == "."
            else utc_z(stamp(v))
            for v in values[i]
        ]

    return cells


def _dates_cells(i: int, raw: RawReport) -> Cells:
    """The dates cell of each raw dates value, remembered by value (JSON text on SQLite; lists are not cached)."""
    known: dict[str, str] = {}

    def one(value: Any) -> str:
        if value.__class__ is not str:
            return cell(raw.dates(value))
        text = known.get(value)
        if text is None:
            if len(known) >= _DATES_CACHE:
                known.clear()
            text = known[value] = cell(raw.dates(value))
        return text

    return lambda values: [one(v) for v in values[i]]


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
