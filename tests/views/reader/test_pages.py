"""The reader's article pages (views/reader/pages.py): highlighted claims, caching headers and 304s, gzip from
the page cache, newer versions noticed (also when published by another process), private pages for staff."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from factcheck.models import Article, Publication, User
from factcheck.services import demo, publishing
from factcheck.views.security import CSP


def _demo(db: Session) -> tuple[Article, Publication]:
    demo.load_demo(db)
    db.commit()
    return db.scalars(select(Article)).one(), db.scalars(select(Publication)).one()


def test_article_page_highlights_claims_and_is_cached(client: FlaskClient, db: Session) -> None:
    article, pub = _demo(db)
    response = client.get(f"/a/{article.slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    checked = sum(1 for c in pub.snapshot["claims"] if c["checked"])
    assert all(c["checked"] for c in pub.snapshot["claims"])  # the engine's suggestions never reach readers
    assert f"{checked} of {checked} checkable claims checked" in html
    assert 'class="claim tone-good"' in html and "Not checked" not in html and 'href="/claims/' in html
    assert 'rel="noopener nofollow ugc"' in html and "approved by Ed Editor" in html
    assert "ClaimReview" not in html  # the article links to claim pages instead (its JSON-LD is the timeline's)
    etag = response.headers["ETag"]
    assert response.headers["Cache-Control"].startswith("public")
    again = client.get(f"/a/{article.slug}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = client.get(f"/a/{article.slug}", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200
    db.expire_all()
    stored = db.get(Publication, pub.id)  # published without a renderer: shown all the same, and not stored
    assert stored is not None and stored.html is None and stored.etag is None


def test_anonymous_pages_come_gzipped_from_the_cache_and_notice_newer_versions(
    app: Flask, client: FlaskClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    article, pub = _demo(db)
    plain = client.get(f"/a/{article.slug}")
    packed = client.get(f"/a/{article.slug}", headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert gzip.decompress(packed.data) == plain.data and len(packed.data) < len(plain.data) // 2
    assert packed.headers["ETag"] != plain.headers["ETag"]
    assert "Accept-Encoding" in packed.headers["Vary"] and "Cookie" in packed.headers["Vary"]
    for response in (plain, packed):
        assert response.headers["Content-Security-Policy"] == CSP
    again = client.get(
        f"/a/{article.slug}", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
    )
    assert again.status_code == 304 and again.headers["ETag"] == packed.headers["ETag"]
    old = client.get(f"/a/{article.slug}/v/1")
    assert "A newer version exists" not in old.get_data(as_text=True)

    # A version published in this process shows at once; the old version now points to it (and its ETag moved).
    editor = db.scalars(select(User).where(User.role == "editor")).one()
    publishing.publish(db, editor, article, "A dated note for readers.")
    db.commit()
    latest = client.get(f"/a/{article.slug}").get_data(as_text=True)
    assert "Version 2, published" in latest and "A dated note for readers." in latest
    old_again = client.get(f"/a/{article.slug}/v/1", headers={"If-None-Match": old.headers["ETag"]})
    assert old_again.status_code == 200 and "A newer version exists" in old_again.get_data(as_text=True)

    # One published by another worker (an engine this process does not watch) shows once the generation is checked.
    cache = app.extensions["page_cache"]
    monkeypatch.setattr(cache, "check_every", 0.0)
    client.get(f"/a/{article.slug}")
    client.get(f"/a/{article.slug}/v/1")
    other = create_engine(db.get_bind().url)
    with Session(other) as elsewhere:
        publishing.publish(elsewhere, elsewhere.get_one(User, editor.id), elsewhere.get_one(Article, article.id))
        elsewhere.commit()
    other.dispose()
    monkeypatch.setattr(cache, "check_every", 3600.0)  # the generation not looked at again yet: the cached pages
    assert "Version 2, published" in client.get(f"/a/{article.slug}").get_data(as_text=True)
    assert "read version 2" in client.get(f"/a/{article.slug}/v/1").get_data(as_text=True)
    monkeypatch.setattr(cache, "check_every", 0.0)  # looked at again (one query): it moved
    assert "Version 3, published" in client.get(f"/a/{article.slug}").get_data(as_text=True)
    assert "read version 3" in client.get(f"/a/{article.slug}/v/1").get_data(as_text=True)
    assert pub.version == 1


def test_signed_in_staff_and_pending_flashes_get_private_pages(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    article, _pub = _demo(db)
    assert client.get(f"/a/{article.slug}").headers["Cache-Control"].startswith("public")
    with client.session_transaction() as session:  # a reader who just sent a suggestion has a message pending
        session["_flashes"] = [("info", "Thanks, an editor will read it.")]
    pending = client.get(f"/a/{article.slug}")
    assert pending.headers["Cache-Control"] == "private, no-cache" and "ETag" not in pending.headers
    assert "Thanks, an editor will read it." in pending.get_data(as_text=True)
    shown = client.get(f"/a/{article.slug}")
    assert shown.headers["Cache-Control"].startswith("public") and "Thanks" not in shown.get_data(as_text=True)
    login_as("reviewer")
    response = client.get(f"/a/{article.slug}")
    assert response.headers["Cache-Control"] == "private, no-cache" and "ETag" not in response.headers
    assert "Sign out" in response.get_data(as_text=True)
