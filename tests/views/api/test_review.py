"""API v1 review routes (views/api/review.py): the whole review flow by token, sources, verdicts, the
second review and its refusals, publishing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Publication
from tests.fetch.conftest import LocalServer
from tests.support import builders

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


def _version(client: FlaskClient, claim_id: int, headers: dict[str, str]) -> int:
    """The claim's version as the API reads it now (every state change names it)."""
    version: int = client.get(f"/api/v1/claims/{claim_id}", headers=headers).json["version"]
    return version


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
        {
            "version": jobs["version"],
            "url": url,
            "stance": "supports",
            "passage": "counted 4,000 new jobs in the region during 2023",
        },
    )
    # 202: fetched on the job queue (run at the request's commit in tests); the job's result has the new version
    assert attached.status_code == 202 and attached.headers["Location"] == attached.json["url"]
    job = client.get(attached.headers["Location"], headers=reviewer).json
    assert job["state"] == "succeeded" and job["result"]["claim_version"] == jobs["version"] + 1
    listed_sources = client.get(f"/api/v1/claims/{jobs['id']}/sources", headers=reviewer).json["items"]
    assert listed_sources[0]["match"]["found"] and listed_sources[0]["match"]["score"] == 100.0
    assert listed_sources[0]["source"]["http_status"] == 200 and len(listed_sources[0]["source"]["sha256"]) == 64

    bad_label = _post(
        client,
        f"/api/v1/claims/{jobs['id']}/verdict",
        reviewer,
        {"version": job["result"]["claim_version"], "rating": "Spot on", "summary": "Jobs grew by 4,000 in 2023"},
        "PUT",
    )
    assert bad_label.status_code == 422 and bad_label.json["error"]["fields"] == {"rating": "unknown"}
    verdict = _post(
        client,
        f"/api/v1/claims/{jobs['id']}/verdict",
        reviewer,
        {
            "version": job["result"]["claim_version"],
            "rating": "True",
            "summary": "Jobs grew by 4,000 in 2023",
            "rationale": "See **stats**.",
        },
        "PUT",
    )
    assert verdict.status_code == 201 and verdict.json["state"] == "draft" and verdict.json["warnings"] == []
    submitted = _post(
        client, f"/api/v1/claims/{jobs['id']}/submit", reviewer, {"version": verdict.json["claim_version"]}
    )
    assert submitted.json["state"] == "submitted"
    decision = {"version": submitted.json["claim_version"]}
    # reviewers cannot approve; editors can
    assert _post(client, f"/api/v1/claims/{jobs['id']}/approve", reviewer, decision).status_code == 403
    approved = _post(client, f"/api/v1/claims/{jobs['id']}/approve", editor, decision)
    assert approved.status_code == 200 and approved.json["state"] == "approved"

    assert client.get(f"/api/v1/articles/{article['id']}", headers=editor).json["published_version"] == 0
    published = _post(client, f"/api/v1/articles/{article['id']}/publish", editor, {"version": 0})
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
        {"version": claim["version"], "url": server.route("/s", body=SOURCE), "stance": "context"},
    )
    draft = {"version": _version(client, claim["id"], editor), "rating": "Half true", "summary": "A summary"}
    _post(client, f"/api/v1/claims/{claim['id']}/verdict", editor, draft, "PUT")
    _post(client, f"/api/v1/claims/{claim['id']}/submit", editor, {"version": _version(client, claim["id"], editor)})
    version = _version(client, claim["id"], editor)
    own = _post(client, f"/api/v1/claims/{claim['id']}/approve", editor, {"version": version})
    assert own.status_code == 403 and "other than" in own.json["error"]["message"]
    empty = _post(client, f"/api/v1/claims/{claim['id']}/return", other_editor, {"version": version, "comment": "  "})
    assert empty.status_code == 422
    returned = _post(
        client, f"/api/v1/claims/{claim['id']}/return", other_editor, {"version": version, "comment": "Add a source."}
    )
    assert returned.status_code == 200 and returned.json["state"] == "returned"
    db.expire_all()
    assert db.get(Claim, claim["id"]).status == "returned"  # type: ignore[union-attr]


def test_submit_without_evidence_is_refused(client: FlaskClient, bearer: Callable[[str], dict[str, str]]) -> None:
    reviewer = bearer("reviewer")
    claim = _post(client, "/api/v1/articles", reviewer, {"title": "T", "text": TEXT}).json["claims"][0]
    draft = {"version": claim["version"], "rating": "False", "summary": "S"}
    version = _post(client, f"/api/v1/claims/{claim['id']}/verdict", reviewer, draft, "PUT").json["claim_version"]
    refused = _post(client, f"/api/v1/claims/{claim['id']}/submit", reviewer, {"version": version})
    assert refused.status_code == 422 and "source" in refused.json["error"]["message"]


