"""Backups: every table of the model, streamed to a versioned, self-describing, checksummed file, and back.

The file is gzip'd JSON lines:
    1. a header (the manifest): {"format", "version", "schema_revision", "dialect", "created_at",
       "tables": [{name, columns, rows}], "audit_head": {id, hash, count} of the audit chain, or null}; the head
       is an anchor a restore checks the file's audit rows against (anchors.py)
    2. one line per row, tables in dependency order: {"t": table, "r": [values in the header's column order]}
    3. a trailer: {"trailer": true, "rows": total, "sha256": <SHA-256 of every byte before the trailer line>}
Values are JSON; timestamps are ISO 8601 with their offset, dates ISO, binary as base64.

This module is the format: its constants, the header, how values are written and read back, and which tables
a database holds. dump.py writes a file; restore.py checks one and restores it.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import JSON, Date, DateTime, LargeBinary, Table, inspect, text
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator, TypeEngine

from factcheck.models import Base
from factcheck.services.errors import DomainError

FORMAT = "factcheck-backup"
VERSION = 2  # 2: the header records the audit chain's head ("audit_head"); version 1 files are still read
READABLE = (1, 2)
BATCH = 500


class BackupError(DomainError):
    """The dump cannot be written or the file cannot be restored; nothing was changed."""

    status = 400
    code = "backup_refused"


@dataclass(frozen=True)
class Summary:
    schema_revision: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def column_kind(type_: TypeEngine[Any]) -> str:
    base = type_.impl if isinstance(type_, TypeDecorator) else type_
    if isinstance(base, DateTime):
        return "datetime"
    if isinstance(base, Date):
        return "date"
    if isinstance(base, LargeBinary):
        return "bytes"
    if isinstance(base, JSON):
        return "json"
    return "plain"


def encode_value(kind: str, value: Any) -> Any:
    if value is None or kind in ("plain", "json"):
        return value
    if kind == "datetime":
        if value.tzinfo is None:
            raise BackupError("A timestamp without a time zone was found; the database does not match the model.")
        return value.isoformat()
    if kind == "date":
        return value.isoformat()
    return base64.b64encode(value).decode("ascii")


def decode_value(kind: str, value: Any) -> Any:
    if value is None or kind in ("plain", "json"):
        return value
    if kind == "datetime":
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError(f"timestamp {value!r} has no time zone")
        return parsed
    if kind == "date":
        return dt.date.fromisoformat(value)
    return base64.b64decode(value, validate=True)


def json_line(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")


def schema_revision(session: Session) -> str:
    """The alembic revision the database is at ("" when it was never migrated)."""
    if not inspect(session.connection()).has_table("alembic_version"):
        return ""
    revisions = sorted(session.scalars(text("SELECT version_num FROM alembic_version")))
    return ",".join(revisions)


def backed_up_tables(session: Session) -> list[Table]:
    """Every table of the model, parents before children, that the migrated schema holds."""
    present = set(inspect(session.connection()).get_table_names())
    return [t for t in Base.metadata.sorted_tables if t.name in present]


def check_header(obj: Any) -> dict[str, Any]:
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise BackupError("This is not a factcheck backup (no factcheck-backup header).")
    if obj.get("version") not in READABLE:
        raise BackupError(
            f"Backup format version {obj.get('version')!r} is not supported (this code reads "
            f"{', '.join(map(str, READABLE))})."
        )
    tables = obj.get("tables")
    if not isinstance(tables, list) or not all(
        isinstance(t, dict) and {"name", "columns", "rows"} <= set(t) for t in tables
    ):
        raise BackupError("The backup header has no valid table list.")
    return obj
