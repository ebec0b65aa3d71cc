"""API v1 article and claim routes (views/api/articles.py): claims by offsets, optimistic locking, bad input,
error shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Claim

TEXT = (
    "Officials said on Monday that 4,000 jobs were created in the region in 2023.\n\n"
    "The regional minister will present a new transport plan in March, aides said.\n\n"
    "Many residents think the city is too expensive."
)


def _post(client: FlaskClient, url: str, headers: dict[str, str], body: Any, method: str = "POST") -> Any:
    return client.open(url, method=method, json=body, headers=headers)


def test_patch_with_stale_version_is_409_and_changes_nothing(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]]
) -> None:
    reviewer = bearer("reviewer")
    article = _post(client, "/api/v1/articles", reviewer, {"title": "T", "text": TEXT}).json
    claim = article["claims"][0]
    moved = _post(
        client,
        f"/api/v1/claims/{claim['id']}",
        reviewer,
        {"version": claim["version"], "start": claim["start"], "end": claim["end"] - 1},
        "PATCH",
    )
    assert moved.status_code == 200 and moved.json["version"] == claim["version"] + 1
    assert moved.json["quote"] == TEXT[claim["start"] : claim["end"] - 1]
    stale = _post(
        client, f"/api/v1/claims/{claim['id']}", reviewer, {"version": claim["version"], "status": "dismissed"}, "PATCH"
    )
    assert stale.status_code == 409 and stale.json["error"]["code"] == "conflict"
    db.expire_all()
    assert db.get(Claim, claim["id"]).status == "new"  # type: ignore[union-attr]
    dismissed = _post(
        client,
        f"/api/v1/claims/{claim['id']}",
        reviewer,
        {"version": moved.json["version"], "status": "dismissed"},
        "PATCH",
    )
    assert (dismissed.json["status"], dismissed.json["triage"]) == ("new", "dismissed")
    restored = _post(
        client,
        f"/api/v1/claims/{claim['id']}",
        reviewer,
        {"version": dismissed.json["version"], "status": "new"},
        "PATCH",
    )
    assert (restored.json["status"], restored.json["triage"]) == ("new", "suggested")
    accepted = _post(
        client,
        f"/api/v1/claims/{claim['id']}",
        reviewer,
        {"version": restored.json["version"], "triage": "accepted"},
        "PATCH",
    )
    assert (accepted.status_code, accepted.json["triage"]) == (200, "accepted")


def test_add_claim_by_offsets(client: FlaskClient, bearer: Callable[[str], dict[str, str]]) -> None:
    reviewer = bearer("reviewer")
    article = _post(client, "/api/v1/articles", reviewer, {"title": "T", "text": TEXT}).json
    start = TEXT.index("Many residents")
    made = _post(client, f"/api/v1/articles/{article['id']}/claims", reviewer, {"start": start, "end": len(TEXT)})
    assert made.status_code == 201 and made.json["quote"] == TEXT[start:]
    out = _post(client, f"/api/v1/articles/{article['id']}/claims", reviewer, {"start": 5, "end": 10**6})
    assert out.status_code == 422 and "outside" in out.json["error"]["message"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ("not json", 400, None),
        ([1, 2], 400, None),
        ({}, 422, "text"),
        ({"title": 5, "text": "x"}, 422, "title"),
        ({"title": "T", "text": "x", "published": "yesterday"}, 422, "published"),
        ({"title": "T", "text": "x", "colour": "red"}, 422, "colour"),
        ({"title": "T", "text": "   "}, 422, "text"),
        ({"url": "ftp://example.org/a"}, 422, "url"),
        ({"url": "http://127.0.0.2/x"}, 422, "url"),
    ],
)
def test_bad_input_is_4xx_with_a_message_and_saves_nothing(
    client: FlaskClient,
    db: Session,
    bearer: Callable[[str], dict[str, str]],
    body: Any,
    status: int,
    field: str | None,
) -> None:
    reviewer = bearer("reviewer")
    before = db.scalar(select(func.count(AuditEvent.id)))
    if isinstance(body, str):
        response = client.post("/api/v1/articles", data=body, headers={**reviewer, "Content-Type": "text/plain"})
    else:
        response = _post(client, "/api/v1/articles", reviewer, body)
    assert response.status_code == status, response.json
    assert response.json["error"]["message"]
    if field:
        assert field in response.json["error"].get("fields", {})
    assert db.scalar(select(func.count(Article.id))) == 0
    assert db.scalar(select(func.count(AuditEvent.id))) == before


def test_errors_are_json(client: FlaskClient, bearer: Callable[[str], dict[str, str]]) -> None:
    reviewer = bearer("reviewer")
    assert client.get("/api/v1/claims/999", headers=reviewer).json["error"]["code"] == "not_found"
    assert client.get("/api/v1/claims").status_code == 401
    bad = client.get("/api/v1/claims?status=flying", headers=reviewer)
    assert bad.status_code == 422 and bad.json["error"]["fields"] == {"status": "unknown"}
    assert client.get("/api/v1/claims?limit=abc", headers=reviewer).status_code == 422
