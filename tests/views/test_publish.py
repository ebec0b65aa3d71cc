"""Editors publish from the browser and handle readers' requests (views/publish.py)."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Publication, ReaderRequest, User
from factcheck.services import demo, reader_requests
from tests.conftest import csrf_from, get_csrf


def _demo(db: Session) -> tuple[Article, Publication]:
    demo.load_demo(db)
    db.commit()
    return db.scalars(select(Article)).one(), db.scalars(select(Publication)).one()


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
        "reader_request.claim",  # the accepted request became a claim in the queue
        "reader_request.correction",
        "reader_request.correction",
        "reader_request.declined",
    ]
    page = client.get("/publish/").get_data(as_text=True)
    assert "No open requests." in page and "The bridge opened" not in page


def test_the_publish_form_refuses_when_another_version_was_published_since(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    article, _pub = _demo(db)  # version 1
    login_as("editor")
    page = client.get(f"/publish/articles/{article.id}").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    token = csrf_from(page)
    first = client.post(f"/publish/articles/{article.id}", data={"csrf_token": token, "version": "1"})
    assert first.status_code == 302 and first.headers["Location"].endswith("/v/2")
    again = client.post(f"/publish/articles/{article.id}", data={"csrf_token": token, "version": "1"})
    body = again.get_data(as_text=True)
    assert again.status_code == 409 and "Version 2 was published after you looked" in body
    assert 'name="version" type="hidden" value="2"' in body  # the page now shows version 2, and sends it
    assert len(db.scalars(select(Publication).where(Publication.article_id == article.id)).all()) == 2


def test_publishing_asks_for_the_outlet_and_url_when_the_article_lacks_them(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    article, _pub = _demo(db)
    article.outlet, article.url = "", None
    db.commit()
    login_as("editor")
    page = client.get(f"/publish/articles/{article.id}").get_data(as_text=True)
    assert "data-missing-details" in page and 'name="outlet"' in page and 'name="url"' in page
    assert "data-preview" in page and "The article’s claims" in page
    token = get_csrf(client, f"/publish/articles/{article.id}")
    refused = client.post(f"/publish/articles/{article.id}", data={"csrf_token": token, "version": 1, "outlet": "X"})
    assert refused.status_code == 422 and "ClaimReview names where the article appeared" in refused.get_data(
        as_text=True
    )
    assert db.scalar(select(func.count()).select_from(Publication)) == 1
    done = client.post(
        f"/publish/articles/{article.id}",
        data={"csrf_token": token, "version": 1, "outlet": "Harbour Gazette", "url": "https://gazette.example.org/a"},
    )
    assert done.status_code == 302
    db.expire_all()
    assert (article.outlet, article.url) == ("Harbour Gazette", "https://gazette.example.org/a")
    latest = db.scalars(select(Publication).order_by(Publication.version.desc())).first()
    assert latest is not None and latest.snapshot["article"]["outlet"] == "Harbour Gazette"
    assert "article.details" in db.scalars(select(AuditEvent.action)).all()
