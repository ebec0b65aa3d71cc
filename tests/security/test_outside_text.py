"""Text from outside through the routes that fetch it (source attach, URL import; API and browser forms) against
the local test server: any charset label, NUL bytes, lone-surrogate tricks and malformed redirects give a clean
answer and clean stored text, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, ClaimStatus, Source, User
from factcheck.services import users
from tests.conftest import get_csrf
from tests.fetch.conftest import LocalServer
from tests.fetch.test_charsets import NOT_TEXT
from tests.support.scenes import make_newsroom

STORY = (
    "The harbour authority said cargo volumes rose +2AA- by nine per cent in 2023, its annual report shows. "
    "Container traffic \\ud800 doubled at the eastern quay \\udfff, officials said on Monday."
)
PAGE = f"<html><head><title>Harbour report</title></head><body><article><p>{STORY}</p></article></body></html>"
LABELS = [*NOT_TEXT, "utf-16", "utf-32", "windows-1252"]


def _job(client: FlaskClient, response: Any, auth: dict[str, str]) -> dict[str, Any]:
    """The job a 202 answer points to (run by now: tests run jobs when their request commits)."""
    assert response.status_code == 202, response.data[:300]
    job: dict[str, Any] = client.get(response.headers["Location"], headers=auth).get_json()
    assert job["done"], job
    return job


def _clean(text: str | None) -> bool:
    return text is None or ("\x00" not in text and not any("\ud800" <= ch <= "\udfff" for ch in text))


@pytest.fixture()
def desk(db: Session, login_as: Callable[..., User], client: FlaskClient) -> dict[str, Any]:
    room = make_newsroom(db)
    token = users.create_token(db, None, room.reviewer)
    db.commit()
    login_as("reviewer", room.reviewer)
    return {
        "claim": room.claims[ClaimStatus.IN_REVIEW],
        "auth": {"Authorization": f"Bearer {token}"},
        "csrf": get_csrf(client, "/work/"),
    }


def test_source_attach_with_every_charset(
    client: FlaskClient, db: Session, server: LocalServer, desk: dict[str, Any]
) -> None:
    claim = desk["claim"]
    labels: dict[str, str] = {}
    for n, label in enumerate(LABELS):
        for kind in ("text/html", "text/plain"):
            body = (PAGE if kind == "text/html" else STORY).encode() + b"\x00"
            url = server.route(f"/s{n}{kind[5]}", body=body, content_type=f"{kind}; charset={label}")
            labels[url] = label
            db.expire_all()  # each source attached moves the claim's version on: send the current one
            body_json = {"version": claim.version, "url": url, "stance": "context"}
            api = client.post(f"/api/v1/claims/{claim.id}/sources", json=body_json, headers=desk["auth"])
            assert _job(client, api, desk["auth"])["state"] == "succeeded", (label, kind)
            form_url = server.route(f"/f{n}{kind[5]}", body=body, content_type=f"{kind}; charset={label}")
            labels[form_url] = label
            db.expire_all()
            data = {"csrf_token": desk["csrf"], "url": form_url, "stance": "context", "version": str(claim.version)}
            form = client.post(f"/work/claims/{claim.id}/sources", data=data)
            assert form.status_code == 302, (label, kind, form.status_code)
    db.expire_all()
    stored = db.scalars(select(Source).where(Source.url.contains("127.0.0.1"))).all()
    assert len(stored) == 4 * len(LABELS)
    assert all(_clean(s.archived_text) and _clean(s.title) for s in stored)
    readable = [s for s in stored if not labels[s.url].startswith("utf-16")]  # UTF-8 read as UTF-16: gibberish
    assert all(s.archived_text and "nine per cent" in s.archived_text for s in readable)


def test_nul_in_a_text_source_is_dropped_with_a_note(
    client: FlaskClient, db: Session, server: LocalServer, desk: dict[str, Any]
) -> None:
    url = server.route("/plain", body=b"Cargo\x00 rose by nine\x00 per cent.", content_type="text/plain")
    body = {"version": desk["claim"].version, "url": url, "stance": "supports"}
    response = client.post(f"/api/v1/claims/{desk['claim'].id}/sources", json=body, headers=desk["auth"])
    assert _job(client, response, desk["auth"])["state"] == "succeeded"
    source = db.scalar(select(Source).where(Source.url == url))
    assert source is not None and source.archived_text == "Cargo rose by nine per cent."
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "source.fetch", AuditEvent.entity_id == source.id))
    assert event is not None and event.data["text_notes"] == ["2 NUL character(s) dropped"]


def test_url_import_with_every_charset(
    client: FlaskClient, db: Session, server: LocalServer, desk: dict[str, Any]
) -> None:
    for n, label in enumerate(LABELS):
        url = server.route(f"/story{n}", body=PAGE.encode() + b"\x00", content_type=f"text/html; charset={label}")
        api = client.post("/api/v1/articles", json={"url": url}, headers=desk["auth"])
        assert _job(client, api, desk["auth"])["state"] in ("succeeded", "failed"), label
        form = client.post("/work/import/url", data={"csrf_token": desk["csrf"], "url": url})
        assert form.status_code == 302, (label, form.status_code)
        db.expire_all()
        article = db.scalar(select(Article).where(Article.url == url))
        if label.startswith("utf-16"):
            continue  # UTF-8 bytes read as UTF-16 are gibberish: imported or refused, never a 500
        assert article is not None and article.current_revision is not None, label
        assert _clean(article.title) and _clean(article.current_revision.text)
        assert "nine per cent" in article.current_revision.text


def test_a_malformed_redirect_is_a_clean_answer(
    client: FlaskClient, db: Session, server: LocalServer, desk: dict[str, Any]
) -> None:
    for n, location in enumerate(["http://[::1", "http://exa mple.com/", "http://:80/", "/" + "a" * 3000]):
        url = server.route(f"/bounce{n}", status=302, location=location)
        imported = client.post("/api/v1/articles", json={"url": url}, headers=desk["auth"])
        failed = _job(client, imported, desk["auth"])
        assert failed["state"] == "failed" and "redirected" in failed["error"]
        form = client.post("/work/import/url", data={"csrf_token": desk["csrf"], "url": url})
        page = client.get(form.headers["Location"])
        assert page.status_code == 200 and "redirected" in page.get_data(as_text=True)
        db.expire_all()  # each source attached moves the claim's version on: send the current one
        body = {"version": desk["claim"].version, "url": url, "stance": "context"}
        attached = client.post(f"/api/v1/claims/{desk['claim'].id}/sources", json=body, headers=desk["auth"])
        assert "redirected" in _job(client, attached, desk["auth"])["result"]["fetch_error"]
