"""Idempotency-Key on API writes (views/api/idempotency.py, services/idempotency.py): a retry with the same key
gets the first answer and writes nothing; the same key on another request is refused; keys are per account and
expire; refusals are not recorded; the key and the write commit together."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from factcheck.extensions import db as flask_db
from factcheck.models import Comment, IdempotencyKey, User, utcnow
from factcheck.services import users
from tests.fetch.conftest import LocalServer
from tests.security.test_bad_input import snapshot
from tests.support import builders
from tests.support.scenes import Newsroom, make_newsroom

SOURCE_PAGE = b"<html><head><title>Ferry log</title></head><body><article><p>" + b"Ferry log entry. " * 30 + b"</p>"


def _headers(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


@pytest.fixture()
def newsroom(db: Session) -> Newsroom:
    room = make_newsroom(db)
    db.commit()
    return room


@pytest.fixture()
def editor_token(db: Session, newsroom: Newsroom, make_user: Callable[..., User]) -> str:
    token = users.create_token(db, None, make_user("editor"))
    db.commit()
    return token


def _write_requests(room: Newsroom, db: Session, server: LocalServer) -> dict[tuple[str, str], dict[str, Any]]:
    """One valid request per API write route (rule, method) -> (path, body), on the newsroom's rows."""
    claims = room.claims
    new, in_review, submitted = claims["new"], claims["in_review"], claims["submitted"]
    drafted = builders.make_claim(db, room.article, "the taps ran brown", status="in_review")
    builders.make_verdict(db, drafted, state="draft")
    builders.make_evidence(db, drafted)
    returned_one = builders.make_claim(db, room.drafts, status="submitted", approver=room.editor)
    fresh = next(c for c in builders.claims_of(db, room.drafts) if c.status == "new")
    db.commit()
    return {
        ("/api/v1/articles", "POST"): {
            "path": "/api/v1/articles",
            "body": {"title": "Tides", "text": "Tides rose 4%."},
        },
        ("/api/v1/articles/<int:article_id>/claims", "POST"): {
            "path": f"/api/v1/articles/{room.article.id}/claims",
            "body": {"start": 0, "end": 20},
        },
        ("/api/v1/claims/<int:claim_id>", "PATCH"): {
            "path": f"/api/v1/claims/{new.id}",
            "body": {"version": new.version, "status": "dismissed"},
        },
        ("/api/v1/claims/<int:claim_id>/sources", "POST"): {
            "path": f"/api/v1/claims/{in_review.id}/sources",
            "body": {"version": in_review.version, "url": server.route("/log", body=SOURCE_PAGE), "stance": "context"},
        },
        ("/api/v1/claims/<int:claim_id>/verdict", "PUT"): {
            "path": f"/api/v1/claims/{fresh.id}/verdict",
            "body": {"version": fresh.version, "rating": "False", "summary": "Bus fares as checked"},
        },
        ("/api/v1/claims/<int:claim_id>/submit", "POST"): {
            "path": f"/api/v1/claims/{drafted.id}/submit",
            "body": {"version": drafted.version},
        },
        ("/api/v1/claims/<int:claim_id>/approve", "POST"): {
            "path": f"/api/v1/claims/{submitted.id}/approve",
            "body": {"version": submitted.version},
        },
        ("/api/v1/claims/<int:claim_id>/return", "POST"): {
            "path": f"/api/v1/claims/{returned_one.id}/return",
            "body": {"version": returned_one.version, "comment": "Name the council report."},
        },
        ("/api/v1/claims/<int:claim_id>/comments", "POST"): {
            "path": f"/api/v1/claims/{new.id}/comments",
            "body": {"body": "Worth a second look."},
        },
        ("/api/v1/articles/<int:article_id>/publish", "POST"): {
            "path": f"/api/v1/articles/{room.article.id}/publish",
            "body": {"version": room.publication.version, "correction_note": "Figures rechecked."},
        },
    }


