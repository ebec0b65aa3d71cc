"""A long text (paste, file, API) is checked at once and imported by a job: no web worker spends seconds finding
its claims or re-anchoring a re-import (services/importing.request_text_import, tasks/articles.import_text)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, ArticleRevision, Claim, Job, JobState, User
from factcheck.services import importing, jobs
from factcheck.tasks import runner
from tests.conftest import get_csrf
from tests.tasks.test_runner import Dispatched, _queue

PARAGRAPH = (
    "The harbour board said on 3 March 2024 that 1,400 berths would be built by 2027. "
    "The minister refused to meet the union on Friday, the ministry said.\n\n"
)
URL = "https://example.org/harbour"


@pytest.fixture()
def short_inline(app: Flask) -> Iterator[int]:
    """Texts over 400 characters go to the queue in these tests (the default is 100,000)."""
    old = app.config["INLINE_IMPORT_CHARS"]
    app.config["INLINE_IMPORT_CHARS"] = 400
    yield 400
    app.config["INLINE_IMPORT_CHARS"] = old


def _count(db: Session, model: type[object]) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(model)) or 0


def test_api_long_text_is_accepted_then_imported_by_its_job(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]], short_inline: int
) -> None:
    auth = bearer("reviewer")
    text = PARAGRAPH * 8
    assert len(text) > short_inline
    first = client.post("/api/v1/articles", json={"title": "Harbour", "text": text, "url": URL}, headers=auth)
    assert first.status_code == 202 and first.json["kind"] == importing.IMPORT_TEXT_JOB
    job = client.get(first.headers["Location"], headers=auth).json
    assert job["state"] == "succeeded", job
    assert job["result"]["created"] is True and job["result"]["claims_added"] > 0
    article = client.get(f"/api/v1/articles/{job['result']['article_id']}", headers=auth).json
    assert article["title"] == "Harbour" and len(article["claims"]) == job["result"]["claims_added"]
    # The job's JSON does not carry the text back.
    assert "berths" not in str(job)

    # A re-import of the same URL with an edit: a new revision, the claims re-anchored, also on the queue.
    edited = text.replace("1,400 berths", "1,450 berths", 1)
    again = client.post("/api/v1/articles", json={"title": "Harbour", "text": edited, "url": URL}, headers=auth)
    assert again.status_code == 202
    result = client.get(again.headers["Location"], headers=auth).json["result"]
    assert result["new_revision"] is True and result["revision"] == 2 and result["created"] is False
    assert result["article_id"] == article["id"] and sum(result["anchors"].values()) > 0
    assert _count(db, Article) == 1 and _count(db, ArticleRevision) == 2


def test_short_texts_still_import_within_the_request(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]], short_inline: int
) -> None:
    got = client.post("/api/v1/articles", json={"title": "Short", "text": PARAGRAPH}, headers=bearer("reviewer"))
    assert got.status_code == 201 and got.json["claims"]
    assert _count(db, Job) == 0


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"title": "  ", "text": PARAGRAPH * 8}, 422, "title"),
        ({"title": "Bad link", "text": PARAGRAPH * 8, "url": "javascript:alert(1)"}, 422, "url"),
        ({"title": "Huge", "text": PARAGRAPH * 40}, 413, "text"),
    ],
)
def test_a_long_text_is_refused_at_once_when_it_cannot_be_imported(
    app: Flask,
    client: FlaskClient,
    db: Session,
    bearer: Callable[[str], dict[str, str]],
    short_inline: int,
    body: dict[str, str],
    status: int,
    field: str,
) -> None:
    old = app.config["MAX_ARTICLE_CHARS"]
    app.config["MAX_ARTICLE_CHARS"] = len(PARAGRAPH) * 20
    try:
        got = client.post("/api/v1/articles", json=body, headers=bearer("reviewer"))
    finally:
        app.config["MAX_ARTICLE_CHARS"] = old
    assert got.status_code == status, got.json
    assert field in got.json["error"]["fields"]
    assert _count(db, Job) == 0 and _count(db, Article) == 0


def test_browser_paste_and_file_follow_the_job_to_the_article(
    client: FlaskClient, db: Session, login_as: Callable[..., User], short_inline: int
) -> None:
    login_as("reviewer")
    pasted = client.post(
        "/work/import/paste",
        data={"csrf_token": get_csrf(client, "/work/import"), "title": "Harbour", "text": PARAGRAPH * 8},
    )
    assert pasted.status_code == 302 and "/work/jobs/" in pasted.headers["Location"]
    page = client.get(pasted.headers["Location"])  # done (the tests run jobs at commit): on to the article
    article_id = db.scalar(select(Article.id).where(Article.title == "Harbour"))
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/work/articles/{article_id}")
    shown = client.get(page.headers["Location"]).get_data(as_text=True)
    assert "Imported “Harbour”" in shown and "claims found" in shown

    uploaded = client.post(
        "/work/import/file",
        data={
            "csrf_token": get_csrf(client, "/work/import"),
            "title": "Harbour file",
            "file": (io.BytesIO((PARAGRAPH * 8).encode()), "harbour.txt"),
        },
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 302 and "/work/jobs/" in uploaded.headers["Location"]
    assert db.scalar(select(func.count(Article.id)).where(Article.title == "Harbour file")) == 1


def test_the_import_job_runs_twice_without_adding_anything(
    app: Flask, db: Session, make_user: Callable[..., User]
) -> None:
    """A duplicate message finds the job done; the same job queued again finds its article with the same text
    and adds no revision and no claim."""
    user = make_user("reviewer")
    db.commit()
    draft = importing.ArticleDraft(title="Harbour", text=PARAGRAPH * 8, origin="paste", url=URL)
    first = _queue(app, lambda s: importing.request_text_import(s, s.merge(user), draft))
    dispatch = Dispatched()
    runner.run_job(app, first, dispatch)
    runner.run_job(app, first, dispatch)
    claims = _count(db, Claim)
    again = _queue(app, lambda s: importing.request_text_import(s, s.merge(user), draft))
    runner.run_job(app, again, dispatch)
    db.expire_all()
    done = [db.get(Job, first), db.get(Job, again)]
    assert [j.state for j in done if j] == [JobState.SUCCEEDED, JobState.SUCCEEDED]
    assert done[0] is not None and done[0].attempts == 1 and done[0].result and done[0].result["created"] is True
    assert done[1] is not None and done[1].result and done[1].result["new_revision"] is False
    assert _count(db, Claim) == claims > 0 and _count(db, ArticleRevision) == 1 and _count(db, Article) == 1


def test_a_job_that_lost_its_text_fails_with_a_message(app: Flask, db: Session) -> None:
    job_id = _queue(app, lambda s: jobs.enqueue(s, None, importing.IMPORT_TEXT_JOB, {"title": "Gone"}))
    runner.run_job(app, job_id, Dispatched())
    job = db.get(Job, job_id)
    assert job is not None and job.state == JobState.FAILED and "lost the text" in (job.error or "")
