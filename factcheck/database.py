"""The database under concurrency: connection settings, the write lock, row locks in id order, and which errors
are transient (worth running the unit of work again) rather than bugs.

SQLite: WAL lets readers run beside the one writer. The driver is kept in its legacy transaction mode with
``isolation_level = "IMMEDIATE"``: a read outside a write runs in autocommit (no snapshot held, no lock), and the
first INSERT/UPDATE/DELETE of a transaction opens it with ``BEGIN IMMEDIATE``, which takes the write lock at once,
waiting up to ``busy_timeout`` for it. Once a transaction holds the lock nothing can change under it, so whatever
it reads next (the audit chain's last hash, an article's current revision) stays true until it commits.
:func:`begin_write` takes the lock explicitly, before the reads a write depends on. No write transaction ever
upgrades a read snapshot, so SQLite's "database is locked" can only come from waiting longer than
``busy_timeout`` for the lock, before anything was written. The wait itself is ours (:func:`_take_write_lock`):
a try every millisecond instead of SQLite's growing sleeps, fairer to a writer that has waited long.

PostgreSQL: row locks are taken in id order (:func:`lock_rows`) so two multi-row operations cannot wait on
each other in a cycle; ``lock_timeout`` bounds any lock wait. Deadlocks, serialization failures and lock
timeouts abort the transaction: :func:`transient_reason` says so, and the web layer runs the request again.
"""

from __future__ import annotations

import random
import re
import sqlite3
import threading
import time
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlalchemy import event, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session

from factcheck import dbtiming

DEFAULT_LOCK_TIMEOUT_MS = 2000
"""How long a statement waits for a lock before it fails fast into the retry / 503 path.

Several times the longest write transaction the app makes (a 2 M-character re-import writes in well under a
second, see benchmarks/reimport_speed.py), so ordinary contention is waited out inside SQLite or PostgreSQL; short
enough that a stuck writer (a forgotten open transaction, a restore) costs a request about 2 s per attempt and
then a clear 503, instead of holding a server thread for 15 s and then failing with a 500.
"""

# PostgreSQL SQLSTATEs after which the whole transaction can simply be run again.
TRANSIENT_SQLSTATES = {
    "40001": "serialization failure",
    "40P01": "deadlock",
    "55P03": "lock timeout",
}
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")

M = TypeVar("M")


