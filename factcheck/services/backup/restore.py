"""Checking and restoring a backup.

A restore reads the whole file once to check it (format, version, schema revision, JSON, counts, checksum, the
audit chain's head against the manifest and the publications' anchors) before
writing anything, then inserts every row in the caller's transaction and checks the checksum again while doing so:
any problem raises BackupError and the caller rolls back, so a bad file changes nothing. Like every service, this
module never commits.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, Table, func, inspect, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from factcheck.services.backup.anchors import AnchorCheck
from factcheck.services.backup.manifest import (
    BATCH,
    BackupError,
    Summary,
    backed_up_tables,
    check_header,
    column_kind,
    decode_value,
    schema_revision,
)


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
            header = check_header(obj)
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
        return check_header(_parse(raw, 1))
    raise BackupError("The backup file is empty.")


def check_file(path: Path) -> Summary:
    """Read the whole file and check it; raise BackupError on any problem."""
    header = read_header(path)
    check = AnchorCheck(header, BackupError)
    for table, values in _records(path):
        check.row(table, values)
    check.verify()  # the audit rows end at the manifest's head and hold every publication's anchor
    return Summary(str(header["schema_revision"]), {t["name"]: int(t["rows"]) for t in header["tables"]})


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
    kinds = {name: [column_kind(c.type) for c in t.columns] for name, t in tables.items()}
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
            batch.append({c: decode_value(k, v) for c, k, v in zip(columns[table], kinds[table], values, strict=True)})
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
