"""The desk and team migration (5d1e7c0a9b3f) downgrades and upgrades again on the suite's database
(PostgreSQL when FACTCHECK_TEST_DATABASE_URL is set): existing revisions get their text key and are searchable."""

from __future__ import annotations

from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from factcheck.extensions import db as flask_db
from factcheck.models import ArticleRevision, text_key
from factcheck.services import search
from tests.support import builders
from tests.test_migrations import _diff

BEFORE = "5b1e0c9d7a31"
TEXT = "The envoy said the INF Treaty was signed in 1987.\n\nIt lapsed in 2019."


def test_down_and_up_again_fills_what_existing_rows_need(app: Flask, db: Session) -> None:
    article = builders.make_article(db, TEXT, extract=False, title="Treaty piece")
    builders.make_claim(db, article, "The envoy said the INF Treaty was signed in 1987.", status="published")
    db.commit()
    with app.app_context():
        try:
            downgrade(revision=BEFORE)
            names = set(inspect(flask_db.engine).get_table_names())
            assert {"account_links", "notifications"}.isdisjoint(names)
            columns = {c["name"] for c in inspect(flask_db.engine).get_columns("article_revisions")}
            assert "text_key" not in columns
        finally:
            upgrade()
    db.expire_all()
    revision = db.scalar(select(ArticleRevision).where(ArticleRevision.article_id == article.id))
    assert revision is not None and revision.text_key == text_key(TEXT)
    assert [found.title for found in search.search_published(db, "INF Treaty")] == ["Treaty piece"]
    assert _diff(app) == []
