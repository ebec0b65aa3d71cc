"""Migrations: an empty database upgrades to head, the models match the migrations, there is one head."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.orm import Session

from factcheck.config import PROJECT_ROOT
from factcheck.extensions import db
from factcheck.factory import create_app
from factcheck.models import Base
from tests.conftest import reset_schema
from tests.support import builders

MIGRATIONS = PROJECT_ROOT / "migrations"


def _script() -> ScriptDirectory:
    cfg = Config(str(MIGRATIONS / "alembic.ini"))
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return ScriptDirectory.from_config(cfg)


def _include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """The same filter as include_name in migrations/env.py (which cannot be imported outside alembic)."""
    if type_ == "table" and name and name.startswith(("claims_fts", "external_checks_fts", "article_revisions_fts")):
        return False
    if type_ == "column" and name in ("quote_tsv", "claim_tsv"):
        return False
    return not (
        type_ == "index"
        and name
        in (
            "ix_claims_quote_fts",
            "ix_claims_quote_tsv",
            "ix_external_checks_claim_tsv",
            "ix_article_revisions_text_fts",
        )
    )


def _diff(app: Flask) -> list[Any]:
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": _include_name})
        return list(compare_metadata(context, Base.metadata))


def test_exactly_one_head() -> None:
    assert len(_script().get_heads()) == 1


def test_revision_files_are_date_prefixed() -> None:
    files = sorted(p.name for p in (MIGRATIONS / "versions").glob("*.py"))
    assert files, "no migration files"
    assert all(name[:4].isdigit() and name[4] == "_" for name in files), files


def test_empty_sqlite_upgrades_to_head_and_matches_models(tmp_path: Path, app_config: dict[str, Any]) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    fresh = create_app({**app_config, "DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url})
    reset_schema(fresh)
    engine = create_engine(url)
    try:
        tables = set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
    assert set(Base.metadata.tables) <= tables
    assert current == _script().get_current_head()
    assert _diff(fresh) == []
    with fresh.app_context():
        db.engine.dispose()


def test_session_database_is_at_head_and_matches_models(app: Flask) -> None:
    """On PostgreSQL when FACTCHECK_TEST_DATABASE_URL is set: the suite's database was migrated from empty."""
    with app.app_context(), db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == _script().get_current_head()
    assert _diff(app) == []


def test_flask_db_check_reports_no_difference(app: Flask) -> None:
    result = app.test_cli_runner().invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


EVENTS_REVISION = "af1bbef8f6f9"
EVENT_TABLES = {"events", "event_mentions", "event_conflicts"}


def test_events_migration_downgrades_and_upgrades_again(app: Flask) -> None:
    """On the suite's database (PostgreSQL when FACTCHECK_TEST_DATABASE_URL is set): down to the revision before
    the events tables and up to head again, and the models still match."""
    from flask_migrate import downgrade, upgrade

    events = _script().get_revision(EVENTS_REVISION)
    assert events is not None and isinstance(events.down_revision, str)
    with app.app_context():
        try:
            downgrade(revision=events.down_revision)
            assert EVENT_TABLES.isdisjoint(inspect(db.engine).get_table_names())
            with db.engine.connect() as conn:
                assert MigrationContext.configure(conn).get_current_revision() == events.down_revision
        finally:
            upgrade()
        assert set(inspect(db.engine).get_table_names()) >= EVENT_TABLES
    assert _diff(app) == []


KEYSET_REVISION = "5f1a7c3d9e21"  # the queue's keyset indexes


def test_keyset_indexes_migration_downgrades_and_upgrades_again(app: Flask) -> None:
    """Down to the revision before the keyset indexes (the single-column indexes are back) and up again."""
    from flask_migrate import downgrade, upgrade

    revision = _script().get_revision(KEYSET_REVISION)
    assert revision is not None and isinstance(revision.down_revision, str)

    def claim_indexes() -> set[str]:
        return {str(ix["name"]) for ix in inspect(db.engine).get_indexes("claims")}

    with app.app_context():
        try:
            downgrade(revision=revision.down_revision)
            names = claim_indexes()
            assert "ix_claims_checkworthiness" in names and "ix_claims_score_order" not in names
        finally:
            upgrade()
        names = claim_indexes()
        assert {"ix_claims_score_order", "ix_claims_position_order", "ix_claims_kind_age_order"} <= names
        assert "ix_claims_checkworthiness" not in names


JOBS_REVISION = "5b1e0c9d7a31"


def test_jobs_migration_downgrades_and_upgrades_again(app: Flask) -> None:
    """Down to the revision before the jobs table and up to head again; the models still match."""
    from flask_migrate import downgrade, upgrade

    jobs = _script().get_revision(JOBS_REVISION)
    assert jobs is not None and isinstance(jobs.down_revision, str)
    with app.app_context():
        try:
            downgrade(revision=jobs.down_revision)
            assert "jobs" not in inspect(db.engine).get_table_names()
        finally:
            upgrade()
        assert "jobs" in inspect(db.engine).get_table_names()
    assert _diff(app) == []


TRIAGE_REVISION = "7c4e2a9b1d05"  # claims.triage replaces the dismissed status; evidence corrections


def test_triage_migration_moves_dismissed_claims_both_ways(app: Flask, db: Session) -> None:
    """Down: a dismissed claim's status is `dismissed` again. Up: it is triaged dismissed (status new), a claim
    with a verdict accepted, the rest suggested."""
    from flask_migrate import downgrade, upgrade

    revision = _script().get_revision(TRIAGE_REVISION)
    assert revision is not None and isinstance(revision.down_revision, str)
    article = builders.make_article(db, extract=False)
    dismissed = builders.make_claim(db, article, "41 ferries sailed", status="dismissed")
    checked = builders.make_claim(db, article, "ticket prices would fall", status="submitted")
    plain = builders.make_claim(db, article, "Traders on the quay")
    db.commit()
    ids = dismissed.id, checked.id, plain.id
    db.close()

    def rows() -> dict[int, tuple[str, ...]]:
        with db.connection() as conn:
            names = {c["name"] for c in inspect(conn).get_columns("claims")}
            column = ", triage" if "triage" in names else ""
            found = conn.execute(text(f"SELECT id, status{column} FROM claims")).all()
        db.close()
        return {r[0]: tuple(r[1:]) for r in found}

    with app.app_context():
        try:
            downgrade(revision=revision.down_revision)
            before = rows()
            assert before[ids[0]] == ("dismissed",) and before[ids[1]] == ("submitted",)
            assert "superseded_at" not in {c["name"] for c in inspect(_db_engine(db)).get_columns("evidence")}
        finally:
            upgrade()
    after = rows()
    assert after[ids[0]] == ("new", "dismissed")
    assert after[ids[1]] == ("submitted", "accepted")
    assert after[ids[2]] == ("new", "suggested")  # marked by hand, but with no verdict: as the engine's
    assert _diff(app) == []


def _db_engine(session: Session) -> Any:
    return session.get_bind()
