"""The migration of login sessions, idempotency keys and approval scopes (2aeefd7a442c) upgrades and downgrades,
on a fresh SQLite file and, when the suite runs on PostgreSQL, in a scratch schema of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, make_url, text

from factcheck.extensions import db
from factcheck.factory import create_app
from tests.conftest import TEST_DATABASE_URL

REVISION, BEFORE = "2aeefd7a442c", "af1bbef8f6f9"
NEW_TABLES = {"login_sessions", "idempotency_keys"}


@pytest.fixture()
def scratch_url(tmp_path: Path) -> Iterator[str]:
    """An empty database: a SQLite file, or on PostgreSQL a schema of its own in the suite's database (made and
    dropped here; the connection's search_path points at it)."""
    if not TEST_DATABASE_URL:
        yield f"sqlite:///{tmp_path / 'migrate.db'}"
        return
    schema = f"mig_{uuid.uuid4().hex[:8]}"
    engine = create_engine(TEST_DATABASE_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(TEST_DATABASE_URL).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        engine.dispose()


def _columns(table: str) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns(table)}


def test_upgrade_and_downgrade(scratch_url: str, app_config: dict[str, Any]) -> None:
    app = create_app({**app_config, "DATABASE_URL": scratch_url, "SQLALCHEMY_DATABASE_URI": scratch_url})
    with app.app_context():
        try:
            upgrade(revision=BEFORE)
            assert "scope" not in _columns("verdicts") and not NEW_TABLES & set(inspect(db.engine).get_table_names())
            upgrade(revision=REVISION)
            assert "scope" in _columns("verdicts") and set(inspect(db.engine).get_table_names()) >= NEW_TABLES
            assert {"user_id", "token_hash", "expires_at"} <= _columns("login_sessions")
            assert {"key", "method", "path", "body_sha256", "status", "response_body"} <= _columns("idempotency_keys")
            downgrade(revision=BEFORE)
            assert "scope" not in _columns("verdicts") and not NEW_TABLES & set(inspect(db.engine).get_table_names())
            upgrade()
            assert "scope" in _columns("verdicts")
        finally:
            db.session.remove()
            db.engine.dispose()
