"""Running one job: lease its row, run its kind with the lease renewed in the background, commit the work and
`succeeded` together; on failure record the attempt and, if it is worth another, schedule it with backoff.

The runner is given the Flask app built by the factory (the consumer builds it once, `flask jobs worker`; in
tests and immediate mode it is the app serving the request). It uses the app for its config, its engine and an
app context (templates for PDF reports); the work itself gets a plain SQLAlchemy Session of its own, never the
request's `db.session`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from flask import Flask
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from factcheck import cpu
from factcheck.database import discard, transient_reason, unavailable_reason
from factcheck.models import Job, User
from factcheck.services import jobs
from factcheck.services.errors import DomainError
from factcheck.tasks.registry import TaskContext, load_kinds

log = logging.getLogger(__name__)
Dispatch = Callable[[list[int], dt.datetime | None], None]
T = TypeVar("T")
PATIENCE_S = 30.0  # how long the runner's own bookkeeping waits out a database restart before giving up


def owner_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}:{uuid.uuid4().hex[:8]}"


def _engine(app: Flask) -> Engine:
    from factcheck.extensions import db

    with app.app_context():
        return db.engine


def _renew(engine: Engine, job_id: int, owner: str, seconds: float, progress: float | None, note: str) -> bool:
    try:
        with Session(engine) as session, session.begin():
            return jobs.renew(session, job_id, owner, seconds, progress, note)
    except SQLAlchemyError as exc:  # a busy database: the next beat tries again
        log.warning("job %s: lease not renewed (%s)", job_id, exc)
        return True


def _patiently(engine: Engine, step: Callable[[Session], T], patience: float = PATIENCE_S) -> T:
    """Run one short bookkeeping transaction (take the lease, record a failure), trying again for up to
    `patience` seconds while the database restarts or is busy: if it gave up at once, a job whose work met the
    restart would stay leased until its lease ran out, and a job whose message came in during it would wait
    for the sweep's stale check."""
    pause, deadline = 0.1, time.monotonic() + patience
    while True:
        try:
            with Session(engine) as session, session.begin():
                return step(session)
        except SQLAlchemyError as exc:
            reason = unavailable_reason(exc) or transient_reason(exc)
            if reason is None or time.monotonic() + pause > deadline:
                raise
            log.warning("job bookkeeping: the database %s; trying again in %.1f s", reason, pause)
            time.sleep(pause)
            pause = min(pause * 2, 2.0)


@contextmanager
def heartbeat(engine: Engine, job_id: int, owner: str, seconds: float) -> Iterator[None]:
    """Renew the lease every third of its length while the block runs."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(seconds / 3):
            _renew(engine, job_id, owner, seconds, None, "")

    thread = threading.Thread(target=beat, name=f"lease-{job_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _lease(session: Session, job_id: int, owner: str, seconds: float) -> tuple[str | None, dt.datetime | None]:
    """The job's kind if this owner now holds its lease; else, if it waits for its retry time, that time."""
    job = jobs.take_lease(session, job_id, owner, seconds)
    if job is not None:
        return job.kind, None
    return None, jobs.not_due_until(session, job_id)


def run_job(app: Flask, job_id: int, dispatch: Dispatch) -> None:
    engine, owner = _engine(app), owner_name()
    seconds = float(app.config["JOB_LEASE_SECONDS"])
    kind, early = _patiently(engine, lambda session: _lease(session, job_id, owner, seconds))
    if early is not None:  # the queue's scheduler works to the second: its message can come before the retry time
        dispatch([job_id], early)
        return
    if kind is None:
        return  # done already, discarded, or running elsewhere
    kinds = load_kinds()
    error, transient = "", False
    with app.app_context(), heartbeat(engine, job_id, owner, seconds), Session(engine) as session:
        try:
            job = session.get(Job, job_id)  # a restart here is a failed attempt like any in the work
            handler = kinds.get(kind)
            if job is None:
                raise DomainError(f"job {job_id} was deleted while it ran")
            if handler is None:
                raise DomainError(f"no task is registered for the kind {kind!r}")
            context = TaskContext(
                session=session,
                job=job,
                config=app.config,
                actor=session.get(User, job.created_by_id) if job.created_by_id else None,
                report=lambda fraction, note: _renew(engine, job_id, owner, seconds, fraction, note),
            )
            with cpu.in_background():  # the job's computing yields the CPU; its writes do not
                outcome = handler(context)
            jobs.succeed(session, job_id, owner, outcome.result, outcome.output)
            session.commit()
            return
        except jobs.LeaseLost:
            discard(session)
            log.warning("job %s: lease lost to another consumer; its work was rolled back", job_id)
            return
        except DomainError as exc:  # the input is wrong: trying again will not help
            discard(session)
            error = str(exc)
        except jobs.TransientJobError as exc:
            discard(session)
            error, transient = str(exc), True
        except IntegrityError as exc:  # a concurrent writer won a unique key (one URL imported twice at once)
            discard(session)
            error, transient = f"a concurrent write came first ({exc.orig}); the next attempt reads it", True
        except Exception as exc:  # a bug or an outage: worth a few more attempts, then an admin's look
            discard(session)
            reason = transient_reason(exc) or unavailable_reason(exc)
            error, transient = (reason or f"{type(exc).__name__}: {exc}"), True
            if reason is None:
                log.exception("job %s (%s) failed", job_id, kind)
    due = _patiently(engine, lambda session: jobs.fail(session, job_id, owner, error, transient=transient))
    if due is not None:
        dispatch([job_id], due)


def sweep(app: Flask, dispatch: Dispatch) -> list[int]:
    """Put back jobs whose consumer died, and dispatch them (a periodic task, and `flask jobs sweep`)."""
    with Session(_engine(app)) as session, session.begin():
        ids = jobs.sweep(session)
    if ids:
        dispatch(ids, None)
    return ids
