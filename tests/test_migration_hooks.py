"""The webhooks and link checks migration (7c4e2a9d1b6f) downgrades and upgrades again on the suite's database
(PostgreSQL when FACTCHECK_TEST_DATABASE_URL is set): its tables and the sources' check time go and come back,
existing sources are kept, and published articles are still found by search afterwards."""

from __future__ import annotations

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from factcheck.extensions import db as flask_db
from factcheck.models import Source
from factcheck.services import search
from tests.support import builders
from tests.test_migrations import _diff

BEFORE = "3e8b5c1f7a42"  # main's head when this branch was last merged (the claim speaker index)
TABLES = {"webhooks", "webhook_deliveries", "webhook_attempts", "link_checks"}


def test_down_and_up_again_keeps_sources(app: Flask, db: Session) -> None:
    source = builders.make_source(db, "https://ports.example.org/report")
    text = "The ferry sailed 41 times from Port Alder in 2023."
    article = builders.make_article(db, text, extract=False, title="Ferry count")
    builders.make_claim(db, article, text, status="published")
    db.commit()
    with app.app_context():
        try:
            downgrade(revision=BEFORE)
            engine = flask_db.engine
            assert TABLES.isdisjoint(inspect(engine).get_table_names())
            assert "link_checked_at" not in {c["name"] for c in inspect(engine).get_columns("sources")}
        finally:
            upgrade()
        assert set(inspect(flask_db.engine).get_table_names()) >= TABLES
    db.expire_all()
    kept = db.scalar(select(Source).where(Source.id == source.id))
    assert kept is not None and kept.archived_text == source.archived_text and kept.link_checked_at is None
    assert [found.title for found in search.search_published(db, "Port Alder")] == ["Ferry count"]
    assert _diff(app) == []
