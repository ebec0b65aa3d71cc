"""JSON of a verdict report, written item by item.

    {
      "schema_version": 2,
      "generated_at": "2026-11-27T22:10:00Z",        # UTC
      "site_url": "https://...",
      "filters": {"from": "2026-01-01", ...},        # the filters as given; {} for the whole set
      "claims": [ {<one object per claim>}, ... ],
      "count": 2                                     # written last: the number of items in "claims"
    }

Each item carries the fields of `factcheck.exports.report_fields` (its docstring is the field table) with JSON
types: numbers stay numbers, `claim_dates`, `tags` and the evidence fields (`sources` ... `archived_sha256`) are
arrays, the evidence arrays in the same order (index i of each is the claim's i-th piece of evidence),
`passages_found` and `source_confidential` hold booleans and `match_scores` numbers (null: not found), a missing
value is null, the rationale is plain text and every timestamp is UTC ISO 8601 ending in Z.

Schema 2 (issue 12) added `tags` and the evidence fields after `sources`; `sources` holds links only (empty for an
uploaded document or a person, never their internal ids) and a confidential source is listed, marked in
`source_confidential` (schema 1 masked it): the report is the desk's own, never to be published as it is.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Mapping

from factcheck.exports.report_fields import FIELDS, row_reader, utc_z
from factcheck.services.reports import ReportRow

SCHEMA_VERSION = 2
MEDIA_TYPE = "application/json; charset=utf-8"


def json_chunks(
    rows: Iterable[ReportRow],
    site_url: str,
    filters: Mapping[str, str],
    *,
    now: dt.datetime | None = None,
    flush_every: int = 200,
) -> Iterator[str]:
    head = {
        "schema_version": SCHEMA_VERSION,
        "generated_at": utc_z(now or dt.datetime.now(dt.UTC)),
        "site_url": site_url,
        "filters": dict(filters),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "claims": ['
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    values = row_reader(site_url)
    parts: list[str] = []
    n = 0
    for row in rows:
        parts.append(("\n" if n == 0 else ",\n") + dumps(dict(zip(FIELDS, values(row), strict=True))))
        n += 1
        if len(parts) >= flush_every:
            yield "".join(parts)
            parts = []
    parts.append(f'\n], "count": {n}}}\n')
    yield "".join(parts)
