"""Reader pages for anonymous users: article, versions, claim page with one valid ClaimReview, annotations,
download, caching headers and 304s, organisation pages and reader forms."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from factcheck.exports import annotations as anno
from factcheck.exports.claimreview import validate_claim_review
from factcheck.models import Article, AuditEvent, Publication, ReaderRequest, User
from factcheck.services import demo, publishing, reader_requests
from factcheck.views.reader import pages as reader
from factcheck.views.security import CSP
from tests.conftest import csrf_from, get_csrf
from tests.exports import w3c

SITE = "http://factcheck.test"


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
    assert f"{checked} of {len(pub.snapshot['claims'])} checkable claims checked" in html
    assert 'class="claim tone-good"' in html and "Not checked" in html and 'href="/claims/' in html
    assert 'rel="noopener nofollow ugc"' in html and "approved by Ed Editor" in html
    assert "application/ld+json" not in html  # the article links to claim pages instead
    etag = response.headers["ETag"]
    assert response.headers["Cache-Control"].startswith("public")
    again = client.get(f"/a/{article.slug}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    other = client.get(f"/a/{article.slug}", headers={"If-None-Match": '"stale"'})
    assert other.status_code == 200
    db.expire_all()
    stored = db.get(Publication, pub.id)  # published without a renderer: shown all the same, and not stored
    assert stored is not None and stored.html is None and stored.etag is None


def test_claim_page_has_exactly_one_valid_claimreview(client: FlaskClient, db: Session) -> None:
    _article, pub = _demo(db)
    checked = [c for c in pub.snapshot["claims"] if c["checked"]]
    for claim in checked:
        html = client.get(f"/claims/{claim['id']}").get_data(as_text=True)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1
        doc = json.loads(blocks[0])
        assert validate_claim_review(doc, site_url=SITE) == []
        assert doc["url"] == f"{SITE}/claims/{claim['id']}"
    unchecked = next(c for c in pub.snapshot["claims"] if not c["checked"])
    html = client.get(f"/claims/{unchecked['id']}").get_data(as_text=True)
    assert "application/ld+json" not in html and "not checked" in html
    assert client.get("/claims/999999").status_code == 404


def test_annotations_endpoint(client: FlaskClient, db: Session) -> None:
    article, pub = _demo(db)
    response = client.get(f"/a/{article.slug}/annotations.jsonld")
    assert response.headers["Content-Type"] == anno.MEDIA_TYPE
    doc = response.get_json(force=True)
    assert anno.required_terms_problems(doc) == []
    assert doc["total"] == len(pub.snapshot["claims"]) and doc["id"].startswith(SITE)
    if w3c.SUITE.is_dir():
        assert w3c.failures("collection", doc) == [] and w3c.failures("page", doc) == []
        for item in doc["first"]["items"]:
            assert w3c.failures("annotation", {"@context": anno.CONTEXT, **item}) == []


def test_download_is_one_attachment_with_embedded_data(client: FlaskClient, db: Session) -> None:
    article, _pub = _demo(db)
    response = client.get(f"/a/{article.slug}/download.html")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    html = response.get_data(as_text=True)
    assert "<style>" in html and 'id="claim-reviews"' in html and 'id="web-annotations"' in html
    assert '<link rel="stylesheet"' not in html and "<script src" not in html


def test_versions_corrections_and_retraction(client: FlaskClient, db: Session) -> None:
    article, _pub = _demo(db)
    editor = db.scalars(select(User).where(User.role == "editor")).one()
    publishing.retract(db, editor, article, "A key document proved to be forged.")
    db.commit()
    page = client.get(f"/a/{article.slug}").get_data(as_text=True)
    assert "Retracted" in page and "A key document proved to be forged." in page
    assert client.get(f"/a/{article.slug}/v/1").status_code == 200
    versions = client.get(f"/a/{article.slug}/versions").get_data(as_text=True)
    assert "Version 1" in versions and "Version 2" in versions and "retraction" in versions
    assert "A key document proved to be forged." in client.get("/corrections").get_data(as_text=True)
    assert article.title not in client.get("/").get_data(as_text=True)
    assert client.get(f"/a/{article.slug}/v/9").status_code == 404


def test_methodology_and_org_pages(client: FlaskClient, db: Session) -> None:
    _demo(db)
    html = client.get("/methodology").get_data(as_text=True)
    assert "Mostly true" in html and "<td>4</td>" in html
    for page in ("/about", "/team", "/funding", "/contact"):
        assert client.get(page).status_code == 200


def test_admin_edits_settings_and_claimreview_author(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    _article, pub = _demo(db)
    login_as("admin")
    token = get_csrf(client, "/settings/")
    response = client.post(
        "/settings/",
        data={
            "csrf_token": token,
            "org_name": "Harbour Checks",
            "about": "We are <script>x</script> **three** people.",
        },
    )
    assert response.status_code == 302
    about = client.get("/about").get_data(as_text=True)
    assert "<strong>three</strong>" in about and "<script>x" not in about
    claim = next(c for c in pub.snapshot["claims"] if c["checked"])
    assert '"name":"Harbour Checks"' in client.get(f"/claims/{claim['id']}").get_data(as_text=True)


def test_reader_requests_land_in_the_queue_with_csrf_and_a_rate_limit(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    article, _pub = _demo(db)
    assert client.post("/suggest", data={"body": "no token"}).status_code == 400
    token = get_csrf(client, "/suggest")
    assert (
        client.post("/suggest", data={"csrf_token": token, "body": "The bridge was built in 1900"}).status_code == 302
    )
    token = get_csrf(client, f"/corrections/request?article={article.slug}")
    response = client.post(
        "/corrections/request", data={"csrf_token": token, "article": article.slug, "body": "The date is wrong"}
    )
    assert response.status_code == 302
    rows = db.scalars(select(ReaderRequest).order_by(ReaderRequest.id)).all()
    assert [r.kind for r in rows] == ["suggestion", "correction"] and rows[1].article_id == article.id
    statuses = [client.post("/suggest", data={"csrf_token": token, "body": f"claim {n}"}).status_code for n in range(6)]
    assert 429 in statuses
    client.post("/logout", data={"csrf_token": token})
    login_as("editor")
    assert "The date is wrong" in client.get("/publish/").get_data(as_text=True)


def test_editor_publishes_from_the_browser(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    article, _pub = _demo(db)
    login_as("editor")
    page = client.get(f"/publish/articles/{article.id}").get_data(as_text=True)
    assert "checkable claims checked" in page
    token = get_csrf(client, f"/publish/articles/{article.id}")
    response = client.post(f"/publish/articles/{article.id}", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].endswith("/v/2")
    response = client.post(f"/publish/articles/{article.id}/retract", data={"csrf_token": token, "notice": ""})
    assert response.status_code == 422


def test_anonymous_pages_come_gzipped_from_the_cache_and_notice_newer_versions(
    client: FlaskClient, db: Session, monkeypatch: pytest.MonkeyPatch
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

    # One published by another worker (an engine this process does not watch) shows once the entry is checked again.
    client.get(f"/a/{article.slug}/v/1")
    other = create_engine(db.get_bind().url)
    with Session(other) as elsewhere:
        publishing.publish(elsewhere, elsewhere.get_one(User, editor.id), elsewhere.get_one(Article, article.id))
        elsewhere.commit()
    other.dispose()
    monkeypatch.setattr(reader, "FRESH_FOR", 3600.0)  # not checked again yet: the cached pages
    assert "Version 2, published" in client.get(f"/a/{article.slug}").get_data(as_text=True)
    assert "read version 2" in client.get(f"/a/{article.slug}/v/1").get_data(as_text=True)
    monkeypatch.setattr(reader, "FRESH_FOR", 0.0)  # checked again (one query)
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


def test_editors_accept_or_decline_reader_requests(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    article, _pub = _demo(db)
    for body in ("The bridge opened in 1901, not 1900", "Check the mayor's tonnage figure"):
        reader_requests.submit(db, kind="correction", body=body, article=article)
    db.commit()
    first, second = db.scalars(select(ReaderRequest).order_by(ReaderRequest.id)).all()
    login_as("reviewer")
    token = get_csrf(client, "/work/")
    assert (
        client.post(f"/publish/requests/{first.id}", data={"csrf_token": token, "decision": "accepted"}).status_code
        == 403
    )
    client.post("/logout", data={"csrf_token": token})
    editor = login_as("editor")
    index = client.get("/publish/").get_data(as_text=True)
    assert f'action="/publish/requests/{first.id}"' in index and 'value="declined"' in index
    token = csrf_from(index)
    assert client.post(f"/publish/requests/{first.id}", data={"decision": "accepted"}).status_code == 400
    assert (
        client.post(f"/publish/requests/{first.id}", data={"csrf_token": token, "decision": "open"}).status_code == 422
    )
    assert (
        client.post("/publish/requests/999999", data={"csrf_token": token, "decision": "accepted"}).status_code == 404
    )
    response = client.post(f"/publish/requests/{first.id}", data={"csrf_token": token, "decision": "accepted"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/publish/")
    client.post(f"/publish/requests/{second.id}", data={"csrf_token": token, "decision": "declined"})
    again = client.post(f"/publish/requests/{first.id}", data={"csrf_token": token, "decision": "declined"})
    assert again.status_code == 302  # already handled: unchanged
    db.expire_all()
    assert [
        (r.status, r.handled_by_id)
        for r in (db.get(ReaderRequest, first.id), db.get(ReaderRequest, second.id))
        if r is not None
    ] == [("accepted", editor.id), ("declined", editor.id)]
    events = db.scalars(select(AuditEvent.action).where(AuditEvent.action.like("reader_request.%"))).all()
    assert sorted(events) == [
        "reader_request.accepted",
        "reader_request.correction",
        "reader_request.correction",
        "reader_request.declined",
    ]
    page = client.get("/publish/").get_data(as_text=True)
    assert "No open requests." in page and "The bridge opened" not in page
