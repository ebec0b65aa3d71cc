"""The factory (factcheck/factory.py) registers every blueprint and command and sets SQLite up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import text

from factcheck.extensions import db
from factcheck.factory import create_app


def test_every_blueprint_is_registered(app: Flask) -> None:
    assert {"public", "auth", "work", "api"} <= set(app.blueprints)


def test_every_cli_command_is_registered(app: Flask) -> None:
    commands = set(app.cli.list_commands(None))  # type: ignore[arg-type]
    assert {"setup", "users", "tokens", "audit", "db", "articles", "claims"} <= commands


def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(tmp_path: Path, app_config: dict[str, Any]) -> None:
    url = f"sqlite:///{tmp_path / 'pragmas.db'}"
    sqlite_app = create_app({**app_config, "DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url})
    with sqlite_app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        # Waits for the write lock up to DB_LOCK_TIMEOUT_MS, then the request is retried or answers 503.
        assert int(conn.execute(text("PRAGMA busy_timeout")).scalar() or 0) == 2000
        assert conn.connection.dbapi_connection.isolation_level == "IMMEDIATE"  # type: ignore[union-attr]
    quick = create_app({**app_config, "DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url, "DB_LOCK_TIMEOUT_MS": 150})
    with quick.app_context(), db.engine.connect() as conn:
        assert int(conn.execute(text("PRAGMA busy_timeout")).scalar() or 0) == 150
    for each in (sqlite_app, quick):
        with each.app_context():
            db.engine.dispose()
