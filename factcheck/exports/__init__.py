"""Writers that turn frozen Publication snapshots into interchange formats (no Flask, no database).

- `claimreview`: schema.org ClaimReview JSON-LD for one published claim, and a validator for STANDARDS.md's rules.
- `annotations`: W3C Web Annotations (one per claim) and an AnnotationCollection with an embedded first page.

Every function takes plain values (the snapshot dicts written by `services.snapshots.build_snapshot`, typed in
`models/snapshot.py`) so the reports area can reuse them for feeds and filtered collections.
"""

# No `from __future__ import annotations` here: it would bind the name `annotations` in this package and
# shadow the `factcheck.exports.annotations` submodule in `from factcheck.exports import annotations`.
import datetime as dt
import json
from typing import Any


def iso_z(moment: dt.datetime) -> str:
    """A UTC timestamp ending in Z (`2024-05-01T10:00:00Z`); naive datetimes are refused."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: timestamps must be timezone-aware")
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_iso(value: str | dt.datetime) -> dt.datetime:
    """Read a snapshot timestamp back (ISO 8601, `Z` accepted; a string without a zone is taken as UTC).
    A naive datetime object is refused."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must be timezone-aware")
        return value
    moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def json_ld_for_html(doc: Any) -> str:
    """JSON for a `<script type="application/ld+json">` block: `<`, `>` and `&` become \\u escapes, so no text
    inside can close the element or open a comment. The result is safe to mark up as-is in a template."""
    text = json.dumps(doc, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
