"""The feeds migration (7c4f2a9e1b60) downgrades and upgrades again on the suite's database (PostgreSQL when
FACTCHECK_TEST_DATABASE_URL is set), and the schema it leaves is the models' schema."""

from __future__ import annotations

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from factcheck.extensions import db as flask_db
from tests.support.feeds import make_feed
from tests.test_migrations import _diff

BEFORE = "7c4e2a9b1d05"  # the triage migration, the one before it once the branches met
TABLES = {"feeds", "feed_items", "monitored_claims"}


def test_down_and_up_again(app: Flask, db: Session) -> None:
    make_feed(db, "https://courier.example/feed.xml")
    db.commit()
    with app.app_context():
        try:
            downgrade(revision=BEFORE)
            assert TABLES.isdisjoint(inspect(flask_db.engine).get_table_names())
        finally:
            upgrade()
        assert set(inspect(flask_db.engine).get_table_names()) >= TABLES
    assert _diff(app) == []
