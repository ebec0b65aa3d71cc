"""JSON API v1: the whole review flow by token, permissions, optimistic locking and error shapes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Claim, Publication, User
from factcheck.services import ratings, users
from tests.fetch.conftest import LocalServer

TEXT = (
    "Officials said on Monday that 4,000 jobs were created in the region in 2023.\n\n"
    "The regional minister will present a new transport plan in March, aides said.\n\n"
    "Many residents think the city is too expensive."
)
SOURCE = (
    b"<html><head><title>Regional labour statistics</title></head><body><article><h1>Jobs in 2023</h1>"
    b"<p>The statistics office counted 4,000 new jobs in the region during 2023, most of them in services."
    b"</p><p>Unemployment fell slightly over the same period, the office added in its annual report.</p>"
    b"</article></body></html>"
)


@pytest.fixture()
def bearer(db: Session, make_user: Callable[..., User]) -> Callable[[str], dict[str, str]]:
    ratings.load_presets(db)
    db.commit()

    def make(role: str) -> dict[str, str]:
        user = make_user(role)
        token = users.create_token(db, None, user)
        db.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


def _post(client: FlaskClient, url: str, headers: dict[str, str], body: Any, method: str = "POST") -> Any:
    return client.open(url, method=method, json=body, headers=headers)


def test_full_review_flow(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]], server: LocalServer
) -> None:
    reviewer, editor = bearer("reviewer"), bearer("editor")
    created = _post(
        client,
        "/api/v1/articles",
        reviewer,
        {"title": "Jobs report", "text": TEXT, "outlet": "Region Daily", "published": "2024-02-05"},
    )
    assert created.status_code == 201, created.json
    article = created.json
    assert article["revision"]["number"] == 1
    claims = article["claims"]
    assert claims and all(TEXT[c["start"] : c["end"]] == c["quote"] for c in claims)
    assert {"id", "start", "end", "quote", "kind", "score", "dates", "status"} <= set(claims[0])
    jobs = next(c for c in claims if "4,000" in c["quote"])

    assert client.get(f"/api/v1/articles/{article['id']}", headers=reviewer).json["id"] == article["id"]
    listed = client.get(f"/api/v1/claims?article_id={article['id']}&status=new", headers=reviewer).json
    assert listed["total"] == len(claims)

    url = server.route("/stats", body=SOURCE)
    attached = _post(
        client,
        f"/api/v1/claims/{jobs['id']}/sources",
        reviewer,
        {"url": url, "stance": "supports", "passage": "counted 4,000 new jobs in the region during 2023"},
    )
    assert attached.status_code == 201
    assert attached.json["match"]["found"] and attached.json["match"]["score"] == 100.0
    assert attached.json["source"]["http_status"] == 200 and len(attached.json["source"]["sha256"]) == 64

    bad_label = _post(
        client,
        f"/api/v1/claims/{jobs['id']}/verdict",
        reviewer,
        {"rating": "Spot on", "summary": "Jobs grew by 4,000 in 2023"},
        "PUT",
    )
    assert bad_label.status_code == 422 and bad_label.json["error"]["fields"] == {"rating": "unknown"}
    verdict = _post(
        client,
        f"/api/v1/claims/{jobs['id']}/verdict",
        reviewer,
        {"rating": "True", "summary": "Jobs grew by 4,000 in 2023", "rationale": "See **stats**."},
        "PUT",
    )
    assert verdict.status_code == 201 and verdict.json["state"] == "draft" and verdict.json["warnings"] == []
    assert _post(client, f"/api/v1/claims/{jobs['id']}/submit", reviewer, None).json["state"] == "submitted"
    # reviewers cannot approve; editors can
    assert _post(client, f"/api/v1/claims/{jobs['id']}/approve", reviewer, None).status_code == 403
    approved = _post(client, f"/api/v1/claims/{jobs['id']}/approve", editor, None)
    assert approved.status_code == 200 and approved.json["state"] == "approved"

    published = _post(client, f"/api/v1/articles/{article['id']}/publish", editor, {})
    assert published.status_code == 201 and published.json["version"] == 1
    history = client.get(f"/api/v1/claims/{jobs['id']}/verdicts", headers=reviewer).json["items"]
    assert [v["state"] for v in history] == ["draft", "submitted", "approved"]
    assert db.scalar(select(func.count(Publication.id))) == 1


def test_return_with_comment_and_self_approval_refused(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]], server: LocalServer
) -> None:
    editor, other_editor = bearer("editor"), bearer("editor")
    article = _post(client, "/api/v1/articles", editor, {"title": "T", "text": TEXT}).json
    claim = article["claims"][0]
    _post(
        client,
        f"/api/v1/claims/{claim['id']}/sources",
        editor,
        {"url": server.route("/s", body=SOURCE), "stance": "context"},
    )
    _post(
        client, f"/api/v1/claims/{claim['id']}/verdict", editor, {"rating": "Half true", "summary": "A summary"}, "PUT"
    )
    _post(client, f"/api/v1/claims/{claim['id']}/submit", editor, None)
    own = _post(client, f"/api/v1/claims/{claim['id']}/approve", editor, None)
    assert own.status_code == 403 and "other than" in own.json["error"]["message"]
    empty = _post(client, f"/api/v1/claims/{claim['id']}/return", other_editor, {"comment": "  "})
    assert empty.status_code == 422
    returned = _post(client, f"/api/v1/claims/{claim['id']}/return", other_editor, {"comment": "Add a source."})
    assert returned.status_code == 200 and returned.json["state"] == "returned"
    db.expire_all()
    assert db.get(Claim, claim["id"]).status == "returned"  # type: ignore[union-attr]


def test_submit_without_evidence_is_refused(client: FlaskClient, bearer: Callable[[str], dict[str, str]]) -> None:
    reviewer = bearer("reviewer")
    claim = _post(client, "/api/v1/articles", reviewer, {"title": "T", "text": TEXT}).json["claims"][0]
    _post(client, f"/api/v1/claims/{claim['id']}/verdict", reviewer, {"rating": "False", "summary": "S"}, "PUT")
    refused = _post(client, f"/api/v1/claims/{claim['id']}/submit", reviewer, None)
    assert refused.status_code == 422 and "source" in refused.json["error"]["message"]


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
    assert dismissed.json["status"] == "dismissed"
    restored = _post(
        client,
        f"/api/v1/claims/{claim['id']}",
        reviewer,
        {"version": dismissed.json["version"], "status": "new"},
        "PATCH",
    )
    assert restored.json["status"] == "new"


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


def test_openapi_describes_every_api_route(client: FlaskClient, app: Any) -> None:
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.rule.startswith("/api/v1"):
            path = rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace(">", "}")
            routes |= {(path, m) for m in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    assert routes - documented == set()
