"""The jobs table's life cycle, with no queue and no Flask in it: enqueue, lease, progress, finish, retry, sweep.

A job is queued by a request (or a task) in that request's transaction; the queue only hears of it after the
commit (factcheck/tasks/queue.py dispatches `pending(session)`). A consumer takes a lease (`take_lease`, its own
short commit), renews it while it works, and writes `succeed` in the same transaction as the work. A job whose
lease ran out without finishing is put back by `sweep`; an attempt that failed on a transient error waits
`backoff(attempts)` and runs again, until `max_attempts`, after which it is `failed` and shown to admins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from factcheck.models import Job, JobState, User, utcnow
from factcheck.services import audit
from factcheck.services.errors import Conflict

PENDING = "factcheck.jobs.pending"  # session.info key: ids queued in this transaction, dispatched at commit
DEFAULT_LEASE_SECONDS = 60
DEFAULT_MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 5.0
BACKOFF_CAP_SECONDS = 600.0
KEEP_FINISHED = dt.timedelta(days=7)  # finished jobs (and their PDFs) are deleted after this
STALE_QUEUED = dt.timedelta(minutes=10)  # a queued job not started by then lost its message: dispatch it again


class TransientJobError(Exception):
    """Raised by a task when trying again later may work (the network, a busy database)."""


class LeaseLost(Exception):
    """The job's lease passed to another consumer (this one was too slow to renew it): do not write."""


def enqueue(
    session: Session,
    actor: User | None,
    kind: str,
    arguments: Mapping[str, Any],
    *,
    subject: tuple[str, int] | None = None,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    payload: bytes | None = None,
) -> Job:
    """Record a job; it is handed to the queue when this transaction commits. `payload` carries input too big
    for the JSON arguments (a long article's text); only the task reads it (a deferred column)."""
    job = Job(
        kind=kind,
        arguments=dict(arguments),
        payload=payload,
        state=JobState.QUEUED,
        max_attempts=max_attempts,
        subject_type=subject[0] if subject else None,
        subject_id=subject[1] if subject else None,
        created_by_id=actor.id if actor else None,
    )
    session.add(job)
    session.flush()
    session.info.setdefault(PENDING, []).append(job.id)
    return job


def pending(session: Session) -> list[int]:
    """The ids queued in the transaction that just ended (and forgets them)."""
    return list(session.info.pop(PENDING, None) or [])


def backoff(attempts: int) -> dt.timedelta:
    """5 s, 10 s, 20 s, ... up to 10 minutes after the n-th failed attempt."""
    return dt.timedelta(seconds=min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_CAP_SECONDS))


def take_lease(session: Session, job_id: int, owner: str, seconds: float, now: dt.datetime | None = None) -> Job | None:
    """Start the job for `owner` if it is due and nobody holds a live lease on it; None otherwise (it finished,
    was discarded, runs elsewhere, or waits for its retry time). One UPDATE, so two consumers never both win."""
    now = now or utcnow()
    due = and_(Job.state == JobState.QUEUED, or_(Job.run_after.is_(None), Job.run_after <= now))
    orphaned = and_(Job.state == JobState.RUNNING, Job.lease_expires_at < now)
    taken = session.execute(
        update(Job)
        .where(Job.id == job_id, or_(due, orphaned), Job.attempts < Job.max_attempts)
        .values(
            state=JobState.RUNNING,
            lease_owner=owner,
            lease_expires_at=now + dt.timedelta(seconds=seconds),
            attempts=Job.attempts + 1,
            started_at=func.coalesce(Job.started_at, now),
            run_after=None,
        )
        .execution_options(synchronize_session=False)
    )
    job = session.get(Job, job_id, populate_existing=True)
    if taken.rowcount != 1:  # type: ignore[attr-defined]
        # Taken already by this very owner: a retried lease whose first commit went through unacknowledged.
        mine = job is not None and job.state == JobState.RUNNING and job.lease_owner == owner
        return job if mine else None
    return job


def not_due_until(session: Session, job_id: int, now: dt.datetime | None = None) -> dt.datetime | None:
    """When a queued job waiting for its retry time becomes due; None if it is not such a job."""
    job = session.get(Job, job_id, populate_existing=True)
    now = now or utcnow()
    if job is None or job.state != JobState.QUEUED or job.run_after is None or job.attempts >= job.max_attempts:
        return None
    return job.run_after if job.run_after > now else None


def renew(
    session: Session, job_id: int, owner: str, seconds: float, progress: float | None = None, note: str = ""
) -> bool:
    """Extend the lease (and record progress); False when the lease is no longer this owner's."""
    values: dict[str, Any] = {"lease_expires_at": utcnow() + dt.timedelta(seconds=seconds)}
    if progress is not None:
        values |= {"progress": max(0.0, min(1.0, progress)), "progress_note": note[:200]}
    done = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.lease_owner == owner, Job.state == JobState.RUNNING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]


