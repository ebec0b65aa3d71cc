"""Backups: every table of the model, streamed to a versioned, self-describing, checksummed file, and back.

The file is gzip'd JSON lines:
    1. a header: {"format", "version", "schema_revision", "dialect", "created_at", "tables": [{name, columns, rows}],
       "audit_head": {id, hash, count} of the audit chain or null}: an anchor, see backup_anchors
    2. one line per row, tables in dependency order: {"t": table, "r": [values in the header's column order]}
    3. a trailer: {"trailer": true, "rows": total, "sha256": <SHA-256 of every byte before the trailer line>}
Values are JSON; timestamps are ISO 8601 with their offset, dates ISO, binary as base64.

A restore reads the whole file once to check it (format, version, schema revision, JSON, counts, checksum) before
writing anything, then inserts every row in the caller's transaction and checks the checksum again while doing so:
any problem raises BackupError and the caller rolls back, so a bad file changes nothing. Like every service, this
module never commits.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Integer, LargeBinary, Table, func, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator, TypeEngine

from factcheck.models import Base
from factcheck.services import backup_anchors
from factcheck.services.audit_verify import ANCHOR_KEY
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


# ---- values ------------------------------------------------------------------------------------------------


def _kind(type_: TypeEngine[Any]) -> str:
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


def _encode(kind: str, value: Any) -> Any:
    if value is None or kind in ("plain", "json"):
        return value
    if kind == "datetime":
        if value.tzinfo is None:
            raise BackupError("A timestamp without a time zone was found; the database does not match the model.")
        return value.isoformat()
    if kind == "date":
        return value.isoformat()
    return base64.b64encode(value).decode("ascii")


def _decode(kind: str, value: Any) -> Any:
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


def _line(obj: Any) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")


# ---- the database side -------------------------------------------------------------------------------------


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


def _begin_snapshot(session: Session) -> None:
    """Make the counts and the rows come from one snapshot of the database."""
    if not session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        return
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        raw = conn.connection.dbapi_connection
        if raw is not None and not getattr(raw, "in_transaction", True):
            conn.exec_driver_sql("BEGIN")  # pysqlite opens no transaction for reads: take one snapshot for all


def _ordered_rows(session: Session, table: Table) -> Iterator[Any]:
    stmt = select(table).order_by(*table.primary_key.columns)
    yield from session.execute(stmt, execution_options={"yield_per": BATCH})


def dump(session: Session, write: Callable[[bytes], object]) -> Summary:
    """Write every table through `write` (bytes; dump_to_path gzips them into a file)."""
    _begin_snapshot(session)
    revision = schema_revision(session)
    if not revision:
        raise BackupError("The database has no schema revision (alembic_version): run `flask db upgrade` first.")
    tables = backed_up_tables(session)
    counts = {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in tables}
    header = {
        "format": FORMAT,
        "version": VERSION,
        "schema_revision": revision,
        "dialect": session.get_bind().dialect.name,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": [{"name": t.name, "columns": [c.name for c in t.columns], "rows": counts[t.name]} for t in tables],
        ANCHOR_KEY: backup_anchors.manifest_head(session),
    }
    digest = hashlib.sha256()

    def emit(data: bytes) -> None:
        digest.update(data)
        write(data)

    emit(_line(header))
    written: dict[str, int] = {}
    for table in tables:
        kinds = [_kind(c.type) for c in table.columns]
        n = 0
        for row in _ordered_rows(session, table):
            emit(_line({"t": table.name, "r": [_encode(k, v) for k, v in zip(kinds, row, strict=True)]}))
            n += 1
        if n != counts[table.name]:
            raise BackupError(f"Table {table.name} changed while it was dumped ({counts[table.name]} rows, then {n}).")
        written[table.name] = n
    write(_line({"trailer": True, "rows": sum(written.values()), "sha256": digest.hexdigest()}))
    return Summary(revision, written)


def dump_to_path(session: Session, path: Path) -> Summary:
    """Dump into a gzip file; the file appears under its name only once complete."""
    partial = path.with_name(path.name + ".partial")
    try:
        with gzip.open(partial, "wb") as out:
            summary = dump(session, out.write)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return summary


# ---- reading and checking a file ---------------------------------------------------------------------------


def _lines(path: Path) -> Iterator[bytes]:
    try:
        with gzip.open(path, "rb") as fh:
            yield from fh
    except FileNotFoundError as exc:
        raise BackupError(f"No such file: {path}.") from exc
    except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
        raise BackupError(f"The file is not a complete gzip backup (truncated or damaged): {exc}.") from exc


def _parse(raw: bytes, number: int) -> Any:
    try:
        return json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(f"Line {number} of the backup is not valid JSON: the file is damaged.") from exc


def _check_header(obj: Any) -> dict[str, Any]:
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


def _records(path: Path) -> Iterator[tuple[str, list[Any]]]:
    """Yield (table, row values) for every row, checking structure, counts, trailer and checksum."""
    digest = hashlib.sha256()
    header: dict[str, Any] | None = None
    expected: dict[str, int] = {}
    width: dict[str, int] = {}
    seen: dict[str, int] = {}
    trailer: Any = None
    number = 0
    for number, raw in enumerate(_lines(path), start=1):
        if trailer is not None:
            raise BackupError("The backup has data after its trailer: the file is damaged.")
        obj = _parse(raw, number)
        if header is None:
            header = _check_header(obj)
            expected = {t["name"]: t["rows"] for t in header["tables"]}
            width = {t["name"]: len(t["columns"]) for t in header["tables"]}
            digest.update(raw)
            continue
        if isinstance(obj, dict) and obj.get("trailer") is True:
            trailer = obj
            continue
        digest.update(raw)
        table, values = (obj.get("t"), obj.get("r")) if isinstance(obj, dict) else (None, None)
        if table not in expected or not isinstance(values, list) or len(values) != width[table]:
            raise BackupError(f"Line {number} of the backup is not a row of a listed table: the file is damaged.")
        seen[table] = seen.get(table, 0) + 1
        yield table, values
    if header is None:
        raise BackupError("The backup file is empty.")
    if trailer is None:
        raise BackupError("The backup has no trailer: it is truncated (the dump did not finish or was cut short).")
    if trailer.get("sha256") != digest.hexdigest():
        raise BackupError("The backup's checksum does not match its content: the file is damaged or was altered.")
    counts = {name: seen.get(name, 0) for name in expected}
    if counts != expected or trailer.get("rows") != sum(counts.values()):
        raise BackupError("The backup's row counts do not match its header: the file is damaged.")


def read_header(path: Path) -> dict[str, Any]:
    for raw in _lines(path):
        return _check_header(_parse(raw, 1))
    raise BackupError("The backup file is empty.")


def check_file(path: Path) -> Summary:
    """Read the whole file and check it; raise BackupError on any problem."""
    header = read_header(path)
    anchors = backup_anchors.AnchorCheck(header, BackupError)
    for table, values in _records(path):
        anchors.row(table, values)
    anchors.verify()
    return Summary(str(header["schema_revision"]), {t["name"]: int(t["rows"]) for t in header["tables"]})


# ---- restoring ---------------------------------------------------------------------------------------------


def _check_target(session: Session, header: dict[str, Any]) -> dict[str, Table]:
    revision = schema_revision(session)
    if not revision:
        raise BackupError("The database has no schema: run `flask db upgrade` before restoring.")
    if header.get("schema_revision") != revision:
        raise BackupError(
            f"The backup was made at schema revision {header.get('schema_revision')!r} but the "
            f"database is at {revision!r}: migrate one of them to match first."
        )
    tables = {t.name: t for t in backed_up_tables(session)}
    for entry in header["tables"]:
        table = tables.get(entry["name"])
        if table is None or [c.name for c in table.columns] != entry["columns"]:
            raise BackupError(f"Table {entry['name']} of the backup does not match this database's schema.")
    busy = [name for name, t in tables.items() if session.scalar(select(func.count()).select_from(t))]
    if busy:
        raise BackupError(
            f"The database is not empty (rows in {', '.join(sorted(busy))}): restore only into an empty database."
        )
    return tables


def restore_from_path(session: Session, path: Path) -> Summary:
    """Check `path`, then insert its rows into an empty database (no commit: the caller commits or rolls back)."""
    summary = check_file(path)  # everything is checked before the first write
    header = read_header(path)
    tables = _check_target(session, header)
    kinds = {name: [_kind(c.type) for c in t.columns] for name, t in tables.items()}
    columns = {t["name"]: list(t["columns"]) for t in header["tables"]}
    batch: list[dict[str, Any]] = []
    current = ""

    def flush() -> None:
        if batch:
            session.execute(tables[current].insert(), batch)
            batch.clear()

    try:
        for table, values in _records(path):  # checks the checksum again: a file changed meanwhile raises
            if table != current:
                flush()
                current = table
            batch.append({c: _decode(k, v) for c, k, v in zip(columns[table], kinds[table], values, strict=True)})
            if len(batch) >= BATCH:
                flush()
        flush()
    except (ValueError, TypeError, KeyError) as exc:
        raise BackupError(f"A value in table {current} cannot be restored: {exc}.") from exc
    except DBAPIError as exc:
        raise BackupError(f"The database refused a row of table {current}: {str(exc.orig).strip()}.") from exc
    _after_restore(session, list(tables.values()))
    return summary


def _after_restore(session: Session, tables: list[Table]) -> None:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        for table in tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and isinstance(pk[0].type, Integer):
                session.execute(
                    text(
                        f'SELECT setval(pg_get_serial_sequence(:table, :column), COALESCE(MAX("{pk[0].name}"), 1), '
                        f'MAX("{pk[0].name}") IS NOT NULL) FROM "{table.name}"'
                    ),
                    {"table": table.name, "column": pk[0].name},
                )
    elif dialect == "sqlite" and inspect(session.connection()).has_table("claims_fts"):
        session.execute(text("INSERT INTO claims_fts(claims_fts) VALUES('rebuild')"))
