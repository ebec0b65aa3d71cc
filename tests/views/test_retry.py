"""A busy database never reaches a client as a 500: the view runs again after a transient error (only while it
has committed nothing), else the answer is a 503 with Retry-After and a clear message.

The lock is really held, by another connection: SQLite's write lock (BEGIN IMMEDIATE), PostgreSQL's row lock on
the claim (SELECT ... FOR UPDATE) or the audit chain's advisory lock, with a short DB_LOCK_TIMEOUT_MS.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from factcheck.extensions import db as ext_db
from factcheck.factory import create_app
from factcheck.models import Claim, Comment, User
from factcheck.services import users
from factcheck.views import retry

LOCK_MS = 150


@pytest.fixture()
def quick_app(app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    """The suite's database, but locks are waited for LOCK_MS only (so the tests take a second, not minutes)."""
    fast = create_app({**app_config, "DB_LOCK_TIMEOUT_MS": LOCK_MS})
    yield fast
    with fast.app_context():
        ext_db.session.remove()
        ext_db.engine.dispose()


@pytest.fixture()
def scene(db: Session, make_user: Callable[..., User], make_article: Any, make_claim: Any) -> tuple[str, int]:
    """A reviewer's API token and a claim to comment on."""
    user = make_user("reviewer")
    token = users.create_token(db, None, user)
    claim = make_claim(make_article(extract=False))
    db.commit()
    return token, claim.id


@contextmanager
def database_locked(url: str, claim_id: int) -> Iterator[None]:
    """Hold what a comment needs, from another connection: SQLite's write lock, or the claim's row and the audit
    chain's lock on PostgreSQL."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None, check_same_thread=False)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        return
    engine = create_engine(url)
    with engine.connect() as conn:
        conn.execute(text("SELECT id FROM claims WHERE id = :id FOR UPDATE"), {"id": claim_id})
        conn.execute(text("SELECT pg_advisory_xact_lock(727274)"))
        try:
            yield
        finally:
            conn.rollback()
    engine.dispose()


def _comments(db: Session) -> int:
    count = db.scalar(select(func.count()).select_from(Comment)) or 0
    db.rollback()
    return count


def test_a_lock_held_longer_than_the_retries_answers_503_with_retry_after(
    quick_app: Flask, db: Session, scene: tuple[str, int], database_url: str
) -> None:
    token, claim_id = scene
    client = quick_app.test_client()
    with database_locked(database_url, claim_id):
        started = time.monotonic()
        response = client.post(
            f"/api/v1/claims/{claim_id}/comments", json={"body": "Busy?"}, headers={"Authorization": f"Bearer {token}"}
        )
        took = time.monotonic() - started
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.headers["Retry-After"] == str(retry.RETRY_AFTER_S)
    error = response.get_json()["error"]
    assert error["code"] == "busy" and "Nothing was saved" in error["message"]
    assert "database is locked" not in response.get_data(as_text=True).lower() or "busy" in error["message"]
    assert took < retry.ATTEMPTS * (LOCK_MS / 1000 + 1.0)  # failed fast: no 15 s wait
    assert _comments(db) == 0


@contextmanager
def locked_until_first_retry(url: str, claim_id: int, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Hold the lock until the first attempt has failed on it: the backoff pause releases it."""
    holding = database_locked(url, claim_id)
    holding.__enter__()
    pauses: list[int] = []
    sleep = time.sleep

    def pause(seconds: float) -> None:
        if not pauses:
            holding.__exit__(None, None, None)
        pauses.append(1)
        sleep(seconds)

    monkeypatch.setattr(retry.time, "sleep", pause)
    try:
        yield pauses
    finally:
        if not pauses:
            holding.__exit__(None, None, None)


def test_a_lock_released_during_the_retries_lets_the_request_succeed(
    quick_app: Flask, db: Session, scene: tuple[str, int], database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, claim_id = scene
    client = quick_app.test_client()
    with locked_until_first_retry(database_url, claim_id, monkeypatch) as pauses:
        response = client.post(
            f"/api/v1/claims/{claim_id}/comments", json={"body": "Later"}, headers={"Authorization": f"Bearer {token}"}
        )
    assert pauses == [1]  # one attempt met the lock, the next one went through
    assert response.status_code == 201, response.get_data(as_text=True)
    assert _comments(db) == 1  # written once, not once per attempt


def test_an_html_form_meets_the_lock_with_a_503_page(
    quick_app: Flask, db: Session, scene: tuple[str, int], database_url: str, make_user: Callable[..., User]
) -> None:
    _, claim_id = scene
    client = quick_app.test_client()
    from tests.conftest import PASSWORD, get_csrf

    user = make_user("reviewer")
    token = get_csrf(client, "/login")
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}).status_code == 302
    )
    with database_locked(database_url, claim_id):
        response = client.post(
            f"/work/claims/{claim_id}/comments", data={"body": "Busy form", "csrf_token": get_csrf(client, "/work/")}
        )
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "try again in a few seconds" in response.get_data(as_text=True)


def test_a_view_that_committed_is_not_run_again(app: Flask, db: Session) -> None:
    """The retry is for attempts that left nothing behind: after a commit the error is a 503, not a rerun."""
    runs: list[int] = []

    def view() -> str:
        runs.append(1)
        ext_db.session.execute(text("SELECT 1"))
        ext_db.session.commit()
        raise OperationalError("INSERT ...", {}, sqlite3.OperationalError("database is locked"))

    wrapped = retry.retrying(view)
    with app.test_request_context("/", method="POST"), pytest.raises(retry.DatabaseBusy):
        wrapped()
    assert runs == [1]


def test_a_transient_error_is_retried_and_a_bug_is_not(app: Flask, db: Session) -> None:
    runs: list[str] = []

    def flaky() -> str:
        runs.append("flaky")
        if len(runs) < retry.ATTEMPTS:
            raise OperationalError("UPDATE ...", {}, sqlite3.OperationalError("database is locked"))
        return "done"

    def broken() -> str:
        runs.append("broken")
        raise OperationalError("SELECT ...", {}, sqlite3.OperationalError("no such column: x"))

    with app.test_request_context("/", method="POST"):
        assert retry.retrying(flaky)() == "done"
        with pytest.raises(OperationalError):
            retry.retrying(broken)()
    assert runs == ["flaky"] * retry.ATTEMPTS + ["broken"]


def test_claim_rows_and_comment_count_are_untouched_by_a_503(db: Session, scene: tuple[str, int]) -> None:
    _, claim_id = scene
    claim = db.get(Claim, claim_id)
    assert claim is not None and claim.version >= 1
    db.rollback()


def test_an_upload_is_read_again_when_the_request_is_retried(
    quick_app: Flask,
    db: Session,
    scene: tuple[str, int],
    database_url: str,
    make_user: Callable[..., User],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    from factcheck.models import Article
    from tests.conftest import PASSWORD, get_csrf

    _, claim_id = scene
    client = quick_app.test_client()
    user = make_user("editor")
    token = get_csrf(client, "/login")
    assert (
        client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}).status_code == 302
    )
    text = b"Officials said on Monday that 4,000 jobs were created in the region in 2023, the office reported."
    form = {"file": (io.BytesIO(text), "jobs.txt"), "title": "Jobs", "csrf_token": get_csrf(client, "/work/")}
    with locked_until_first_retry(database_url, claim_id, monkeypatch) as pauses:
        response = client.post("/work/import/file", data=form, content_type="multipart/form-data")
    assert pauses == [1]
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    assert db.scalar(select(func.count()).select_from(Article)) == 2  # the scene's article and this one, once
    db.rollback()