def succeed(session: Session, job_id: int, owner: str, result: Mapping[str, Any], output: bytes | None = None) -> None:
    """Mark the job done in the work's own transaction; raises LeaseLost (roll back) if it is no longer ours."""
    done = session.execute(
        update(Job)
        .where(Job.id == job_id, Job.lease_owner == owner, Job.state == JobState.RUNNING)
        .values(
            state=JobState.SUCCEEDED,
            result=dict(result),
            output=output,
            error=None,
            progress=1.0,
            lease_owner=None,
            lease_expires_at=None,
            finished_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(f"job {job_id} is no longer leased to {owner}")


def fail(session: Session, job_id: int, owner: str, error: str, *, transient: bool) -> dt.datetime | None:
    """Record a failed attempt. Transient and attempts left: queued again with backoff, and the time it is due is
    returned (dispatch it for then). Otherwise the job is `failed` for good and None is returned."""
    job = session.get(Job, job_id, populate_existing=True)
    if job is not None and job.state == JobState.QUEUED and job.lease_owner is None and job.run_after is not None:
        return job.run_after  # recorded already (a retried write whose first commit was not acknowledged)
    if job is None or job.lease_owner != owner or job.state != JobState.RUNNING:
        return None
    job.error, job.lease_owner, job.lease_expires_at = error[:10_000], None, None
    if transient and job.attempts < job.max_attempts:
        job.state, job.run_after = JobState.QUEUED, utcnow() + backoff(job.attempts)
        session.flush()
        return job.run_after
    job.state, job.finished_at = JobState.FAILED, utcnow()
    session.flush()
    return None


def sweep(session: Session, now: dt.datetime | None = None) -> list[int]:
    """Put back the jobs whose consumer died (lease expired): queued again, or failed when out of attempts.
    Returns the ids to dispatch: those put back, and queued jobs that are due but were never picked up.

    Each job returned is marked due from `now` (run_after): it is dispatched again only if it then waits another
    STALE_QUEUED, so a backlog longer than that gets one more message per job every ten minutes, not every
    minute."""
    now = now or utcnow()
    expired = list(
        session.scalars(select(Job).where(Job.state == JobState.RUNNING, Job.lease_expires_at < now).order_by(Job.id))
    )
    for job in expired:
        job.lease_owner, job.lease_expires_at = None, None
        if job.attempts >= job.max_attempts:
            job.state, job.finished_at = JobState.FAILED, now
            job.error = f"the consumer stopped during each of {job.attempts} attempts (lease expired)"
        else:
            job.state, job.run_after = JobState.QUEUED, now
    session.flush()
    stale = list(
        session.scalars(
            select(Job.id).where(
                Job.state == JobState.QUEUED,
                or_(
                    and_(Job.run_after.is_(None), Job.created_at < now - STALE_QUEUED),
                    Job.run_after < now - STALE_QUEUED,
                ),
            )
        )
    )
    if stale:
        session.execute(
            update(Job).where(Job.id.in_(stale)).values(run_after=now).execution_options(synchronize_session=False)
        )
    again = [job.id for job in expired if job.state == JobState.QUEUED]
    return sorted({*again, *stale})


def retry(session: Session, actor: User | None, job: Job) -> Job:
    """An admin's "try again" on a failed or discarded job: a fresh set of attempts."""
    if job.state not in (JobState.FAILED, JobState.DISCARDED):
        raise Conflict(f"Job {job.id} is {job.state}: only failed or discarded jobs can be retried.")
    job.state, job.attempts, job.run_after, job.finished_at = JobState.QUEUED, 0, None, None
    job.progress, job.progress_note = 0.0, ""
    session.flush()
    session.info.setdefault(PENDING, []).append(job.id)
    audit.record(session, actor, "job.retry", "job", job.id, {"kind": job.kind})
    return job


def discard(session: Session, actor: User | None, job: Job) -> Job:
    """An admin gives up on a queued or failed job: it will not run again."""
    if job.state not in (JobState.QUEUED, JobState.FAILED):
        raise Conflict(f"Job {job.id} is {job.state}: only queued or failed jobs can be discarded.")
    job.state, job.finished_at, job.lease_owner, job.lease_expires_at = JobState.DISCARDED, utcnow(), None, None
    session.flush()
    audit.record(session, actor, "job.discard", "job", job.id, {"kind": job.kind})
    return job


def purge(session: Session, *, keep: dt.timedelta = KEEP_FINISHED, now: dt.datetime | None = None) -> int:
    """Delete jobs that succeeded or were discarded more than `keep` ago (their results and files with them);
    failed jobs stay until an admin retries or discards them."""
    cutoff = (now or utcnow()) - keep
    done = session.execute(
        delete(Job)
        .where(Job.state.in_([JobState.SUCCEEDED, JobState.DISCARDED]), Job.finished_at < cutoff)
        .execution_options(synchronize_session=False)
    )
    return int(done.rowcount)  # type: ignore[attr-defined]


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Job.state, func.count()).group_by(Job.state))
    found = {str(state): int(n) for state, n in rows}
    return {str(state): found.get(str(state), 0) for state in JobState}


def in_state(session: Session, state: JobState, limit: int = 100) -> list[Job]:
    stmt = select(Job).where(Job.state == state).order_by(Job.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def active_for(session: Session, subject_type: str, subject_id: int) -> list[Job]:
    """Jobs about this object still waiting or running, and those that failed (until an admin retries or
    discards them): the claim page's "fetching…" and "could not attach" rows."""
    stmt = (
        select(Job)
        .where(
            Job.subject_type == subject_type,
            Job.subject_id == subject_id,
            Job.state.in_([JobState.QUEUED, JobState.RUNNING, JobState.FAILED]),
        )
        .order_by(Job.id)
    )
    return list(session.scalars(stmt))


def describe(job: Job) -> dict[str, Any]:
    """The job as the status endpoints show it."""
    return {
        "id": job.id,
        "kind": job.kind,
        "state": str(job.state),
        "done": job.done,
        "progress": round(job.progress, 3),
        "progress_note": job.progress_note,
        "attempts": job.attempts,
        "max_attempts": job.max_attempts,
        "result": job.result,
        "error": job.error,
        "created_at": job.created_at.isoformat(),
        "started_at": job.started_at.isoformat() if job.started_at else None,
        "finished_at": job.finished_at.isoformat() if job.finished_at else None,
    }
