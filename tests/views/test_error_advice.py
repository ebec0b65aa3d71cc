"""Errors that say what to do (issue 12, section 6): a refused URL import, a 403, a bulk action with nothing
ticked."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.conftest import get_csrf


def test_a_refused_url_import_says_what_to_do(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    login_as("reviewer")
    csrf = get_csrf(client, "/work/import")
    refused = client.post("/work/import/url", data={"csrf_token": csrf, "url": "http://10.1.2.3/story"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Paste the article&#39;s text or upload it as a file instead" in page
    assert "FACTCHECK_FETCH_ALLOW_HOSTS" in page
    # An address that merely fails (nothing listens there) is fetched on the job queue: the job's page tells.
    failed = client.post("/work/import/url", data={"csrf_token": csrf, "url": "http://127.0.0.1:9/story"})
    assert failed.status_code == 302 and "/work/jobs/" in failed.headers["Location"]
    text = client.get(failed.headers["Location"]).get_data(as_text=True)
    assert "FACTCHECK_FETCH_ALLOW_HOSTS" not in text


def test_a_403_names_the_roles_that_may(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    login_as("reviewer")
    page = client.get("/publish/")
    text = page.get_data(as_text=True)
    assert page.status_code == 403
    assert "This is for editors and admins; your account&#39;s role is reviewer." in text
    assert "admins; your account" in client.get("/admin/team").get_data(as_text=True)
    api_style = client.get("/admin/team", headers={"Accept": "application/json"}).get_json()
    assert "This is for admins" in api_style["error"]["message"]


def test_bulk_with_nothing_ticked_returns_to_the_filtered_queue(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    login_as("reviewer")
    csrf = get_csrf(client, "/work/queue")
    back = client.post(
        "/work/queue/bulk",
        data={"csrf_token": csrf, "action": "dismiss", "next": "/work/queue?status=new&kind=quantity"},
    )
    assert back.status_code == 302 and back.headers["Location"] == "/work/queue?status=new&kind=quantity"
    page = client.get(back.headers["Location"]).get_data(as_text=True)
    assert "Tick at least one claim in the queue" in page
