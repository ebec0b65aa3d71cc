"""The failed-jobs page: admins see the error and attempts of jobs that kept failing, and retry or discard them."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from factcheck.models import Job, JobState, User
from factcheck.services import jobs
from tests.conftest import get_csrf
from tests.fetch.conftest import LocalServer
from tests.tasks.test_runner import PAGE


def _failed(db: Session, url: str) -> Job:
    job = jobs.enqueue(db, None, "article.import_url", {"url": url, "overrides": {}}, max_attempts=3)
    db.commit()  # a plain session: queued, not dispatched
    for _ in range(3):
        db.execute(update(Job).where(Job.id == job.id).values(run_after=None))  # its backoff is over
        assert jobs.take_lease(db, job.id, "worker", 60) is not None
        jobs.fail(db, job.id, "worker", "connection refused by the outlet", transient=True)
        db.commit()
    return job


def test_admins_see_failed_jobs_and_retry_one_which_then_runs(
    client: FlaskClient, db: Session, login_as: Callable[..., User], server: LocalServer
) -> None:
    url = server.route("/ferry", body=PAGE.encode())
    job = _failed(db, url)
    assert job.state == JobState.FAILED and job.attempts == 3
    login_as("admin")
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "connection refused by the outlet" in page and "3 / 3" in page and url in page
    assert "/admin/jobs" in client.get("/admin/").get_data(as_text=True)
    csrf = get_csrf(client, "/admin/jobs")
    retried = client.post(f"/admin/jobs/{job.id}/retry", data={"csrf_token": csrf}, follow_redirects=True)
    assert f"Job {job.id} (article.import_url) queued again" in retried.get_data(as_text=True)
    db.refresh(job)
    assert job.state == JobState.SUCCEEDED and job.attempts == 1, "retried with fresh attempts, and it ran"
    assert "No failed jobs" in client.get("/admin/jobs").get_data(as_text=True)
    again = client.post(f"/admin/jobs/{job.id}/discard", data={"csrf_token": csrf}, follow_redirects=True)
    assert "only queued or failed jobs can be discarded" in again.get_data(as_text=True)


def test_discarding_a_failed_job(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    job = _failed(db, "https://example.org/never")
    login_as("admin")
    csrf = get_csrf(client, "/admin/jobs")
    client.post(f"/admin/jobs/{job.id}/discard", data={"csrf_token": csrf})
    db.refresh(job)
    assert job.state == JobState.DISCARDED
    assert client.post("/admin/jobs/999999/retry", data={"csrf_token": csrf}).status_code == 404


def test_the_cli_status_retry_and_discard(db: Session, runner: object) -> None:
    from flask.testing import FlaskCliRunner

    assert isinstance(runner, FlaskCliRunner)
    job = _failed(db, "https://example.org/x")
    status = runner.invoke(args=["jobs", "status"])
    assert status.exit_code == 0 and "1 failed" in status.output and "connection refused" in status.output
    assert f"#{job.id} article.import_url attempt 3/3" in status.output
    discarded = runner.invoke(args=["jobs", "discard", str(job.id)])
    assert discarded.exit_code == 0 and f"job {job.id} discarded" in discarded.output
    again = runner.invoke(args=["jobs", "discard", str(job.id)])
    assert again.exit_code != 0 and "only queued or failed" in again.output
    assert runner.invoke(args=["jobs", "retry", "424242"]).exit_code != 0
    swept = runner.invoke(args=["jobs", "sweep"])
    assert swept.exit_code == 0 and "0 jobs dispatched again" in swept.output
