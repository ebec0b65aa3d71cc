"""Writing a backup: every table, in one snapshot of the database, through a writer (manifest.py has the format).
Like every service, this never commits."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from factcheck.services.backup.anchors import manifest_head
from factcheck.services.backup.manifest import (
    BATCH,
    FORMAT,
    VERSION,
    BackupError,
    Summary,
    backed_up_tables,
    column_kind,
    encode_value,
    json_line,
    schema_revision,
)


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
        "audit_head": manifest_head(session),  # anchors.ANCHOR_KEY: checked on restore
    }
    digest = hashlib.sha256()

    def emit(data: bytes) -> None:
        digest.update(data)
        write(data)

    emit(json_line(header))
    written: dict[str, int] = {}
    for table in tables:
        kinds = [column_kind(c.type) for c in table.columns]
        n = 0
        for row in _ordered_rows(session, table):
            emit(json_line({"t": table.name, "r": [encode_value(k, v) for k, v in zip(kinds, row, strict=True)]}))
            n += 1
        if n != counts[table.name]:
            raise BackupError(f"Table {table.name} changed while it was dumped ({counts[table.name]} rows, then {n}).")
        written[table.name] = n
    write(json_line({"trailer": True, "rows": sum(written.values()), "sha256": digest.hexdigest()}))
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
