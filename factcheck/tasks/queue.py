"""The Huey queue of this app: SqliteHuey in the instance folder by default (a real queue and a real consumer
process, no server), PriorityRedisHuey when FACTCHECK_REDIS_URL is set, and Huey's immediate mode when
JOBS_IMMEDIATE is set (tests: a job runs when its request commits).

Both queues take the highest priority first. The periodic tasks only look and queue or delete (the lease sweep,
feed polls, link checks, the purge): they go first, so a backlog of slow fetches never holds up putting a dead
consumer's jobs back or the next feed poll. The jobs a sweep puts back have waited longest: they go before new
ones.

Huey's messages carry a job id only; the jobs table is the truth (services/jobs.py). Jobs queued in a
transaction are dispatched when it commits (`after_commit` on every session), so the consumer never looks for
a row that is not there yet, and a rolled-back request queues nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, current_app, has_app_context
from huey import Huey, MemoryHuey, PriorityRedisHuey, SqliteHuey, crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from factcheck.services import jobs
from factcheck.tasks import runner
from factcheck.tasks.registry import PERIODIC, load_kinds

NAME = "factcheck"
# On Redis the queue is a sorted set, under its own name: the plain list an older RedisHuey left under NAME is
# never read again (its jobs are dispatched anew by the sweep's check for queued jobs nobody picked up).
REDIS_NAME = "factcheck.by-priority"
PERIODIC_PRIORITY = 100
SWEPT_PRIORITY = 50


class JobQueue:
    """The app's Huey and its two tasks: run one job, sweep expired leases (every minute), plus the registry's
    periodic tasks."""

    def __init__(self, app: Flask, huey: Huey) -> None:
        self.huey = huey
        self._run = huey.task(name="run_job")(lambda job_id: runner.run_job(app, job_id, self.dispatch))
        sweep = huey.periodic_task(crontab(minute="*"), name="sweep_leases", priority=PERIODIC_PRIORITY)
        self._sweep = sweep(lambda: runner.sweep(app, self.dispatch_swept))
        load_kinds()
        for item in PERIODIC.values():
            periodic = huey.periodic_task(crontab(**item.crontab), name=item.name, priority=PERIODIC_PRIORITY)
            periodic(self._periodic(app, item.name))

    def _periodic(self, app: Flask, name: str) -> Any:
        def run() -> None:
            from factcheck.extensions import db

            # Jobs it queues with jobs.enqueue are dispatched when this transaction commits (after_commit).
            with app.app_context(), Session(db.engine) as session, session.begin():
                PERIODIC[name].run(session, app.config)

        return run

    def dispatch(self, job_ids: list[int], eta: dt.datetime | None = None, priority: int = 0) -> None:
        for job_id in job_ids:
            if eta is None:
                self._run(job_id, priority=priority)
            else:
                self._run.schedule((job_id,), eta=eta.astimezone(dt.UTC).replace(tzinfo=None), priority=priority)

    def dispatch_swept(self, job_ids: list[int], eta: dt.datetime | None = None) -> None:
        """Dispatch the jobs a sweep put back ahead of those queued since (they have waited longest)."""
        self.dispatch(job_ids, eta, SWEPT_PRIORITY)

    def depth(self) -> dict[str, int]:
        return {"pending": self.huey.pending_count(), "scheduled": self.huey.scheduled_count()}


def build_huey(config: dict[str, Any]) -> Huey:
    if config.get("JOBS_IMMEDIATE"):
        return MemoryHuey(NAME, immediate=True, results=False)
    if config.get("REDIS_URL"):
        return PriorityRedisHuey(REDIS_NAME, url=config["REDIS_URL"], results=False, utc=True)
    path = Path(config["INSTANCE_PATH"]) / "jobs-queue.db"
    return SqliteHuey(NAME, filename=str(path), results=False, utc=True)


def _dispatch_after_commit(session: Session) -> None:
    ids = jobs.pending(session)
    if ids and has_app_context():
        queue: JobQueue | None = current_app.extensions.get("jobs")
        if queue is not None:
            queue.dispatch(ids)
    # Without an app (a bare script's session) the rows stay queued: the sweep dispatches them.


def _forget_after_rollback(session: Session) -> None:
    jobs.pending(session)


def install(app: Flask) -> JobQueue:
    queue = JobQueue(app, build_huey(dict(app.config)))
    app.extensions["jobs"] = queue
    if not event.contains(Session, "after_commit", _dispatch_after_commit):
        event.listen(Session, "after_commit", _dispatch_after_commit)
        event.listen(Session, "after_rollback", _forget_after_rollback)
    return queue


def readiness_check(queue: JobQueue) -> Callable[[], str | None]:
    """`/readyz`'s "queue" check: the queue's storage answers (SQLite file or Redis)."""

    def check() -> str | None:
        queue.huey.pending_count()
        return None

    return check


def queue_of(app: Flask) -> JobQueue:
    found: JobQueue = app.extensions["jobs"]
    return found
