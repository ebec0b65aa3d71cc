"""A job that meets a database outage is tried again, never left leased or lost: its work cut by a restart is
recorded as a failed attempt once the server is back (not left "running" until its lease runs out), and a
message that arrives while the job's row is locked or the server is down still runs the job."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from flask import Flask
from sqlalchemy import event, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from factcheck import database
from factcheck.extensions import db as flask_db
from factcheck.factory import create_app
from factcheck.models import Job, JobState, utcnow
from factcheck.services import jobs
from factcheck.tasks import runner
from factcheck.tasks.registry import KINDS, Outcome, TaskContext
from tests.support.restarts import drop_connections
from tests.tasks.test_runner import Dispatched, _queue
from tests.views.test_unavailable import _Orig

APP_NAME = "factcheck-outage-test"


@pytest.fixture()
def named_app(app: Flask, app_config: dict[str, Any], database_url: str) -> Iterator[Flask]:
    """The suite's PostgreSQL database through connections that carry a name, so the test can drop them all."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: its server can drop connections and refuse new ones")
    options = {"pool_pre_ping": True, "connect_args": {"application_name": APP_NAME}}
    fresh = create_app({**app_config, "SQLALCHEMY_ENGINE_OPTIONS": options, "JOBS_IMMEDIATE": False})
    yield fresh
    with fresh.app_context():
        flask_db.session.remove()
        flask_db.engine.dispose()


def _drop_all(url: str) -> int:
    return drop_connections(url, APP_NAME)


class Down:
    """The server down for a while, as the app's engine sees it: new connections refused as psycopg refuses them
    when nothing listens (the one thing this test cannot do for real to the suite's shared server)."""

    def __init__(self, engine: Engine) -> None:
        self.engine, self.until, self.refused = engine, 0.0, 0
        event.listen(engine, "do_connect", self._connect)

    def _connect(self, *_args: Any) -> None:
        if time.monotonic() < self.until:
            self.refused += 1
            raise psycopg.OperationalError("connection failed: Connection refused (test: server restarting)")

    def for_seconds(self, seconds: float) -> None:
        self.until = time.monotonic() + seconds

    def remove(self) -> None:
        event.remove(self.engine, "do_connect", self._connect)


def test_work_cut_by_a_restart_is_a_failed_attempt_retried_once_the_server_is_back(
    named_app: Flask, db: Session, database_url: str
) -> None:
    with named_app.app_context():
        engine = flask_db.engine
    down = Down(engine)
    ran: list[int] = []

    def cut(ctx: TaskContext) -> Outcome:
        ran.append(ctx.job.id)
        ctx.session.execute(update(Job).where(Job.id == ctx.job.id).values(progress_note="writing"))
        assert _drop_all(database_url) >= 1  # every connection of the app's: the server restarts
        down.for_seconds(1.0)
        ctx.session.commit()  # meets the dropped connection
        return Outcome({})

    KINDS["test.cut"] = cut  # type: ignore[assignment]
    try:
        job_id = _queue(named_app, lambda s: jobs.enqueue(s, None, "test.cut", {}))
        dispatch = Dispatched()
        started = time.monotonic()
        runner.run_job(named_app, job_id, dispatch)  # before: raised from recording the failure, job left leased
        waited = time.monotonic() - started
    finally:
        del KINDS["test.cut"]
        down.remove()
    job = db.get(Job, job_id)
    assert job is not None and ran == [job_id]
    assert job.state == JobState.QUEUED and job.lease_owner is None and job.attempts == 1, (job.state, job.error)
    assert job.progress_note != "writing", "the cut transaction wrote nothing"
    assert "server shut down" in (job.error or "") or "connection" in (job.error or ""), job.error
    assert [ids for ids, _eta in dispatch.calls] == [[job_id]] and dispatch.calls[0][1] is not None
    assert down.refused >= 1 and 0.9 < waited < 15, (down.refused, waited)


