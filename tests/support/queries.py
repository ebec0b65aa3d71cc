"""Counting the SQL statements a piece of code sends, for tests that hold a page to a fixed number."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session


@contextmanager
def counting(db: Session) -> Iterator[list[int]]:
    """`with counting(db) as count: ...` then `count[0]` is the number of statements run on db's engine."""
    count = [0]
    engine = db.get_bind()

    def before(*_args: object) -> None:
        count[0] += 1

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield count
    finally:
        event.remove(engine, "before_cursor_execute", before)
