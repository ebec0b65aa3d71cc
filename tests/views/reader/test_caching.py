"""Reader responses from the page cache (views/reader/cached.py): the claim page and the annotation collection
are cached like the article page (a hit sends no SQL, a publish or retraction invalidates them); what shows the
latest version revalidates (`no-cache` with an ETag, 304 on If-None-Match), numbered versions are immutable."""

from __future__ import annotations

import gzip
from collections.abc import Callable

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Publication, User
from factcheck.services import demo, publishing
from factcheck.views.reader.cached import IMMUTABLE, REVALIDATE
from tests.support.queries import counting


def _demo(db: Session) -> tuple[Article, Publication, User]:
    demo.load_demo(db)
    db.commit()
    editor = db.scalars(select(User).where(User.role == "editor")).one()
    return db.scalars(select(Article)).one(), db.scalars(select(Publication)).one(), editor


@pytest.fixture()
def frozen(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """The database generation not looked at again during the test: a hit is then served without any SQL."""
    monkeypatch.setattr(app.extensions["page_cache"], "check_every", 3600.0)


@pytest.mark.usefixtures("frozen")
def test_claim_pages_and_annotations_are_cached_until_a_publish_or_retraction(client: FlaskClient, db: Session) -> None:
    article, pub, editor = _demo(db)
    claim_id = next(c["id"] for c in pub.snapshot["claims"] if c["checked"])
    paths = [
        f"/claims/{claim_id}",
        f"/a/{article.slug}/annotations.jsonld",
        f"/a/{article.slug}/v/1/annotations.jsonld",
    ]
    first = {path: client.get(path) for path in paths}
    assert [r.status_code for r in first.values()] == [200, 200, 200]
    with counting(db) as count:
        again = {path: client.get(path, headers={"Accept-Encoding": "gzip"}) for path in paths}
    assert count[0] == 0  # every one a hit
    for path in paths:
        assert gzip.decompress(again[path].data) == first[path].data
        assert again[path].headers["Content-Type"] == first[path].headers["Content-Type"]
    assert first[paths[1]].headers["Content-Type"].startswith("application/ld+json")

    publishing.publish(db, editor, article, "A later look at one figure.")
    db.commit()
    with counting(db) as count:
        rebuilt = client.get(paths[0])
    assert count[0] > 0 and "(version 2," in rebuilt.get_data(as_text=True)
    publishing.retract(db, editor, article, "The interview was misquoted.")
    db.commit()
    withdrawn = client.get(paths[0])
    assert withdrawn.status_code == 410 and "misquoted" in withdrawn.get_data(as_text=True)
    with counting(db) as count:
        assert client.get(paths[0]).status_code == 410  # a retracted claim's page is cached too
    assert count[0] == 0
    assert client.get(paths[1]).status_code == 410 and client.get(paths[2]).status_code == 200


@pytest.mark.usefixtures("frozen")
def test_latest_versions_revalidate_and_numbered_versions_are_immutable(client: FlaskClient, db: Session) -> None:
    article, pub, _editor = _demo(db)
    claim_id = pub.snapshot["claims"][0]["id"]
    latest = [f"/a/{article.slug}", f"/claims/{claim_id}", f"/a/{article.slug}/annotations.jsonld"]
    numbered = [f"/a/{article.slug}/v/1", f"/a/{article.slug}/v/1/annotations.jsonld"]
    for path in latest + numbered:
        response = client.get(path)
        expected = REVALIDATE if path in latest else IMMUTABLE
        assert response.status_code == 200 and response.headers["Cache-Control"] == expected, path
        etag = response.headers["ETag"]
        for encoding in ("identity", "gzip"):
            sent = client.get(path, headers={"Accept-Encoding": encoding})
            check = client.get(path, headers={"Accept-Encoding": encoding, "If-None-Match": sent.headers["ETag"]})
            assert check.status_code == 304 and check.data == b"" and check.headers["Cache-Control"] == expected
        assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
        assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert "no-cache" in REVALIDATE and "immutable" in IMMUTABLE and "max-age=" in IMMUTABLE


def test_signed_in_staff_get_the_claim_page_privately(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    _article, pub, _editor = _demo(db)
    path = f"/claims/{pub.snapshot['claims'][0]['id']}"
    assert client.get(path).headers["Cache-Control"] == REVALIDATE
    login_as("reviewer")
    mine = client.get(path)
    assert mine.headers["Cache-Control"] == "private, no-cache" and "ETag" not in mine.headers
    assert "Sign out" in mine.get_data(as_text=True)