def test_every_api_write_replays_its_first_answer_and_writes_nothing_again(
    app: Flask, client: FlaskClient, db: Session, newsroom: Newsroom, editor_token: str, server: LocalServer
) -> None:
    requests = _write_requests(newsroom, db, server)
    writes = {
        (rule.rule, method)
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
        for method in (rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
    }
    assert set(requests) == writes  # every write route is exercised here
    for (rule, method), call in requests.items():
        key = str(uuid.uuid4())
        first = client.open(call["path"], method=method, json=call["body"], headers=_headers(editor_token, key))
        assert first.status_code in (200, 201, 202), (rule, first.get_data(as_text=True)[:300])
        assert "Idempotent-Replayed" not in first.headers
        before = snapshot(db)
        again = client.open(call["path"], method=method, json=call["body"], headers=_headers(editor_token, key))
        assert (again.status_code, again.get_data()) == (first.status_code, first.get_data()), rule
        assert again.headers["Idempotent-Replayed"] == "true" and again.content_type == first.content_type
        assert snapshot(db) == before, f"{method} {rule} wrote again"


def test_the_same_key_on_another_request_is_refused(
    client: FlaskClient, db: Session, newsroom: Newsroom, editor_token: str
) -> None:
    path = f"/api/v1/claims/{newsroom.claims['new'].id}/comments"
    headers = _headers(editor_token, "retry-42")
    assert client.post(path, json={"body": "First."}, headers=headers).status_code == 201
    before = snapshot(db)
    other_body = client.post(path, json={"body": "Second."}, headers=headers)
    other_path = client.post(
        f"/api/v1/claims/{newsroom.claims['published'].id}/comments", json={"body": "First."}, headers=headers
    )
    for refused in (other_body, other_path):
        assert refused.status_code == 422
        assert refused.json["error"]["code"] == "idempotency_key_reused"
        assert refused.json["error"]["fields"] == {"Idempotency-Key": "reused"}
    assert snapshot(db) == before


def test_keys_belong_to_one_account_and_expire_after_a_day(
    client: FlaskClient, db: Session, newsroom: Newsroom, editor_token: str, make_user: Callable[..., User]
) -> None:
    other_token = users.create_token(db, None, make_user("reviewer"))
    db.commit()
    path = f"/api/v1/claims/{newsroom.claims['new'].id}/comments"
    comments = lambda: db.scalar(select(func.count(Comment.id)))  # noqa: E731
    start = comments()
    client.post(path, json={"body": "Same words."}, headers=_headers(editor_token, "k1"))
    client.post(path, json={"body": "Same words."}, headers=_headers(other_token, "k1"))  # another account
    assert comments() == start + 2
    db.execute(update(IdempotencyKey).values(created_at=utcnow() - dt.timedelta(hours=25)))
    db.commit()
    again = client.post(path, json={"body": "Same words."}, headers=_headers(editor_token, "k1"))
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert comments() == start + 3
    # The expired row made way for the new one: one row per account and key.
    assert db.scalar(select(func.count(IdempotencyKey.id)).where(IdempotencyKey.key == "k1")) == 2


@pytest.mark.parametrize("key", ["", " ", "has space", "x" * 256, "tab\there", "é"])
def test_a_malformed_key_is_refused(client: FlaskClient, newsroom: Newsroom, editor_token: str, key: str) -> None:
    response = client.post(
        f"/api/v1/claims/{newsroom.claims['new'].id}/comments",
        json={"body": "Hello."},
        headers={"Authorization": f"Bearer {editor_token}", "Idempotency-Key": key},
    )
    assert response.status_code == 422 and response.json["error"]["fields"] == {"Idempotency-Key": "invalid"}


def test_a_refusal_is_not_recorded_and_a_retry_runs_again(
    client: FlaskClient, db: Session, newsroom: Newsroom, editor_token: str
) -> None:
    claim = newsroom.claims["new"]
    headers = _headers(editor_token, "stale-then-fresh")
    body = {"version": 99, "status": "dismissed"}
    assert client.patch(f"/api/v1/claims/{claim.id}", json=body, headers=headers).status_code == 409
    assert client.patch(f"/api/v1/claims/{claim.id}", json=body, headers=headers).status_code == 409
    assert db.scalar(select(func.count(IdempotencyKey.id))) == 0


def test_the_key_and_the_write_commit_together(
    app: Flask, client: FlaskClient, db: Session, newsroom: Newsroom, editor_token: str, monkeypatch: Any
) -> None:
    """A failure at the commit (a crash, a lost connection) leaves neither the comment nor the key; the retry
    then writes once and records the key."""
    path = f"/api/v1/claims/{newsroom.claims['new'].id}/comments"
    headers = _headers(editor_token, "atomic")
    before = snapshot(db)
    with app.app_context():
        scoped = flask_db.session

    def fail() -> None:
        raise ConnectionError("the database went away at the commit")

    monkeypatch.setattr(scoped, "commit", fail)
    with pytest.raises(ConnectionError):
        client.post(path, json={"body": "Once."}, headers=headers)
    monkeypatch.undo()
    with app.app_context():
        flask_db.session.remove()
    assert snapshot(db) == before
    assert client.post(path, json={"body": "Once."}, headers=headers).status_code == 201
    assert client.post(path, json={"body": "Once."}, headers=headers).headers["Idempotent-Replayed"] == "true"
    assert db.scalar(select(func.count(Comment.id)).where(Comment.body == "Once.")) == 1
