"""Which Huey the app gets, and the registry's hooks for the next kinds (feed polls, webhook deliveries, link
checks): a periodic task registered with @periodic runs on the consumer's schedule and queues jobs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from huey import MemoryHuey, PriorityRedisHuey, SqliteHuey
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extensions import db as flask_db
from factcheck.factory import create_app
from factcheck.models import Job, JobState
from factcheck.services import jobs
from factcheck.tasks.queue import JobQueue, build_huey, queue_of
from factcheck.tasks.registry import KINDS, PERIODIC, Outcome, TaskContext, periodic, task
from tests.tasks.test_consumer import _redis_or_skip


def test_the_queue_is_sqlite_in_the_instance_folder_redis_when_configured_memory_in_immediate_mode(
    tmp_path: Path,
) -> None:
    sqlite = build_huey({"INSTANCE_PATH": str(tmp_path)})
    assert isinstance(sqlite, SqliteHuey) and sqlite.storage.filename == str(tmp_path / "jobs-queue.db")
    redis = build_huey({"INSTANCE_PATH": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/9"})
    assert isinstance(redis, PriorityRedisHuey)
    immediate = build_huey({"INSTANCE_PATH": str(tmp_path), "JOBS_IMMEDIATE": True})
    assert isinstance(immediate, MemoryHuey) and immediate.immediate


@pytest.mark.parametrize("kind", ["sqlite", "redis"])
def test_periodic_tasks_and_swept_jobs_go_before_a_backlog(kind: str, tmp_path: Path, app: Flask) -> None:
    """A backlog of slow fetches must not hold up the lease sweep (a dead consumer's jobs wait for it) nor the
    feed polls: a consumer takes the periodic tasks first, then the jobs a sweep put back, then the rest in
    order."""
    config = {"INSTANCE_PATH": str(tmp_path)} | ({"REDIS_URL": _redis_or_skip()} if kind == "redis" else {})
    huey = build_huey(config)
    huey.flush()
    try:
        queue = JobQueue(app, huey)
        queue.dispatch([1, 2, 3])
        for due in huey.read_periodic(dt.datetime(2026, 1, 1, 0, 0)):  # what the consumer's scheduler does
            huey.enqueue(due)  # at 00:00: the sweep (every minute) and the feed polls (every five)
        queue.dispatch_swept([9])
        queue.dispatch([4])
        taken = []
        while (message := huey.dequeue()) is not None:
            taken.append(message.name if message.name != "run_job" else message.args[0])
        assert sorted(taken[:2]) == ["poll_due_feeds", "sweep_leases"]
        assert taken[2:] == [9, 1, 2, 3, 4]
    finally:
        huey.flush()


@pytest.fixture()
def hooked() -> Iterator[None]:
    @task("test.poll_feed")
    def poll(ctx: TaskContext) -> Outcome:
        return Outcome({"feed": ctx.args["feed"]})

    @periodic("test_poll_feeds", minute="*/5")
    def due_feeds(session: Session, config: Mapping[str, Any]) -> list[int]:
        return [jobs.enqueue(session, None, "test.poll_feed", {"feed": n}).id for n in (1, 2)]

    yield
    del KINDS["test.poll_feed"], PERIODIC["test_poll_feeds"]


def test_a_registered_periodic_task_is_scheduled_and_queues_jobs_that_run(
    hooked: None, app_config: dict[str, Any], db: Session, tmp_path: Path, app: Flask
) -> None:
    other = create_app(app_config | {"INSTANCE_PATH": str(tmp_path)})  # immediate mode, as in the tests
    try:
        queue = queue_of(other)
        scheduled = {t.name: t for t in queue.huey._registry.periodic_tasks}
        assert {"sweep_leases", "purge_finished_jobs", "test_poll_feeds"} <= set(scheduled)
        scheduled["test_poll_feeds"].execute()  # what the consumer runs every five minutes
    finally:
        with other.app_context():
            flask_db.engine.dispose()
    done = list(db.scalars(select(Job).order_by(Job.id)))
    assert [(j.kind, j.state, j.result) for j in done] == [
        ("test.poll_feed", JobState.SUCCEEDED, {"feed": 1}),
        ("test.poll_feed", JobState.SUCCEEDED, {"feed": 2}),
    ]
