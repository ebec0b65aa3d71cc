"""The runner (factcheck/tasks/runner.py) in this process: a job runs once however often it is dispatched, a
transient failure is retried with backoff, a permanent one fails, and jobs are dispatched only after commit."""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from factcheck import cpu
from factcheck.extensions import db as flask_db
from factcheck.models import Article, Evidence, Job, JobState, User
from factcheck.netpolicy import FetchPolicy
from factcheck.services import importing, jobs, sources
from factcheck.tasks import runner
from factcheck.tasks.registry import KINDS
from tests.fetch.conftest import LocalServer
from tests.support.builders import make_claim

PAGE = (
    "<html><head><title>Ferry timetable grows</title></head><body><article><p>The island ferry added 14 sailings "
    "a week in 2024, the operator said, and fares stayed at 6 euros for adults on every route.</p></article>"
    "</body></html>"
)


class Dispatched:
    def __init__(self) -> None:
        self.calls: list[tuple[list[int], dt.datetime | None]] = []

    def __call__(self, ids: list[int], eta: dt.datetime | None = None) -> None:
        self.calls.append((ids, eta))


def _queue(app: Flask, make: Callable[[Session], Job]) -> int:
    """Queue a job outside any app context, so nothing dispatches it: the test runs it by hand."""
    with app.app_context():
        engine = flask_db.engine
    with Session(engine) as session:
        job = make(session)
        session.commit()
        return job.id


def test_a_job_dispatched_twice_attaches_its_source_once(
    app: Flask, db: Session, make_user: Callable[..., User], server: LocalServer
) -> None:
    user = make_user("reviewer")
    claim = make_claim(db)
    db.commit()
    url = server.route("/report", body=PAGE.encode())
    job_id = _queue(app, lambda s: sources.request_attach(s, s.merge(user), s.merge(claim), url, stance="supports"))
    dispatch = Dispatched()
    runner.run_job(app, job_id, dispatch)
    runner.run_job(app, job_id, dispatch)  # a duplicate message (a sweep, a retry racing): nothing happens
    job = db.get(Job, job_id)
    assert job is not None and job.state == JobState.SUCCEEDED and job.attempts == 1
    assert db.scalar(select(func.count(Evidence.id)).where(Evidence.claim_id == claim.id)) == 1
    assert job.result is not None and job.result["http_status"] == 200 and dispatch.calls == []
    assert len(server.seen) == 1, "fetched once"


def test_a_transient_fetch_error_is_retried_with_backoff_then_succeeds(
    app: Flask, db: Session, make_user: Callable[..., User], server: LocalServer
) -> None:
    user = make_user("reviewer")
    url = server.route("/story", status=503, body=b"busy")
    policy = FetchPolicy.from_allow_string("127.0.0.1")
    job_id = _queue(app, lambda s: importing.request_url_import(s, s.merge(user), url, policy))
    dispatch = Dispatched()
    runner.run_job(app, job_id, dispatch)
    job = db.get(Job, job_id)
    assert job is not None and job.state == JobState.QUEUED and job.attempts == 1 and "503" in (job.error or "")
    [(ids, eta)] = dispatch.calls
    assert ids == [job_id] and eta is not None and eta == job.run_after
    runner.run_job(app, job_id, dispatch)  # too early: the retry waits for its time
    db.refresh(job)
    assert job.attempts == 1
    server.route("/story", body=PAGE.encode())
    db.execute(update(Job).where(Job.id == job_id).values(run_after=None))
    db.commit()
    runner.run_job(app, job_id, dispatch)
    db.refresh(job)
    assert job.state == JobState.SUCCEEDED and job.attempts == 2 and job.error is None
    assert job.result is not None and job.result["created"] is True
    assert db.scalar(select(func.count(Article.id)).where(Article.url == url)) == 1


