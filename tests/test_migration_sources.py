"""The migration of source kinds, claim tags and due dates (47301c1442ac) upgrades a database holding sources
(they become web pages) and downgrades, on SQLite and, when the suite runs on PostgreSQL, in a scratch schema."""

from __future__ import annotations

from typing import Any

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from factcheck.extensions import db
from factcheck.factory import create_app
from tests.test_migration_workflow_rules import scratch_url  # noqa: F401  (the fixture)

REVISION, BEFORE = "47301c1442ac", "5f1a7c3d9e21"


def _columns(table: str) -> set[str]:
    return {c["name"] for c in inspect(db.engine).get_columns(table)}


def test_upgrade_keeps_sources_as_web_pages_and_downgrades(
    scratch_url: str,  # noqa: F811
    app_config: dict[str, Any],
) -> None:
    app = create_app({**app_config, "DATABASE_URL": scratch_url, "SQLALCHEMY_DATABASE_URI": scratch_url})
    with app.app_context():
        try:
            upgrade(revision=BEFORE)
            with db.engine.begin() as conn:
                conn.execute(
                    text(
                        "INSERT INTO sources (url, title, publisher, confidential, note, created_at) "
                        "VALUES ('https://example.org/a', 'A', '', false, '', CURRENT_TIMESTAMP)"
                    )
                )
            upgrade(revision=REVISION)
            assert {"kind", "person", "organisation", "contacted_on", "method", "file_name"} <= _columns("sources")
            assert "due_on" in _columns("claims") and "claim_tags" in inspect(db.engine).get_table_names()
            with db.engine.connect() as conn:
                row = conn.execute(text("SELECT kind, person, organisation FROM sources")).one()
            assert tuple(row) == ("web", "", "")
            downgrade(revision=BEFORE)
            assert "kind" not in _columns("sources") and "claim_tags" not in inspect(db.engine).get_table_names()
            assert "due_on" not in _columns("claims")
            upgrade()
            if db.engine.dialect.name == "sqlite":  # the claims table was altered in place: its FTS triggers stay
                with db.engine.connect() as conn:
                    triggers = conn.execute(
                        text("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'claims'")
                    ).scalars()
                    assert set(triggers) == {"claims_fts_ai", "claims_fts_ad", "claims_fts_au"}
        finally:
            db.session.remove()
            db.engine.dispose()
