"""CSV of a verdict report, one row per claim, written row by row (see report_fields for the columns).

UTF-8 with a byte-order mark by default (Excel then reads it right), plain UTF-8 on request; the csv module's
quoting; a cell starting with =, +, -, @, a tab or a carriage return is prefixed with ' (formula injection).
Lists (dates, sources, stances) are one cell each, their items on separate lines.

Given what `reports.iter_rows` returns, the rows are read raw (reports.RawReport: no ORM conversions) and each
one formatted straight into its cells (`_fast_chunks`); any other iterable of ReportRow (a progress bar, a list)
goes through `row_list` and `cell`. Both write the same bytes (tests/exports/test_csv_json.py compares them).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from factcheck.exports.report_fields import FIELDS, plain_text, row_list, utc_z
from factcheck.services.reports import RECORD, UNIT, RawReport, ReportRow, ReportRows

BOM = "\ufeff"
MEDIA_TYPE = "text/csv; charset=utf-8"
_RISKY = ("=", "+", "-", "@", "\t", "\r")
_DATES_CACHE = 4096  # distinct raw dates values remembered per export (most claims share a few, "[]" above all)


def cell(value: Any) -> str:
    """One value as a safe CSV cell."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "\n".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_RISKY) else text


def csv_chunks(rows: Iterable[ReportRow], site_url: str, *, bom: bool = True, flush_every: int = 200) -> Iterator[str]:
    """The CSV text in chunks of about `flush_every` rows; the header comes first, even for an empty set."""
    if isinstance(rows, ReportRows):
        return _fast_chunks(rows.raw(), site_url, bom=bom, flush_every=flush_every)
    return _row_chunks(rows, site_url, bom=bom, flush_every=flush_every)


def _header(writer: Any, buffer: io.StringIO, bom: bool) -> str:
    if bom:
        buffer.write(BOM)
    writer.writerow(FIELDS)
    return _drain(buffer)


def _row_chunks(rows: Iterable[ReportRow], site_url: str, *, bom: bool, flush_every: int) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield _header(writer, buffer, bom)
    pending = 0
    for row in rows:
        writer.writerow(
            [
                ("'" + v if v.startswith(_RISKY) else v) if v.__class__ is str else cell(v)
                for v in row_list(row, site_url)
            ]
        )
        pending += 1
        if pending >= flush_every:
            yield _drain(buffer)
            pending = 0
    if pending:
        yield _drain(buffer)


def _fast_chunks(raw: RawReport, site_url: str, *, bom: bool, flush_every: int) -> Iterator[str]:
    """row_list + cell for raw rows, inlined: one list per row built from the tuple, the risky-start check only on
    values that can start with a risky character, timestamps cut out of SQLite's strings, a batch per writerows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    yield _header(writer, buffer, bom)
    risky = _RISKY
    base = f"{site_url.rstrip('/')}/a/"
    base = "'" + base if base.startswith(risky) else base
    dates_cells: dict[Any, str] = {}
    sqlite_stamps = raw.sqlite_stamps

    def stamp(value: Any) -> str | None:
        if value is None:
            return None
        if sqlite_stamps and value.__class__ is str and len(value) == 26 and value[10] == " " and value[19] == ".":
            return f"{value[:10]}T{value[11:19]}Z"
        return utc_z(raw.stamp(value))

    def dates(value: Any) -> str:
        try:
            return dates_cells[value]
        except (KeyError, TypeError):  # TypeError: a list (PostgreSQL), not cached
            pass
        text = cell(raw.dates(value))
        if value.__class__ is str:
            if len(dates_cells) >= _DATES_CACHE:
                dates_cells.clear()
            dates_cells[value] = text
        return text

    def number(value: int | None) -> Any:
        return value if value is None or value >= 0 else "'" + str(value)

    for batch in raw.batches():
        out = []
        for (
            claim_id,
            claim_text,
            kind,
            speaker,
            claim_dates,
            status,
            imported_at,
            _article_id,
            title,
            slug,
            outlet,
            article_url,
            _published_on,
            verdict_state,
            label,
            value,
            _scale_id,
            _colour,
            summary,
            rationale,
            reviewer,
            approver,
            verdict_at,
            approved_at,
            version,
            published_at,
            _start,
            _end,
            _prefix,
            _suffix,
            joined,
        ) in batch:
            if joined:
                pairs = [pair.partition(UNIT) for pair in joined.split(RECORD)]
                urls = "\n".join([p[2] for p in pairs])
                stances = "\n".join([p[0] for p in pairs])
                if urls.startswith(risky):
                    urls = "'" + urls
                if stances.startswith(risky):
                    stances = "'" + stances
            else:
                urls = stances = ""
            rationale = plain_text(rationale)
            out.append(
                (
                    number(claim_id),
                    "'" + title if title.startswith(risky) else title,
                    "'" + outlet if outlet.startswith(risky) else outlet,
                    "'" + article_url if article_url and article_url.startswith(risky) else article_url,
                    None if version is None else f"{base}{slug}/v/{version}",
                    "'" + claim_text if claim_text.startswith(risky) else claim_text,
                    "'" + kind if kind.startswith(risky) else kind,
                    dates(claim_dates),
                    "'" + speaker if speaker and speaker.startswith(risky) else speaker,
                    "'" + status if status.startswith(risky) else status,
                    "'" + verdict_state if verdict_state.startswith(risky) else verdict_state,
                    "'" + label if label.startswith(risky) else label,
                    number(value),
                    "'" + summary if summary.startswith(risky) else summary,
                    "'" + rationale if rationale.startswith(risky) else rationale,
                    urls,
                    stances,
                    "'" + reviewer if reviewer.startswith(risky) else reviewer,
                    "'" + approver if approver and approver.startswith(risky) else approver,
                    stamp(imported_at),
                    stamp(verdict_at),
                    stamp(approved_at),
                    stamp(published_at),
                )
            )
            if len(out) >= flush_every:
                writer.writerows(out)
                out = []
                yield _drain(buffer)
        if out:
            writer.writerows(out)
            yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