def test_a_message_that_arrives_while_the_server_is_down_still_runs_its_job(named_app: Flask, db: Session) -> None:
    with named_app.app_context():
        engine = flask_db.engine
    ran: list[int] = []
    KINDS["test.count"] = lambda ctx: (ran.append(ctx.job.id), Outcome({"ok": True}))[1]  # type: ignore[assignment]
    down = Down(engine)
    try:
        job_id = _queue(named_app, lambda s: jobs.enqueue(s, None, "test.count", {}))
        engine.dispose()  # no pooled connection: the lease needs a new one
        down.for_seconds(0.8)
        runner.run_job(named_app, job_id, Dispatched())  # before: raised, and the message was gone
    finally:
        del KINDS["test.count"]
        down.remove()
    job = db.get(Job, job_id)
    assert job is not None and job.state == JobState.SUCCEEDED and ran == [job_id] and down.refused >= 1


def test_a_message_that_meets_its_row_locked_past_the_lock_timeout_still_runs_its_job(app: Flask, db: Session) -> None:
    """A lock held longer than the lock timeout (SQLite's write lock, PostgreSQL's row lock): the lease waits."""
    ran: list[int] = []
    KINDS["test.count"] = lambda ctx: (ran.append(ctx.job.id), Outcome({"ok": True}))[1]  # type: ignore[assignment]
    try:
        job_id = _queue(app, lambda s: jobs.enqueue(s, None, "test.count", {}))
        with app.app_context():
            engine = flask_db.engine
            hold_ms = int(app.config["DB_LOCK_TIMEOUT_MS"]) + 700
        holder = Session(engine)
        database.begin_write(holder)
        database.lock_rows(holder, Job, [job_id])
        release = threading.Timer(hold_ms / 1000, holder.commit)
        release.start()
        try:
            runner.run_job(app, job_id, Dispatched())  # before: "database is locked" / lock timeout, message lost
        finally:
            release.join()
            holder.close()
    finally:
        del KINDS["test.count"]
    job = db.get(Job, job_id)
    assert job is not None and job.state == JobState.SUCCEEDED and ran == [job_id]


def test_bookkeeping_waits_out_an_outage_for_its_patience_only_and_never_a_bug(app: Flask) -> None:
    with app.app_context():
        engine = flask_db.engine
    calls: list[str] = []

    def broken(_session: Session) -> None:
        calls.append("bug")
        raise ValueError("a bug")

    def deadlocked(_session: Session) -> None:
        calls.append("busy")
        raise OperationalError("UPDATE jobs", {}, _Orig("deadlock detected", "40P01"))

    with pytest.raises(ValueError):
        runner._patiently(engine, broken, patience=5)
    assert calls == ["bug"], "a bug is not waited out"
    started = time.monotonic()
    with pytest.raises(OperationalError):
        runner._patiently(engine, deadlocked, patience=2.0)
    assert 0.25 < time.monotonic() - started < 3.0 and calls.count("busy") >= 3


def test_a_retry_message_that_comes_before_the_retry_time_is_scheduled_again_not_dropped(
    app: Flask, db: Session
) -> None:
    """Huey's scheduler works to the second, so a retry dispatched for 12:00:05.6 can arrive at 12:00:05.4. The job
    is not due: the message used to end there, and the job waited for the sweep's stale check (10 minutes)."""
    ran: list[int] = []
    KINDS["test.count"] = lambda ctx: (ran.append(ctx.job.id), Outcome({"ok": True}))[1]  # type: ignore[assignment]
    try:
        job_id = _queue(app, lambda s: jobs.enqueue(s, None, "test.count", {}))
        due = utcnow() + dt.timedelta(seconds=5)  # far enough that a loaded machine cannot reach it first
        db.execute(update(Job).where(Job.id == job_id).values(run_after=due, attempts=1))
        db.commit()
        early = Dispatched()
        runner.run_job(app, job_id, early)
        assert ran == [] and len(early.calls) == 1
        [(ids, eta)] = early.calls
        assert ids == [job_id] and eta is not None and abs((eta - due).total_seconds()) < 0.01
        db.execute(update(Job).where(Job.id == job_id).values(run_after=utcnow() - dt.timedelta(seconds=1)))
        db.commit()  # the retry time has come: the next message runs it
        runner.run_job(app, job_id, Dispatched())
    finally:
        del KINDS["test.count"]
    job = db.get(Job, job_id, populate_existing=True)
    assert job is not None and job.state == JobState.SUCCEEDED and ran == [job_id] and job.attempts == 2
