"""The fixture ladder: database URL -> app (schema migrated once) -> db session (emptied after each test)
-> client -> login_as. PostgreSQL is used when FACTCHECK_TEST_DATABASE_URL is set, SQLite otherwise."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from hypothesis import settings
from sqlalchemy import inspect, make_url, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from factcheck import database
from factcheck.extensions import db as _db
from factcheck.extensions import limiter
from factcheck.factory import create_app
from factcheck.models import Base, User
from factcheck.services import match_candidates, users
from tests.fetch.conftest import LocalServer

pytest_plugins = [
    "tests.support.fixtures",
    "tests.support.feeds",
    "tests.support.mailbox",
    "tests.support.hooks",
]  # the builders as fixtures: make_article, make_claim, ...

# CI runs the same examples every time (a failure there is then reproducible, never a one-off draw);
# a developer's run keeps exploring new examples.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

PASSWORD = "correct horse battery staple"
TEST_DATABASE_URL = os.environ.get("FACTCHECK_TEST_DATABASE_URL", "").strip()


def pytest_report_header(config: pytest.Config) -> list[str]:
    if TEST_DATABASE_URL:
        url = make_url(TEST_DATABASE_URL)
        where = f"{url.get_backend_name()} at {url.host}:{url.port}/{url.database} (FACTCHECK_TEST_DATABASE_URL)"
    else:
        where = "sqlite (a temporary file; set FACTCHECK_TEST_DATABASE_URL for PostgreSQL)"
    browser = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else "absent: browser tests skip"
    return [f"factcheck database: {where}", f"factcheck browser: {browser}"]


def reset_schema(app: Flask) -> None:
    """Drop everything (including alembic's table) and migrate an empty database to head."""
    from flask_migrate import upgrade

    with app.app_context():
        engine = _db.engine
        with engine.begin() as conn:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()


def empty_tables(app: Flask) -> None:
    match_candidates.forget_sizes()  # BM25's pool sizes, read once a minute, are stale once the tables are empty
    with app.app_context():
        _db.session.remove()
        engine = _db.engine
        names = [t.name for t in reversed(Base.metadata.sorted_tables)]
        for attempt in range(3):
            try:
                with engine.begin() as conn:
                    if engine.dialect.name == "postgresql":
                        # A test that leaves a transaction open (an unclosed streamed response) fails here, not
                        # hangs.
                        conn.execute(text("SET LOCAL lock_timeout = '20s'"))
                        tables = ", ".join(f'"{n}"' for n in names)
                        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
                    else:
                        for name in names:
                            conn.execute(text(f'DELETE FROM "{name}"'))
                return
            except OperationalError as exc:
                # A browser test's page may still be fetching (a panel loaded after the page) when the test ends:
                # its request and the TRUNCATE can deadlock. The request ends; emptying again then succeeds.
                if database.transient_reason(exc) != "deadlock" or attempt == 2:
                    raise
                time.sleep(0.5)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    if TEST_DATABASE_URL:
        return TEST_DATABASE_URL
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app_config(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return {
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(tmp_path_factory.mktemp("instance")),
        "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
        "FETCH_ALLOW_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://factcheck.test",
        "RANKER_GRID": "quick",  # claims train: a small grid, three folds (the full one takes seconds a model)
        # Jobs run when the request that queued them commits; tests of a real consumer build their own app.
        "JOBS_IMMEDIATE": True,
    }


@pytest.fixture(scope="session")
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(app_config)
    reset_schema(application)
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture()
def db(app: Flask) -> Iterator[Session]:
    """A session of the test's own on the app's engine; every table is emptied after the test.

    No app context stays pushed during the test, so each client request gets a fresh one, as in production
    (Flask-Login keeps the signed-in user in `g`, which lives as long as the app context).
    """
    with app.app_context():
        engine = _db.engine
    session = Session(engine)
    yield session
    session.rollback()
    session.close()
    empty_tables(app)
    limiter.reset()


@pytest.fixture()
def client(app: Flask, db: Session) -> FlaskClient:
    return app.test_client()


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    """A real HTTP server on 127.0.0.1 (allowed by the app's FETCH_ALLOW_HOSTS) for anything the app fetches."""
    srv = LocalServer()
    srv.start()
    yield srv
    srv.close()


@pytest.fixture()
def runner(app: Flask, db: Session) -> FlaskCliRunner:
    return app.test_cli_runner()


_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def get_csrf(client: FlaskClient, path: str = "/login") -> str:
    return csrf_from(client.get(path).get_data(as_text=True))


@pytest.fixture()
def make_user(db: Session) -> Callable[..., User]:
    counter = {"n": 0}

    def make(role: str = "reviewer", *, email: str | None = None, name: str | None = None) -> User:
        counter["n"] += 1
        user = users.create_user(
            db,
            None,
            email=email or f"{role}{counter['n']}@example.org",
            name=name or f"{role.title()} {counter['n']}",
            role=role,
            password=PASSWORD,
        )
        db.commit()
        return user

    return make


@pytest.fixture()
def login_as(client: FlaskClient, make_user: Callable[..., User]) -> Callable[..., User]:
    def login(role: str = "reviewer", user: User | None = None) -> User:
        user = user or make_user(role)
        token = get_csrf(client, "/login")
        response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return user

    return login


def table_names(app: Flask) -> set[str]:
    with app.app_context():
        return set(inspect(_db.engine).get_table_names())
