"""Append-only tables: the ORM refuses to update or delete their rows, whoever asks (service, API, CLI).

Verdicts, article revisions, comments and audit events are history: a change is a new row, never an edit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from factcheck.models.article import ArticleRevision
from factcheck.models.audit import AuditEvent
from factcheck.models.verdict import Comment, Verdict

APPEND_ONLY: tuple[type, ...] = (Verdict, ArticleRevision, Comment, AuditEvent)


class AppendOnlyViolation(RuntimeError):
    """Raised when code tries to change or delete a row of an append-only table."""


def _refuse_changes(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in session.deleted:
        if isinstance(obj, APPEND_ONLY):
            raise AppendOnlyViolation(f"{type(obj).__name__} rows are append-only and cannot be deleted")
    for obj in session.dirty:
        if isinstance(obj, APPEND_ONLY) and session.is_modified(obj, include_collections=False):
            raise AppendOnlyViolation(f"{type(obj).__name__} rows are append-only and cannot be changed")


def install() -> None:
    if not event.contains(Session, "before_flush", _refuse_changes):
        event.listen(Session, "before_flush", _refuse_changes)
