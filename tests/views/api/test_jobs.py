"""GET /api/v1/jobs/<id>, and the 202 answer of a URL-only article import."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.services import jobs
from tests.fetch.conftest import LocalServer
from tests.tasks.test_runner import PAGE


def test_the_api_job_endpoint(client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]]) -> None:
    auth = bearer("reviewer")
    job = jobs.enqueue(db, None, "article.import_url", {"url": "https://example.org/a"})
    db.commit()
    got = client.get(f"/api/v1/jobs/{job.id}", headers=auth)
    assert got.status_code == 200 and got.json["state"] == "queued" and got.json["url"] == f"/api/v1/jobs/{job.id}"
    assert client.get(f"/api/v1/jobs/{job.id + 1}", headers=auth).status_code == 404
    assert client.get(f"/api/v1/jobs/{job.id}").status_code == 401


def test_a_url_only_import_is_accepted_and_its_job_names_the_article(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]], server: LocalServer
) -> None:
    auth = bearer("reviewer")
    url = server.route("/ferry", body=PAGE.encode())
    accepted = client.post("/api/v1/articles", json={"url": url, "outlet": "Island Post"}, headers=auth)
    assert accepted.status_code == 202 and accepted.json["kind"] == "article.import_url"
    job = client.get(accepted.headers["Location"], headers=auth).json
    assert job["state"] == "succeeded" and job["progress"] == 1.0 and job["error"] is None
    article = client.get(f"/api/v1/articles/{job['result']['article_id']}", headers=auth).json
    assert article["title"] == "Ferry timetable grows" and article["outlet"] == "Island Post"
    refused = client.post("/api/v1/articles", json={"url": "http://10.0.0.7/x"}, headers=auth)
    assert refused.status_code == 422 and "private" in refused.json["error"]["message"]