def configure_engine(engine: Engine, lock_timeout_ms: int = DEFAULT_LOCK_TIMEOUT_MS) -> None:
    """Connection settings for each new connection of `engine`."""
    timeout = max(0, int(lock_timeout_ms))
    if engine.dialect.name == "sqlite":

        def sqlite_connect(dbapi_connection: Any, record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={timeout}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
            # The driver opens a transaction before the first write only, with BEGIN IMMEDIATE (module docstring).
            dbapi_connection.isolation_level = "IMMEDIATE"
            record.info[_BUSY_TIMEOUT] = timeout

        def sqlite_before_write(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            raw = conn.connection.dbapi_connection
            if not raw.in_transaction and _OPENS_WRITE.match(statement):
                with dbtiming.timed(statement=False):
                    _take_write_lock(raw, timeout)

        event.listen(engine, "connect", sqlite_connect)
        event.listen(engine, "before_cursor_execute", sqlite_before_write)
    elif engine.dialect.name == "postgresql":

        def postgres_connect(dbapi_connection: Any, _record: Any) -> None:
            autocommit = dbapi_connection.autocommit
            dbapi_connection.autocommit = True
            cursor = dbapi_connection.cursor()
            cursor.execute(f"SET lock_timeout = {timeout}")
            cursor.close()
            dbapi_connection.autocommit = autocommit

        event.listen(engine, "connect", postgres_connect)


# The statements before which the driver opens a write transaction itself (CPython's sqlite3 in its legacy mode:
# those starting with INSERT, UPDATE, DELETE or REPLACE); begin_write takes the lock the same way.
_OPENS_WRITE = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)
_BUSY_TIMEOUT = "factcheck_busy_timeout_ms"
_POLL_SECONDS = 0.001
_waiting = threading.Lock()  # one thread of this process polls for the lock at a time; the others queue here


def _take_write_lock(raw: Any, timeout_ms: int) -> None:
    """Take SQLite's write lock (BEGIN IMMEDIATE) for the statement about to run, polling every millisecond.

    SQLite's own busy handler sleeps longer and longer between tries (up to 100 ms): under a steady stream of
    writers, one that has already waited a while checks least often, and loses the lock to newcomers again and
    again; the unlucky write waits a second or more while the lock is free most of the time. Here a waiting
    writer tries every millisecond and the threads of one process queue on a lock instead of all polling, for
    half of `busy_timeout`. Past that (or on any error) it returns without the lock, busy_timeout set to the
    time left: the driver's own BEGIN IMMEDIATE waits the rest, so a stuck writer still ends in "database is
    locked" (the 503 path) after busy_timeout in all, and any other error is raised by the driver, wrapped."""
    started = time.monotonic()
    deadline = started + timeout_ms / 2000
    try:
        if not _waiting.acquire(timeout=max(0.0, deadline - time.monotonic())):
            return
        try:
            raw.execute("PRAGMA busy_timeout=0")
            raw.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if _is_busy(str(exc)):
                _poll(raw, deadline)
        except sqlite3.Error:
            pass  # the driver meets it again and raises it, wrapped
        finally:
            _waiting.release()
    finally:
        try:  # the full value once the lock is held (the next wait that gets it puts it back after a failure)
            left = timeout_ms if raw.in_transaction else max(1, timeout_ms - round((time.monotonic() - started) * 1000))
            raw.execute(f"PRAGMA busy_timeout={left}")
        except sqlite3.Error:
            pass  # a closed connection: the statement about to run fails on it, wrapped


def _poll(raw: Any, deadline: float) -> None:
    while time.monotonic() < deadline:
        time.sleep(_POLL_SECONDS * (1 + random.random()))
        try:
            raw.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(str(exc)):
                return


def _is_busy(message: str) -> bool:
    return any(m in message.lower() for m in _SQLITE_BUSY)


def holds_write_lock(session: Session) -> bool:
    """True when this session's SQLite connection is inside a write transaction (always True elsewhere)."""
    conn = session.connection()
    if conn.dialect.name != "sqlite":
        return True
    raw = conn.connection.dbapi_connection
    return bool(getattr(raw, "in_transaction", False))


def begin_write(session: Session) -> None:
    """Take the database's write lock now (SQLite: BEGIN IMMEDIATE), before reading what the write depends on.

    A no-op when the transaction already holds it, and on PostgreSQL, where rows are locked one by one
    (:func:`lock_rows`)."""
    if holds_write_lock(session):
        return
    conn = session.connection()
    raw = conn.connection.dbapi_connection
    assert raw is not None
    timeout = conn.connection.info.get(_BUSY_TIMEOUT)  # None on an engine configure_engine did not set up
    if timeout is None:
        timeout = raw.execute("PRAGMA busy_timeout").fetchone()[0]
    with dbtiming.timed():  # a lock wait like the one inside a statement (dbtiming's docstring)
        _take_write_lock(raw, int(timeout))
    if not raw.in_transaction:  # waited half of busy_timeout: the driver waits the rest, then "database is locked"
        conn.exec_driver_sql("BEGIN IMMEDIATE")


EVENTS_LOCK = 727275  # PostgreSQL advisory lock: one transaction at a time links mentions to events


def serialise(session: Session, key: int) -> None:
    """One transaction at a time past this point until it ends, for a write whose reads decide what it writes
    (two imports must not both create the event neither can yet see). PostgreSQL: a transaction-level advisory
    lock on `key`; SQLite: the write lock, which serialises every write already.

    Take it before the transaction's last lock, the audit chain's (services/audit.py), which is taken at the
    commit: the two are then always taken in the same order."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    else:
        begin_write(session)


def lock_rows(session: Session, model: type[M], ids: Iterable[int]) -> list[M]:
    """Lock the rows of `model` with these ids in ascending id order and return them, freshly loaded.

    Every multi-row write locks this way, so two of them can only wait on each other in one direction (no
    deadlock). SQLite has no row locks: there the write lock (:func:`begin_write`) is taken instead."""
    wanted = sorted(set(ids))
    if not wanted:
        return []
    column: Any = model.id  # type: ignore[attr-defined]
    return lock_where(session, model, column.in_(wanted))


def lock_where(session: Session, model: type[M], *criteria: Any) -> list[M]:
    """Lock the rows of `model` matching `criteria` in ascending id order and return them, freshly loaded."""
    begin_write(session)
    column: Any = model.id  # type: ignore[attr-defined]
    stmt = (
        select(model)
        .where(*criteria)
        .order_by(column)
        .with_for_update(key_share=True)  # FOR NO KEY UPDATE: rows that only point at these (FKs) are not held up
        .execution_options(populate_existing=True)
    )
    return list(session.scalars(stmt))


# PostgreSQL SQLSTATEs that mean the server went away or will not take connections now (a restart, a failover).
UNAVAILABLE_SQLSTATES = {"57P01": "server shut down", "57P02": "server crashed", "57P03": "server starting up"}


def unavailable_reason(exc: BaseException) -> str | None:
    """Why `exc` means the database cannot be reached just now (a restart, a lost connection), else None.

    Unlike a transient error, the transaction's fate may be unknown (the connection can drop during the commit),
    so only a read is worth running again; a write is answered 503 and its client decides (an API client
    retries with its Idempotency-Key)."""
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    sqlstate = str(getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None) or "")
    if sqlstate in UNAVAILABLE_SQLSTATES:
        return UNAVAILABLE_SQLSTATES[sqlstate]
    if sqlstate.startswith("08") or exc.connection_invalidated:
        return "connection lost"
    if isinstance(exc, OperationalError) and not sqlstate and type(orig).__module__.startswith("psycopg"):
        return "cannot connect"  # refused or timed out before the server said anything
    return None


def transient_reason(exc: BaseException) -> str | None:
    """Why `exc` is worth retrying the whole transaction for ("deadlock", "database is locked", ...), else None."""
    if not isinstance(exc, DBAPIError):
        return None
    orig = exc.orig
    sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    if sqlstate in TRANSIENT_SQLSTATES:
        return TRANSIENT_SQLSTATES[str(sqlstate)]
    if type(orig).__module__.startswith("sqlite3") and _is_busy(str(orig)):
        return "database is locked"
    return None


def discard(session: Session) -> str | None:
    """End the session's transaction without keeping anything. When its connection has gone (the server
    restarted, it dropped while idle) the rollback fails; SQLAlchemy has then already let go of the transaction
    and its connection (invalidated, when it recognised a disconnect; the pool's ping checks the others), so the
    error is swallowed: the session is usable again and its objects stay attached. Returns why it failed, or None."""
    try:
        session.rollback()
        return None
    except DBAPIError as exc:
        return _why(exc)


def close(session: Session) -> str | None:
    """Close the session (its connection back to the pool) after `discard`: a rollback over a connection that has
    gone does not raise. Returns why the rollback failed, or None."""
    failed = discard(session)
    try:
        session.close()
    except DBAPIError as exc:
        failed = failed or _why(exc)
    return failed


def _why(exc: DBAPIError) -> str:
    return unavailable_reason(exc) or transient_reason(exc) or type(exc.orig).__name__
