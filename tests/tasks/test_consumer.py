"""A real consumer process (`flask jobs worker`) on the embedded queue (SqliteHuey in the instance folder) and on
Redis (FACTCHECK_TEST_REDIS_URL; skipped without it): jobs queued by this process run there; a consumer
SIGKILLed mid-job loses nothing, and its job runs again exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.config import PROJECT_ROOT, fetch_policy
from factcheck.extensions import db as flask_db
from factcheck.factory import create_app
from factcheck.models import Evidence, Job, JobState, Source, User
from factcheck.services import importing, sources
from factcheck.tasks import runner
from factcheck.tasks.queue import queue_of
from tests.fetch.conftest import LocalServer
from tests.support.builders import make_claim
from tests.tasks.test_runner import PAGE

REDIS_URL = os.environ.get("FACTCHECK_TEST_REDIS_URL", "").strip()
FLASK = Path(sys.executable).parent / "flask"
LEASE = 3  # seconds: the lease a dead consumer leaves behind runs out quickly


def _redis_or_skip() -> str:
    if not REDIS_URL:
        pytest.skip("FACTCHECK_TEST_REDIS_URL is not set: no Redis to run the queue on (CI starts one)")
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at FACTCHECK_TEST_REDIS_URL does not answer: {exc}")
    return REDIS_URL


class Consumers:
    """The producer app (this process, queueing for real) and the consumer processes it starts."""

    def __init__(self, app_config: dict[str, Any], instance: Path, redis_url: str | None) -> None:
        self.config = app_config | {"JOBS_IMMEDIATE": False, "INSTANCE_PATH": str(instance), "JOB_LEASE_SECONDS": LEASE}
        self.config["REDIS_URL"] = redis_url
        self.app: Flask = create_app(self.config)
        queue_of(self.app).huey.flush()  # nothing left from an earlier run
        self.env = {
            **os.environ,
            "FACTCHECK_DATABASE_URL": str(self.config["DATABASE_URL"]),
            "FACTCHECK_INSTANCE_PATH": str(instance),
            "FACTCHECK_SECRET_KEY": str(self.config["SECRET_KEY"]),
            "FACTCHECK_FETCH_ALLOW_HOSTS": "127.0.0.1",
            "FACTCHECK_JOB_LEASE_SECONDS": str(LEASE),
            "FACTCHECK_REDIS_URL": redis_url or "",
        }
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(
            [str(FLASK), "--app", "app", "jobs", "worker", "--workers", "2"],
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def queue(self, make: Callable[[Session], Job]) -> int:
        """Queue a job in a transaction of the producer app: its commit hands it to the queue."""
        with self.app.app_context():
            job = make(flask_db.session())
            flask_db.session.commit()
            job_id = job.id
            flask_db.session.remove()
        return job_id

    def close(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        with self.app.app_context():
            flask_db.engine.dispose()


def _wait(db: Session, job_id: int, ready: Callable[[Job], bool], timeout: float = 60) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.expire_all()
        job = db.get(Job, job_id)
        if job is not None and ready(job):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not get there in {timeout} s: {job and job.state}")


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def consumers(request: pytest.FixtureRequest, app_config: dict[str, Any], tmp_path: Path) -> Iterator[Consumers]:
    redis_url = _redis_or_skip() if request.param == "redis-queue" else None
    found = Consumers(app_config, tmp_path, redis_url)
    yield found
    found.close()


def test_a_consumer_process_runs_a_url_import(
    consumers: Consumers, db: Session, make_user: Callable[..., User], server: LocalServer
) -> None:
    user = make_user("reviewer")
    url = server.route("/ferry", body=PAGE.encode())
    policy = fetch_policy(consumers.app.config)
    job_id = consumers.queue(lambda s: importing.request_url_import(s, s.merge(user), url, policy))
    consumers.start()
    job = _wait(db, job_id, lambda j: j.done)
    assert job.state == JobState.SUCCEEDED and job.result and job.result["created"] is True, job.error
    assert job.lease_owner is None and job.attempts == 1


def test_a_consumer_killed_mid_job_loses_nothing_and_duplicates_nothing(
    consumers: Consumers, db: Session, make_user: Callable[..., User], server: LocalServer
) -> None:
    user = make_user("reviewer")
    claim = make_claim(db)
    db.commit()
    url = server.route("/slow", body=PAGE.encode(), delay=30)  # the first consumer dies while waiting on it
    job_id = consumers.queue(lambda s: sources.request_attach(s, s.merge(user), s.merge(claim), url, stance="context"))
    first = consumers.start()
    running = _wait(db, job_id, lambda j: j.state == JobState.RUNNING and len(server.seen) == 1)
    assert running.attempts == 1
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    server.route("/slow", body=PAGE.encode())  # answers at once from now on
    time.sleep(LEASE + 0.5)  # the lease runs out: nobody renews it
    # The sweep before the new consumer starts: `flask jobs worker` sweeps when it starts too, and would
    # otherwise sometimes be the one to find the job.
    assert runner.sweep(consumers.app, queue_of(consumers.app).dispatch) == [job_id]
    consumers.start()
    job = _wait(db, job_id, lambda j: j.done)
    assert job.state == JobState.SUCCEEDED and job.attempts == 2
    assert db.scalar(select(func.count(Evidence.id)).where(Evidence.claim_id == claim.id)) == 1
    assert db.scalar(select(func.count(Source.id)).where(Source.url == url)) == 1
    assert len(server.seen) == 2
