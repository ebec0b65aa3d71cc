"""The public home page: one statement for a page of published articles (columns only, paginated in SQL), and
its anonymous pages served from the page cache, rebuilt when a version is published, corrected or retracted,
by this process at once and by another process once the database's publication generation is looked at again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from factcheck.models import Article, User
from factcheck.services import publishing, reading
from tests.support.builders import make_article, make_claim
from tests.support.people import default_user
from tests.support.queries import counting


def _published(db: Session, title: str) -> Article:
    article = make_article(db, f"The {title} grew by 8% in 2022, the council said.", title=title, extract=False)
    make_claim(db, article, status="approved")
    publishing.publish(db, default_user(db, "editor"), article)
    db.commit()
    return article


def test_publish_and_retract_show_at_once(client: FlaskClient, db: Session) -> None:
    assert "Nothing has been published yet." in client.get("/").get_data(as_text=True)
    first = client.get("/")
    with counting(db) as statements:
        hit = client.get("/", headers={"If-None-Match": first.headers["ETag"]})
    assert hit.status_code == 304 and statements == [0]  # from the cache, not the database
    assert first.headers["Cache-Control"] == "public, no-cache"
    article = _published(db, "Orchard levy")
    assert "Orchard levy" in client.get("/").get_data(as_text=True)
    publishing.publish(db, default_user(db, "editor"), article, "We corrected a figure.")
    db.commit()
    assert "version 2, published" in client.get("/").get_data(as_text=True)
    publishing.retract(db, default_user(db, "editor"), article, "Withdrawn: the source was wrong.")
    db.commit()
    page = client.get("/").get_data(as_text=True)
    assert "Orchard levy" not in page and "Nothing has been published yet." in page


def test_another_process_publication_shows_once_checked(
    app: Flask, client: FlaskClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = _published(db, "Ferry fares")
    monkeypatch.setattr(app.extensions["page_cache"], "check_every", 0.0)
    assert "Ferry fares" in client.get("/").get_data(as_text=True)
    other = create_engine(db.get_bind().url)  # an engine this process does not watch: another worker
    with Session(other) as elsewhere:
        editor = elsewhere.get_one(User, default_user(db, "editor").id)
        publishing.retract(elsewhere, editor, elsewhere.get_one(Article, kept.id), "Withdrawn by the desk.")
        elsewhere.commit()
    other.dispose()
    cache = app.extensions["page_cache"]
    monkeypatch.setattr(cache, "check_every", 3600.0)  # the generation not looked at again yet: the cached page
    assert "Ferry fares" in client.get("/").get_data(as_text=True)
    monkeypatch.setattr(cache, "check_every", 0.0)  # looked at again (one query): moved, so rebuilt
    assert "Ferry fares" not in client.get("/").get_data(as_text=True)


def test_staff_and_searches_are_not_cached(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    _published(db, "Canal tolls")
    assert "Canal tolls" in client.get("/?q=canal").get_data(as_text=True)
    assert "ETag" not in client.get("/?q=canal").headers
    login_as("reviewer")
    response = client.get("/")
    assert "ETag" not in response.headers and "Sign out" in response.get_data(as_text=True)


def test_pages_in_sql_with_one_statement(db: Session) -> None:
    made = [_published(db, f"Harbour dues {n}") for n in range(5)]
    with counting(db) as statements:
        first, more = reading.published_articles(db, per_page=2)
    assert statements == [1] and more
    third, last_more = reading.published_articles(db, per_page=2, page=3)
    assert [a.article_id for a in first] == [made[4].id, made[3].id]
    assert [a.article_id for a in third] == [made[0].id] and not last_more
    publishing.retract(db, default_user(db, "editor"), made[4], "Withdrawn.")
    db.commit()
    assert made[4].id not in [a.article_id for a in reading.published_articles(db)[0]]
