"""CSV of a verdict report, one row per claim, written row by row (see report_fields for the columns).

UTF-8 with a byte-order mark by default (Excel then reads it right), plain UTF-8 on request; the csv module's
quoting; a cell starting with =, +, -, @, a tab or a carriage return is prefixed with ' (formula injection).
Lists (dates, sources, stances) are one cell each, their items on separate lines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from factcheck.exports.report_fields import FIELDS, row_list
from factcheck.services.reports import ReportRow

BOM = "\ufeff"
MEDIA_TYPE = "text/csv; charset=utf-8"
_RISKY = ("=", "+", "-", "@", "\t", "\r")


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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow(FIELDS)
    yield _drain(buffer)
    pending = 0
    for row in rows:
        writer.writerow([
            ("'" + v if v.startswith(_RISKY) else v) if v.__class__ is str else cell(v)
            for v in row_list(row, site_url)
        ])
        pending += 1
        if pending >= flush_every:
            yield _drain(buffer)
            pending = 0
    if pending:
        yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
