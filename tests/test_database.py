"""factcheck/database.py on real databases: the write lock, row locks in id order, and which real errors are
transient (a busy SQLite, a PostgreSQL deadlock or lock timeout) as opposed to bugs."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import create_engine, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from factcheck import database
from factcheck.models import Claim, User


def _postgres(url: str) -> None:
    if not url.startswith("postgresql"):
        pytest.skip("PostgreSQL only")


def _sqlite(url: str) -> None:
    if not url.startswith("sqlite"):
        pytest.skip("SQLite only")


def test_begin_write_takes_the_sqlite_write_lock_before_any_write(db: Session, database_url: str) -> None:
    _sqlite(database_url)
    db.execute(text("SELECT 1"))
    assert not database.holds_write_lock(db)  # reads take no lock
    database.begin_write(db)
    assert database.holds_write_lock(db)
    other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    db.rollback()
    other.execute("BEGIN IMMEDIATE")  # free again
    other.execute("ROLLBACK")
    other.close()


def test_a_busy_sqlite_is_transient(db: Session, database_url: str) -> None:
    _sqlite(database_url)
    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"))
    holder.execute("BEGIN IMMEDIATE")
    engine = create_engine(database_url, connect_args={"timeout": 0.05})
    try:
        with pytest.raises(DBAPIError) as caught, engine.begin() as conn:
            conn.execute(text("UPDATE users SET name = name"))
        assert database.transient_reason(caught.value) == "database is locked"
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()


def test_a_constraint_violation_is_not_transient(db: Session, make_user: Callable[..., User]) -> None:
    user = make_user("reviewer")
    with pytest.raises(IntegrityError) as caught:
        db.execute(update(User).where(User.id == user.id).values(email=None))
        db.flush()
    db.rollback()
    assert database.transient_reason(caught.value) is None
    assert database.transient_reason(ValueError("no")) is None


def test_lock_rows_locks_in_id_order_and_reloads(db: Session, make_article: Any, make_claim: Any) -> None:
    article = make_article(extract=False)
    first, second = make_claim(article), make_claim(article, start=0, end=10)
    db.commit()
    db.execute(update(Claim).where(Claim.id == first.id).values(kind="quantity"))  # behind the ORM's back
    locked = database.lock_rows(db, Claim, [second.id, first.id, second.id])
    assert [c.id for c in locked] == sorted([first.id, second.id])
    assert next(c for c in locked if c.id == first.id).kind == "quantity"  # fresh, not the stale object
    db.rollback()


def test_postgres_lock_timeout_and_deadlock_are_transient(
    db: Session, database_url: str, make_article: Any, make_claim: Any
) -> None:
    _postgres(database_url)
    article = make_article(extract=False)
    a, b = make_claim(article).id, make_claim(article, start=0, end=10).id
    db.commit()
    engine = create_engine(database_url)
    try:
        with engine.connect() as holder, engine.connect() as waiter:
            holder.execute(text("SELECT id FROM claims WHERE id = :id FOR UPDATE"), {"id": a})
            waiter.execute(text("SET lock_timeout = '100ms'"))
            with pytest.raises(DBAPIError) as timeout:
                waiter.execute(text("SELECT id FROM claims WHERE id = :id FOR UPDATE"), {"id": a})
            assert database.transient_reason(timeout.value) == "lock timeout"
            holder.rollback()
            waiter.rollback()

        errors: list[BaseException] = []
        barrier = threading.Barrier(2)

        def cross(first: int, second: int) -> None:
            with engine.connect() as conn:
                try:
                    conn.execute(text("SELECT id FROM claims WHERE id = :id FOR UPDATE"), {"id": first})
                    barrier.wait(10)
                    conn.execute(text("SELECT id FROM claims WHERE id = :id FOR UPDATE"), {"id": second})
                except DBAPIError as exc:
                    errors.append(exc)
                finally:
                    conn.rollback()

        threads = [threading.Thread(target=cross, args=pair) for pair in ((a, b), (b, a))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert [database.transient_reason(e) for e in errors] == ["deadlock"]
    finally:
        engine.dispose()


class _HeldLock(threading.Timer):
    """The timer that ends another connection's hold on the write lock; `releasing` is set just before it lets go
    (so whoever then holds the lock must find it set; the thread itself may still be closing its connection)."""

    releasing: threading.Event


def _hold_sqlite_lock(url: str, seconds: float) -> _HeldLock:
    """Another connection (as another process would) holds the write lock for `seconds`, from now."""
    other = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    releasing = threading.Event()

    def release() -> None:
        releasing.set()
        other.execute("ROLLBACK")
        other.close()

    timer = _HeldLock(seconds, release)
    timer.releasing = releasing
    timer.start()
    return timer


def test_a_writer_waiting_for_the_sqlite_lock_polls_and_restores_busy_timeout(db: Session, database_url: str) -> None:
    """The wait for the write lock (database._take_write_lock) runs with busy_timeout 0 and puts it back after."""
    _sqlite(database_url)
    configured = db.execute(text("PRAGMA busy_timeout")).scalar()
    assert configured and configured > 0
    timer = _hold_sqlite_lock(database_url, 0.3)
    database.begin_write(db)  # waits for the other connection, then holds the lock
    assert database.holds_write_lock(db)
    assert timer.releasing.is_set()
    assert db.execute(text("PRAGMA busy_timeout")).scalar() == configured
    db.rollback()
    timer.join()


def test_writes_of_many_threads_all_get_the_sqlite_lock_when_it_comes_free(
    app: Any, db: Session, database_url: str, make_user: Callable[..., User], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Eight threads write (an implicit BEGIN IMMEDIATE through the engine: the listener's path) while another
    connection holds the lock: they queue, each gets it from the polling wait (not from the driver's fallback),
    none sees "database is locked"."""
    _sqlite(database_url)
    user_id = make_user("reviewer").id
    db.commit()  # expires the user: the threads use the id read above, never this session (not theirs to share)
    engine = create_engine(database_url)
    database.configure_engine(engine, lock_timeout_ms=20_000)  # 10 s of polling: room for a slow machine
    failures: list[BaseException] = []
    took: list[bool] = []
    take = database._take_write_lock

    def recorded(raw: Any, timeout_ms: int) -> None:
        take(raw, timeout_ms)
        took.append(bool(raw.in_transaction))

    monkeypatch.setattr(database, "_take_write_lock", recorded)

    def write(n: int) -> None:
        try:
            with Session(engine) as session:
                session.execute(update(User).where(User.id == user_id).values(name=f"Writer {n}"))
                session.commit()
        except BaseException as exc:  # reported below
            failures.append(exc)

    _hold_sqlite_lock(database_url, 0.3)
    threads = [threading.Thread(target=write, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    engine.dispose()
    assert failures == []
    assert took == [True] * 8
    assert db.scalar(text("SELECT name FROM users WHERE id = :id"), {"id": user_id}).startswith("Writer ")


def test_a_writer_still_gives_up_when_the_sqlite_lock_never_comes_free(database_url: str) -> None:
    """Past half of busy_timeout the polling stops and the driver's own wait (for the time left) ends in
    "database is locked" (the 503 path): a stuck writer waits busy_timeout in all, not more."""
    _sqlite(database_url)
    engine = create_engine(database_url)
    database.configure_engine(engine, lock_timeout_ms=2000)
    timer = _hold_sqlite_lock(database_url, 4.0)
    try:
        with Session(engine) as session, pytest.raises(DBAPIError, match="locked"):
            session.connection()  # connected (and its PRAGMAs run) before the clock starts
            started = time.monotonic()
            try:
                session.execute(update(User).values(name="never"))
            finally:
                waited = time.monotonic() - started
        # 3 s when the driver waited its full busy_timeout after the polling; a loaded machine's late wake-ups
        # add to SQLite's own count of its sleeps, hence the room above 2 s.
        assert 1.9 < waited < 2.7
    finally:
        timer.join()
        engine.dispose()
