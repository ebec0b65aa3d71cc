"""Requests that meet a busy database: run again when that is safe, else answer 503 with Retry-After.

Every view is wrapped (:func:`wrap_views`). When the view fails with a transient database error (SQLite's
"database is locked" after waiting ``DB_LOCK_TIMEOUT_MS`` for the write lock; a PostgreSQL deadlock,
serialization failure or lock timeout), the transaction is rolled back and the view runs again, with a short
randomised backoff, at most ``ATTEMPTS`` times in all. That is safe because the failed attempt left nothing
behind: one commit per request, and the error came before it (a view that already committed is never run
again, whatever it raised afterwards). Uploaded files are rewound and flashed messages reset for each attempt.
When the attempts run out, :class:`DatabaseBusy` answers 503 with a Retry-After header and a clear message.

A database that cannot be reached (restarting, a dropped connection) is a 503 too (:class:`DatabaseUnavailable`),
never a 500. A read meets it like a transient error and runs again on a fresh connection; a write does not,
since the connection may have dropped during its commit: its client is told to check before sending it again.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Flask, request, session
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from factcheck import database
from factcheck.extensions import db
from factcheck.services.errors import DomainError

log = logging.getLogger(__name__)

ATTEMPTS = 3
BACKOFF_S = 0.05  # first pause; doubled each time, times a random factor in [0.5, 1.5)
RETRY_AFTER_S = 2
COMMITS = "commits"  # session.info key: commits made by this session
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class DatabaseUnavailable(DomainError):
    status = 503
    code = "unavailable"

    def __init__(self, reason: str, write: bool) -> None:
        after = " If you were saving something, check whether it was saved before you send it again." if write else ""
        super().__init__(f"The database cannot be reached just now ({reason}). Try again in a few seconds.{after}")
        self.reason = reason


class DatabaseBusy(DomainError):
    status = 503
    code = "busy"

    def __init__(self, reason: str) -> None:
        super().__init__(
            f"The database is busy ({reason}) and your request could not be completed. Nothing was saved; "
            f"try again in a few seconds."
        )
        self.reason = reason


def _count_commit(session: Session) -> None:
    session.info[COMMITS] = session.info.get(COMMITS, 0) + 1


def _rollback() -> None:
    """Roll the session back; after a lost connection there may be nothing left to roll back."""
    failed = database.discard(db.session())
    if failed is not None:
        log.warning("rollback after a database error failed: %s", failed)


def _rewind_uploads() -> None:
    for upload in request.files.values():
        upload.stream.seek(0)


def retrying(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run `view` again after a transient database error, while it has committed nothing (see module doc)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        # Flashed messages as they were before the first attempt (read for writes only: reading the session
        # marks it accessed, which would add "Vary: Cookie" to every reader page).
        flashes = list(session.get("_flashes", [])) if request.method not in SAFE_METHODS else []
        for attempt in range(1, ATTEMPTS + 1):
            commits = db.session().info.get(COMMITS, 0)
            try:
                return view(*args, **kwargs)
            except DBAPIError as exc:
                reason = database.transient_reason(exc)
                if reason is None and request.method in SAFE_METHODS:
                    reason = database.unavailable_reason(exc)  # a read can simply run again, on a new connection
                if reason is None:
                    raise
                _rollback()
                committed = db.session().info.get(COMMITS, 0) != commits
                log.warning(
                    "%s on %s %s (attempt %d of %d%s)",
                    reason,
                    request.method,
                    request.path,
                    attempt,
                    ATTEMPTS,
                    ", after a commit: not retried" if committed else "",
                )
                if committed or attempt == ATTEMPTS:
                    if database.unavailable_reason(exc) is not None:
                        raise DatabaseUnavailable(reason, write=False) from exc
                    raise DatabaseBusy(reason) from exc
            time.sleep(BACKOFF_S * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
            _rewind_uploads()
            if request.method not in SAFE_METHODS and ("_flashes" in session or flashes):
                session["_flashes"] = list(flashes)
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


def wrap_views(app: Flask) -> None:
    """Wrap every registered view (call after the blueprints are registered)."""
    if not event.contains(Session, "after_commit", _count_commit):
        event.listen(Session, "after_commit", _count_commit)
    for endpoint, view in list(app.view_functions.items()):
        if endpoint != "static":
            app.view_functions[endpoint] = retrying(view)
