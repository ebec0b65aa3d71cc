"""A database that cannot be reached (restarted, its connections dropped) is a 503 with Retry-After and a clear
message, never a 500: a read runs again on a fresh connection, a write is not run again (its connection may
have dropped during the commit) and its client is told to check before sending it again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session

from factcheck import database
from factcheck.extensions import db as ext_db
from factcheck.factory import create_app
from factcheck.models import Comment, User
from factcheck.services import users
from tests.support.restarts import drop_connections

APP_NAME = "factcheck-unavailable-test"


class _Orig(Exception):
    def __init__(self, message: str, sqlstate: str | None) -> None:
        super().__init__(message)
        self.sqlstate = sqlstate


_Orig.__module__ = "psycopg"  # as the driver's own errors are


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (OperationalError("SELECT 1", {}, _Orig("terminating connection", "57P01")), "server shut down"),
        (OperationalError("SELECT 1", {}, _Orig("the database system is starting up", "57P03")), "server starting up"),
        (OperationalError("SELECT 1", {}, _Orig("connection failure", "08006")), "connection lost"),
        (OperationalError("SELECT 1", {}, _Orig("connection refused", None)), "cannot connect"),
        (OperationalError("SELECT 1", {}, _Orig("deadlock detected", "40P01")), None),
        (IntegrityError("INSERT", {}, _Orig("duplicate key", "23505")), None),
        (ValueError("not a database error"), None),
    ],
)
def test_what_counts_as_unavailable(error: BaseException, expected: str | None) -> None:
    assert database.unavailable_reason(error) == expected


@pytest.fixture()
def droppable_app(app: Flask, app_config: dict[str, Any], database_url: str) -> Iterator[Flask]:
    """The suite's PostgreSQL database, through connections that carry a name (so the test can drop them) and
    are not pinged before use (so a dropped one is met by the request, as in a restart mid-request)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: its connections can be dropped by the server")
    options = {"pool_pre_ping": False, "connect_args": {"application_name": APP_NAME}}
    fresh = create_app({**app_config, "SQLALCHEMY_ENGINE_OPTIONS": options})
    yield fresh
    with fresh.app_context():
        ext_db.session.remove()
        ext_db.engine.dispose()


def _drop_connections(url: str) -> int:
    return drop_connections(url, APP_NAME)


@pytest.fixture()
def reviewer_claim(
    db: Session, make_user: Callable[..., User], make_article: Any, make_claim: Any
) -> tuple[dict[str, str], Any]:
    """A reviewer's API headers and a claim to read and comment on."""
    token = users.create_token(db, None, make_user("reviewer"))
    claim = make_claim(make_article(extract=False))
    db.commit()
    return {"Authorization": f"Bearer {token}"}, claim


def test_a_read_over_a_dropped_connection_runs_again_and_a_write_is_a_clear_503(
    droppable_app: Flask, db: Session, database_url: str, reviewer_claim: tuple[dict[str, str], Any]
) -> None:
    auth, claim = reviewer_claim
    client = droppable_app.test_client()
    assert client.get(f"/api/v1/claims/{claim.id}", headers=auth).status_code == 200  # a pooled connection
    assert _drop_connections(database_url) >= 1
    read = client.get(f"/api/v1/claims/{claim.id}", headers=auth)
    assert read.status_code == 200, read.get_data(as_text=True)  # ran again on a new connection

    assert _drop_connections(database_url) >= 1
    write = client.post(f"/api/v1/claims/{claim.id}/comments", json={"body": "After the restart"}, headers=auth)
    assert write.status_code == 503, write.get_data(as_text=True)
    assert write.headers["Retry-After"].isdigit()
    answer = write.get_json()
    assert answer["error"]["code"] == "unavailable"
    assert (
        "cannot be reached" in answer["error"]["message"] and "check whether it was saved" in answer["error"]["message"]
    )
    assert db.scalar(select(func.count(Comment.id))) == 0  # dropped before it wrote: nothing saved
    again = client.post(f"/api/v1/claims/{claim.id}/comments", json={"body": "After the restart"}, headers=auth)
    assert again.status_code == 201  # the next request has a working connection


def test_a_connection_that_drops_after_the_answer_was_made_is_let_go_of_not_a_500(
    droppable_app: Flask, database_url: str, reviewer_claim: tuple[dict[str, str], Any]
) -> None:
    """The request's session ends after its answer is made (Flask's teardown): rolling back over a connection the
    server dropped meanwhile raised there, and the finished answer became a 500."""
    auth, claim = reviewer_claim
    dropped: list[int] = []

    @droppable_app.after_request
    def restart_now(response: Any) -> Any:
        dropped.append(_drop_connections(database_url))
        return response

    client = droppable_app.test_client()
    for _ in range(3):
        answer = client.get(f"/api/v1/claims/{claim.id}", headers=auth)
        assert answer.status_code == 200, answer.get_data(as_text=True)
        assert answer.get_json()["id"] == claim.id
    assert dropped and min(dropped) >= 1


def test_an_unreachable_database_is_a_503_page_for_a_browser(
    droppable_app: Flask, db: Session, database_url: str, make_user: Callable[..., User]
) -> None:
    client = droppable_app.test_client()
    assert client.get("/login").status_code == 200
    _drop_connections(database_url)
    with droppable_app.app_context():
        ext_db.engine.dispose()  # no pooled connection left: the next one must be made...
    bad = database_url.replace("127.0.0.1:5432", "127.0.0.1:9")  # ...and nothing listens there
    with droppable_app.app_context():
        ext_db.engines[None] = create_engine(bad)  # type: ignore[index]
    try:
        page = client.get("/corrections")
    finally:
        with droppable_app.app_context():
            ext_db.engines[None].dispose()  # type: ignore[index]
    assert page.status_code == 503
    assert "cannot be reached" in page.get_data(as_text=True) and page.headers["Retry-After"].isdigit()


def test_a_transient_error_is_not_called_unavailable() -> None:
    busy = OperationalError("UPDATE", {}, _Orig("deadlock detected", "40P01"))
    assert database.transient_reason(busy) == "deadlock" and database.unavailable_reason(busy) is None
    assert isinstance(busy, DBAPIError)


def test_a_rollback_over_a_dropped_connection_is_swallowed_and_loaded_objects_stay_usable(
    droppable_app: Flask, db: Session, database_url: str, make_user: Callable[..., User]
) -> None:
    """`database.discard`: the error handlers and the job runner end a failed transaction with it; after it the
    signed-in user (loaded before) must still read, or the error page itself would fail."""
    user_id = make_user("reviewer").id
    db.commit()
    with droppable_app.app_context():
        session = ext_db.session()
        user = session.get(User, user_id)
        assert user is not None
        session.execute(text("SELECT 1"))  # a transaction open on a pooled connection
        assert _drop_connections(database_url) >= 1
        assert database.discard(session) is not None  # the rollback met the dropped connection
        session.expire_all()
        assert user.role == "reviewer"  # read again on a new connection: not detached
        assert database.discard(session) is None
        ext_db.session.remove()
