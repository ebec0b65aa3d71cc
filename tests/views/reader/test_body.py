"""A version's article body is rendered when it is published (browser, API, `flask setup`), stored on its row,
and served from there; a reader's GET never writes (a version stored without a body is rendered, not stored;
`flask pages render` stores those)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from factcheck.extensions import db as _db
from factcheck.models import Article, Publication, User
from factcheck.services import demo, publishing, users
from factcheck.views.reader.body import render_article_body
from tests.conftest import get_csrf


def _demo(db: Session) -> tuple[Article, User]:
    demo.load_demo(db)
    db.commit()
    return db.scalars(select(Article)).one(), db.scalars(select(User).where(User.role == "editor")).one()


@contextmanager
def _writes(app: Flask) -> Iterator[list[str]]:
    """Every INSERT, UPDATE or DELETE the app's engine runs meanwhile."""
    with app.app_context():
        engine = _db.engine
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _stored(db: Session, article: Article) -> Publication:
    db.expire_all()
    pub = publishing.latest_publication(db, article)
    assert pub is not None
    return pub


def test_reader_gets_write_nothing(
    app: Flask, client: FlaskClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    article, editor = _demo(db)  # version 1: published without a stored body (as before bodies were stored)
    with app.app_context():
        publishing.publish(db, editor, article, "A second version.", render=render_article_body)
    db.commit()
    first = db.scalars(select(Publication).order_by(Publication.version)).first()
    assert first is not None
    claim_id = next(c["id"] for c in first.snapshot["claims"] if c["checked"])  # only checked claims have a page
    paths = [
        f"/a/{article.slug}",
        f"/a/{article.slug}/v/1",
        f"/a/{article.slug}/v/2",
        f"/a/{article.slug}/versions",
        f"/a/{article.slug}/annotations.jsonld",
        f"/a/{article.slug}/v/1/download.html",
        f"/claims/{claim_id}",
        "/",
        "/corrections",
    ]
    with _writes(app) as writes:
        statuses = [client.get(path).status_code for path in paths]  # cache misses
        statuses += [client.get(path).status_code for path in paths]  # hits
        monkeypatch.setattr(app.extensions["page_cache"], "check_every", 0.0)
        statuses += [client.get(path).status_code for path in paths[:3]]  # hits confirmed against the database
    assert statuses == [200] * len(statuses)
    assert writes == []
    assert _stored(db, article).html is not None
    assert db.get(Publication, first.id).html is None  # type: ignore[union-attr]


def test_a_write_on_a_reader_get_would_be_seen(app: Flask, client: FlaskClient, db: Session) -> None:
    """The listener above catches the app's writes (so that an empty list means something)."""
    _demo(db)
    with _writes(app) as writes:
        client.post("/suggest", data={"csrf_token": get_csrf(client, "/suggest"), "body": "A bridge claim"})
    assert any("INSERT" in w.upper() for w in writes)


def test_publishing_from_the_browser_stores_the_body_the_reader_is_served(
    app: Flask, client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    article, _editor = _demo(db)
    login_as("editor")
    token = get_csrf(client, f"/publish/articles/{article.id}")
    assert client.post(f"/publish/articles/{article.id}", data={"csrf_token": token}).status_code == 302
    pub = _stored(db, article)
    assert pub.version == 2 and pub.html and pub.etag
    assert "Version 2, published" in pub.html and "/a/" in pub.html
    response = app.test_client().get(f"/a/{article.slug}")  # an anonymous reader
    assert pub.html in response.get_data(as_text=True)
    assert response.headers["ETag"] == f'"{hashlib.sha256(response.data).hexdigest()[:24]}"'  # the page's digest
    notice = {"csrf_token": token, "notice": "A forged letter."}
    assert client.post(f"/publish/articles/{article.id}/retract", data=notice).status_code == 302
    retraction = _stored(db, article)
    assert retraction.kind == "retraction" and retraction.html and "A forged letter." in retraction.html


def test_publishing_through_the_api_stores_the_body(client: FlaskClient, db: Session) -> None:
    article, editor = _demo(db)
    token = users.create_token(db, None, editor)
    db.commit()
    response = client.post(
        f"/api/v1/articles/{article.id}/publish",
        json={"version": 1, "correction_note": ""},  # the demo article is published once
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 201
    pub = _stored(db, article)
    assert pub.html and pub.etag and "Version 2, published" in pub.html


def test_setup_stores_the_demo_body_and_pages_render_fills_older_versions(runner: FlaskCliRunner, db: Session) -> None:
    assert runner.invoke(args=["setup"]).exit_code == 0
    article = db.scalars(select(Article)).one()
    first = _stored(db, article)
    assert first.html and 'href="/claims/' in first.html
    editor = db.scalars(select(User).where(User.role == "editor")).one()
    publishing.publish(db, editor, article)  # no renderer: as a version published before this change
    db.commit()
    assert _stored(db, article).html is None
    result = runner.invoke(args=["pages", "render"])
    assert result.exit_code == 0 and "Stored the page of 1 version." in result.output
    second = _stored(db, article)
    assert second.html and "Version 2, published" in second.html and second.etag
    assert "Stored the page of 0 versions." in runner.invoke(args=["pages", "render"]).output