def _submitted_claim(db: Session) -> tuple[Claim, Any]:
    """A claim whose verdict (by the builders' reviewer) waits for a second review, with its article."""
    claim = builders.make_claim(db, status="submitted")
    db.commit()
    return claim, claim.article


STATE_CHANGES = [
    ("POST", "/api/v1/claims/{claim}/submit", {}),
    ("POST", "/api/v1/claims/{claim}/approve", {}),
    ("POST", "/api/v1/claims/{claim}/return", {"comment": "Check the table again."}),
    ("PUT", "/api/v1/claims/{claim}/verdict", {"rating": "False", "summary": "What was checked"}),
    ("POST", "/api/v1/claims/{claim}/sources", {"url": "http://127.0.0.1:9/none", "stance": "context"}),
    ("PATCH", "/api/v1/claims/{claim}", {"status": "dismissed"}),
    ("POST", "/api/v1/articles/{article}/publish", {}),
]


@pytest.mark.parametrize(("method", "path", "body"), STATE_CHANGES, ids=[f"{m} {p}" for m, p, _ in STATE_CHANGES])
def test_every_state_change_requires_the_version(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]], method: str, path: str, body: Any
) -> None:
    editor = bearer("editor")
    claim, article = _submitted_claim(db)
    url = path.format(claim=claim.id, article=article.id)
    before = client.get(f"/api/v1/claims/{claim.id}", headers=editor).json
    missing = _post(client, url, editor, body, method)
    assert missing.status_code == 422 and missing.json["error"]["fields"] == {"version": "missing"}
    stale = _post(client, url, editor, {**body, "version": 99}, method)
    assert stale.status_code == 409 and stale.json["error"]["fields"] == {"version": "stale"}
    db.expire_all()
    assert client.get(f"/api/v1/claims/{claim.id}", headers=editor).json == before  # nothing changed
    assert db.scalar(select(func.count(Publication.id))) == 0


def test_an_editor_cannot_approve_a_verdict_changed_since_they_read_it(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]]
) -> None:
    editor = bearer("editor")
    claim, _article = _submitted_claim(db)
    seen = client.get(f"/api/v1/claims/{claim.id}", headers=editor).json["version"]
    builders.make_evidence(db, claim)  # someone attaches another source meanwhile
    db.commit()
    refused = _post(client, f"/api/v1/claims/{claim.id}/approve", editor, {"version": seen})
    assert refused.status_code == 409 and "changed by someone else" in refused.json["error"]["message"]
    fresh = client.get(f"/api/v1/claims/{claim.id}", headers=editor).json["version"]
    approved = _post(client, f"/api/v1/claims/{claim.id}/approve", editor, {"version": fresh})
    assert approved.status_code == 200 and approved.json["claim_version"] == fresh + 1


def test_a_reviewer_cannot_submit_another_reviewers_draft(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]]
) -> None:
    other, editor = bearer("reviewer"), bearer("editor")
    claim = builders.make_claim(db)
    builders.make_verdict(db, claim, state="draft")
    builders.make_evidence(db, claim)
    db.commit()
    refused = _post(client, f"/api/v1/claims/{claim.id}/submit", other, {"version": claim.version})
    assert refused.status_code == 403
    db.expire_all()
    assert db.get(Claim, claim.id).status == "in_review"  # type: ignore[union-attr]
    submitted = _post(client, f"/api/v1/claims/{claim.id}/submit", editor, {"version": claim.version})
    assert submitted.status_code == 200 and submitted.json["state"] == "submitted"


def test_publish_refuses_a_stale_published_version(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]]
) -> None:
    editor = bearer("editor")
    article = builders.make_publication(db).article  # version 1, published by someone else
    db.commit()
    assert client.get(f"/api/v1/articles/{article.id}", headers=editor).json["published_version"] == 1
    stale = _post(client, f"/api/v1/articles/{article.id}/publish", editor, {"version": 0})
    assert stale.status_code == 409 and stale.json["error"]["fields"] == {"version": "stale"}
    fresh = _post(client, f"/api/v1/articles/{article.id}/publish", editor, {"version": 1})
    assert fresh.status_code == 201 and fresh.json["version"] == 2