def test_a_permanent_error_fails_at_once_and_an_unknown_kind_too(
    app: Flask, db: Session, make_user: Callable[..., User], server: LocalServer
) -> None:
    user = make_user("reviewer")
    url = server.route("/gone", status=404, body=b"no")
    policy = FetchPolicy.from_allow_string("127.0.0.1")
    gone = _queue(app, lambda s: importing.request_url_import(s, s.merge(user), url, policy))
    odd = _queue(app, lambda s: jobs.enqueue(s, None, "no.such.kind", {}))
    dispatch = Dispatched()
    runner.run_job(app, gone, dispatch)
    runner.run_job(app, odd, dispatch)
    found = {j.id: j for j in db.scalars(select(Job))}
    assert found[gone].state == JobState.FAILED and "404" in (found[gone].error or "") and found[gone].attempts == 1
    assert found[odd].state == JobState.FAILED and "no task" in (found[odd].error or "")
    assert dispatch.calls == []


def test_a_bug_is_retried_then_lands_in_the_failed_jobs(app: Flask, db: Session) -> None:
    def broken(_ctx: object) -> object:
        raise RuntimeError("a bug")

    KINDS["test.broken"] = broken  # type: ignore[assignment]
    try:
        job_id = _queue(app, lambda s: jobs.enqueue(s, None, "test.broken", {}, max_attempts=2))
        dispatch = Dispatched()
        runner.run_job(app, job_id, dispatch)
        db.execute(update(Job).where(Job.id == job_id).values(run_after=None))
        db.commit()
        runner.run_job(app, job_id, dispatch)
    finally:
        del KINDS["test.broken"]
    job = db.get(Job, job_id)
    assert job is not None and job.state == JobState.FAILED and job.attempts == 2
    assert job.error == "RuntimeError: a bug" and len(dispatch.calls) == 1


def test_jobs_queued_in_a_request_run_when_it_commits_in_immediate_mode(
    app: Flask, db: Session, make_user: Callable[..., User], server: LocalServer
) -> None:
    user = make_user("reviewer")
    url = server.route("/story", body=PAGE.encode())
    policy = FetchPolicy.from_allow_string("127.0.0.1")
    with app.app_context():
        job = importing.request_url_import(flask_db.session(), flask_db.session.merge(user), url, policy)
        assert len(server.seen) == 0, "nothing runs before the commit"
        flask_db.session.commit()
        job_id = job.id
        flask_db.session.remove()
    done = db.get(Job, job_id)
    assert done is not None and done.state == JobState.SUCCEEDED and len(server.seen) == 1


def test_two_sources_fetched_at_once_for_one_claim_both_attach_on_their_first_attempt(
    app: Flask, db: Session, make_user: Callable[..., User], server: LocalServer
) -> None:
    """Each attachment moves the claim's version on; the second job must not fail on the first one's change."""
    import threading

    user = make_user("reviewer")
    claim = make_claim(db)
    db.commit()
    urls = [server.route(f"/slow{n}", body=PAGE.encode(), delay=0.5 + n * 0.3) for n in range(2)]
    ids = [
        _queue(app, lambda s, u=u: sources.request_attach(s, s.merge(user), s.merge(claim), u, stance="context"))
        for u in urls
    ]
    threads = [threading.Thread(target=runner.run_job, args=(app, i, Dispatched())) for i in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done = [db.get(Job, i) for i in ids]
    assert [(j.state, j.attempts) for j in done if j] == [(JobState.SUCCEEDED, 1)] * 2, [j.error for j in done if j]
    assert db.scalar(select(func.count(Evidence.id)).where(Evidence.claim_id == claim.id)) == 2


def test_a_jobs_heavy_computing_runs_at_a_lower_priority_than_its_writes(app: Flask, db: Session) -> None:
    seen: dict[str, int] = {}

    def task(_ctx: object) -> object:
        tid = threading.get_native_id()
        seen["task"] = os.getpriority(os.PRIO_PROCESS, tid)
        seen["heavy"] = cpu.heavy(lambda: os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        raise RuntimeError("done looking")

    if not cpu.per_thread_priority():
        pytest.skip("per-thread nice values are Linux's")
    KINDS["test.priority"] = task  # type: ignore[assignment]
    try:
        job_id = _queue(app, lambda s: jobs.enqueue(s, None, "test.priority", {}, max_attempts=1))
        runner.run_job(app, job_id, Dispatched())
    finally:
        del KINDS["test.priority"]
    assert seen["task"] == os.getpriority(os.PRIO_PROCESS, threading.get_native_id())  # the consumer's own
    assert seen["heavy"] == min(19, seen["task"] + cpu.NICENESS)
