"""API v1 review routes (views/api/review.py): the whole review flow by token, sources, verdicts, the
second review and its refusals, publishing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Publication
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
