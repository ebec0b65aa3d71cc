"""How long a unit of work (a request, a job) spent inside the database, lock waits included.

Every statement's execution is timed on the engine (from the driver call to its return, or to its error), and
added to the current unit's total when one is being measured (:func:`measuring`). SQLite's wait for the write
lock happens inside the first write statement (``BEGIN IMMEDIATE`` waits up to ``busy_timeout``) and
PostgreSQL's row-lock waits inside the statement that locks, so the total bounds the time the unit waited for
locks. The web layer reports it in a ``Server-Timing`` header when ``FACTCHECK_SERVER_TIMING`` is on
(views/timing.py); the soak benchmark reads it to tell waiting for the database apart from waiting for a CPU.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


@dataclass
class Spent:
    """Seconds spent in the database and the number of statements, for one unit of work."""

    seconds: float = 0.0
    statements: int = 0


_current: ContextVar[Spent | None] = ContextVar("factcheck_db_spent", default=None)
_STARTED = "factcheck_dbtiming_started"


@contextmanager
def measuring() -> Iterator[Spent]:
    """Add the database time of the statements run inside the block (in this thread or task) to the result."""
    spent = Spent()
    token = _current.set(spent)
    try:
        yield spent
    finally:
        _current.reset(token)


def begin() -> Spent:
    """Start measuring without a block (request hooks), until :func:`end`."""
    spent = Spent()
    _current.set(spent)
    return spent


def end() -> None:
    _current.set(None)


@contextmanager
def timed(*, statement: bool = True) -> Iterator[None]:
    """Count the block as database time: SQLite's wait for the write lock, which database.py takes itself (in
    begin_write, one statement; before a write statement, `statement=False`: the statement is counted on its own).

    The wait before a write statement runs in an engine listener registered before this module's (the factory
    configures the engine first): its time is not inside the statement's own timing, so it is added here."""
    spent = _current.get()
    started = time.perf_counter()
    try:
        yield
    finally:
        if spent is not None:
            spent.seconds += time.perf_counter() - started
            spent.statements += int(statement)


def _before(conn: Any, _cursor: Any, _statement: Any, _params: Any, _context: Any, _many: Any) -> None:
    if _current.get() is not None:
        conn.info.setdefault(_STARTED, []).append(time.perf_counter())


def _done(conn: Any) -> None:
    spent = _current.get()
    stack = conn.info.get(_STARTED)
    if spent is None or not stack:
        return
    spent.seconds += time.perf_counter() - stack.pop()
    spent.statements += 1


def _after(conn: Any, _cursor: Any, _statement: Any, _params: Any, _context: Any, _many: Any) -> None:
    _done(conn)


def _error(context: Any) -> None:
    if context.connection is not None:
        _done(context.connection)


def install(engine: Engine) -> None:
    """Time every statement `engine` runs (cheap when nothing is being measured: one context lookup)."""
    if event.contains(engine, "before_cursor_execute", _before):
        return
    event.listen(engine, "before_cursor_execute", _before)
    event.listen(engine, "after_cursor_execute", _after)
    event.listen(engine, "handle_error", _error)
