"""A job's page and JSON status in the browser's workbench, and the claim page's "fetching…" rows."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import jobs
from tests.conftest import get_csrf
from tests.fetch.conftest import LocalServer
from tests.support.builders import make_claim
from tests.tasks.test_runner import PAGE


def test_a_url_import_answers_with_its_job_which_leads_to_the_article(
    client: FlaskClient, db: Session, login_as: Callable[..., User], server: LocalServer
) -> None:
    login_as("reviewer")
    url = server.route("/ferry", body=PAGE.encode())
    posted = client.post("/work/import/url", data={"csrf_token": get_csrf(client, "/work/import"), "url": url})
    assert posted.status_code == 302 and posted.headers["Location"].startswith("/work/jobs/")
    status = client.get(posted.headers["Location"] + ".json").get_json()
    assert status["state"] == "succeeded" and status["done"] and status["progress"] == 1.0
    assert status["location"] == f"/work/articles/{status['result']['article_id']}"
    assert "claims found" in status["message"]
    page = client.get(posted.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert "Ferry timetable grows" in page and "claims found" in page


def test_a_failed_import_shows_its_error_on_the_job_page(
    client: FlaskClient, db: Session, login_as: Callable[..., User], server: LocalServer
) -> None:
    login_as("reviewer")
    url = server.route("/gone", status=404, body=b"no")
    posted = client.post("/work/import/url", data={"csrf_token": get_csrf(client, "/work/import"), "url": url})
    page = client.get(posted.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Importing the article" in html and "404" in html and "data-job-pending" not in html
    assert client.get("/work/jobs/999999.json").status_code == 404


def test_the_claim_page_shows_a_queued_fetch_until_it_is_done(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    user = login_as("reviewer")
    claim = make_claim(db)
    job = jobs.enqueue(
        db,
        user,
        "source.attach",
        {"claim_id": claim.id, "url": "https://example.org/r", "stance": "refutes"},
        subject=("claim", claim.id),
    )
    db.commit()  # a plain session with no app: queued, not dispatched
    html = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    assert "https://example.org/r" in html and "Waiting to be fetched" in html
    assert f'data-job="/work/jobs/{job.id}.json"' in html and "js/jobs.js" in html
    jobs.take_lease(db, job.id, "x", 60)
    jobs.succeed(db, job.id, "x", {"claim_id": claim.id})
    db.commit()
    assert "Waiting to be fetched" not in client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    broken = jobs.enqueue(
        db, user, "source.attach", {"claim_id": claim.id, "url": "https://example.org/b"}, subject=("claim", claim.id)
    )
    jobs.take_lease(db, broken.id, "x", 60)
    jobs.fail(db, broken.id, "x", "the archive refused the page", transient=False)
    db.commit()
    html = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    assert "Could not attach https://example.org/b: the archive refused the page" in html


def test_fetching_an_article_again_adds_a_revision_and_reanchors_its_claims(
    client: FlaskClient, db: Session, login_as: Callable[..., User], server: LocalServer
) -> None:
    login_as("reviewer")
    url = server.route("/ferry", body=PAGE.encode())
    posted = client.post("/work/import/url", data={"csrf_token": get_csrf(client, "/work/import"), "url": url})
    article_id = client.get(posted.headers["Location"] + ".json").get_json()["result"]["article_id"]
    page = client.get(f"/work/articles/{article_id}").get_data(as_text=True)
    assert f"/work/articles/{article_id}/refetch" in page
    changed = PAGE.replace("</p></article>", " The operator also said a new quay opens in May 2025.</p></article>")
    server.route("/ferry", body=changed.encode())
    again = client.post(f"/work/articles/{article_id}/refetch", data={"csrf_token": get_csrf(client, "/work/")})
    status = client.get(again.headers["Location"] + ".json").get_json()
    assert status["state"] == "succeeded" and status["result"]["article_id"] == article_id
    assert status["result"]["new_revision"] is True and status["result"]["revision"] == 2
    assert sum(status["result"]["anchors"].values()) >= 1 and "re-anchored" in status["message"]
    unchanged = client.post(f"/work/articles/{article_id}/refetch", data={"csrf_token": get_csrf(client, "/work/")})
    assert "unchanged" in client.get(unchanged.headers["Location"] + ".json").get_json()["message"]
