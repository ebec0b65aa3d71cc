"""The jobs table's life cycle (services/jobs.py): leases, renewals, the sweep, failures with backoff, retry and
discard, and dispatch only after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.models import Job, JobState, User, utcnow
from factcheck.services import jobs
from factcheck.services.errors import Conflict


def _job(db: Session, **kw: object) -> Job:
    job = jobs.enqueue(db, None, "test.kind", {"n": 1}, **kw)  # type: ignore[arg-type]
    db.commit()
    return job


def test_enqueue_records_the_job_and_remembers_it_for_dispatch_until_the_transaction_ends(db: Session) -> None:
    job = jobs.enqueue(db, None, "test.kind", {"n": 1}, subject=("claim", 7))
    assert jobs.pending(db) == [job.id] and jobs.pending(db) == []
    db.rollback()
    again = jobs.enqueue(db, None, "test.kind", {"n": 2})
    db.rollback()
    assert jobs.pending(db) == [], "a rolled-back job is never dispatched"
    assert db.get(Job, again.id) is None


def test_one_lease_at_a_time_and_a_lapsed_lease_can_be_taken_over(db: Session) -> None:
    job = _job(db)
    first = jobs.take_lease(db, job.id, "a", 60)
    db.commit()
    assert first is not None and first.state == JobState.RUNNING and first.attempts == 1
    assert jobs.take_lease(db, job.id, "b", 60) is None, "a live lease is not taken twice"
    later = utcnow() + dt.timedelta(seconds=61)
    taken = jobs.take_lease(db, job.id, "b", 60, now=later)
    db.commit()
    assert taken is not None and taken.lease_owner == "b" and taken.attempts == 2
    assert jobs.renew(db, job.id, "a", 60) is False, "the old owner lost it"
    assert jobs.renew(db, job.id, "b", 60, progress=0.5, note="half") is True
    with pytest.raises(jobs.LeaseLost):
        jobs.succeed(db, job.id, "a", {"x": 1})
    jobs.succeed(db, job.id, "b", {"x": 1})
    db.commit()
    db.refresh(job)
    assert job.state == JobState.SUCCEEDED and job.result == {"x": 1} and job.progress == 1.0
    assert jobs.take_lease(db, job.id, "c", 60, now=later + dt.timedelta(hours=1)) is None, "done is done"


def test_the_sweep_puts_back_jobs_whose_consumer_died_and_fails_them_when_out_of_attempts(db: Session) -> None:
    alive, dead, exhausted = _job(db), _job(db), _job(db, max_attempts=1)
    for job in (alive, dead, exhausted):
        jobs.take_lease(db, job.id, "consumer", 60)
    db.commit()
    assert jobs.sweep(db) == []  # every lease is live
    soon = utcnow() + dt.timedelta(seconds=30)
    jobs.renew(db, alive.id, "consumer", 120)
    db.commit()
    assert jobs.sweep(db, now=soon + dt.timedelta(seconds=40)) == [dead.id]
    db.commit()
    for job in (alive, dead, exhausted):
        db.refresh(job)
    assert alive.state == JobState.RUNNING
    assert dead.state == JobState.QUEUED and dead.lease_owner is None
    assert exhausted.state == JobState.FAILED and "lease expired" in (exhausted.error or "")


def test_a_queued_job_nobody_picked_up_is_dispatched_again_every_ten_minutes_not_every_minute(db: Session) -> None:
    """Its message was lost (a flushed Redis), or it waits in a long backlog: the sweep dispatches it again once
    it has waited STALE_QUEUED, then not before it has waited that long again (each sweep runs every minute)."""
    waiting, fresh = _job(db), _job(db)
    db.execute(update(Job).where(Job.id == waiting.id).values(created_at=utcnow() - dt.timedelta(minutes=11)))
    db.commit()
    now = utcnow()
    assert jobs.sweep(db, now=now) == [waiting.id]
    db.commit()
    assert jobs.take_lease(db, waiting.id, "a", 60, now=now) is not None, "due at once"
    db.rollback()
    for minutes in range(1, 10):
        assert jobs.sweep(db, now=now + dt.timedelta(minutes=minutes)) == [], minutes
        db.commit()
    assert jobs.sweep(db, now=now + dt.timedelta(minutes=10, seconds=1)) == [waiting.id, fresh.id]
    db.commit()


def test_a_transient_failure_waits_with_backoff_and_the_last_attempt_fails_for_good(db: Session) -> None:
    job = _job(db, max_attempts=2)
    jobs.take_lease(db, job.id, "a", 60)
    before = utcnow()
    due = jobs.fail(db, job.id, "a", "connection refused", transient=True)
    after = utcnow()
    db.commit()
    assert due is not None and before + jobs.backoff(1) <= due <= after + jobs.backoff(1)
    assert jobs.take_lease(db, job.id, "a", 60) is None, "not before its retry time"
    assert jobs.take_lease(db, job.id, "a", 60, now=due + dt.timedelta(seconds=1)) is not None
    assert jobs.fail(db, job.id, "a", "connection refused", transient=True) is None
    db.commit()
    db.refresh(job)
    assert job.state == JobState.FAILED and job.attempts == 2 and job.error == "connection refused"
    assert [jobs.backoff(n).total_seconds() for n in (1, 2, 3, 10)] == [5, 10, 20, 600]


def test_a_permanent_failure_is_not_retried(db: Session) -> None:
    job = _job(db)
    jobs.take_lease(db, job.id, "a", 60)
    assert jobs.fail(db, job.id, "a", "the page is gone", transient=False) is None
    db.commit()
    db.refresh(job)
    assert job.state == JobState.FAILED and job.attempts == 1


def test_retry_and_discard(db: Session, make_user: Callable[..., User]) -> None:
    admin = make_user("admin")
    job = _job(db)
    with pytest.raises(Conflict):
        jobs.retry(db, admin, job)
    jobs.take_lease(db, job.id, "a", 60)
    jobs.fail(db, job.id, "a", "boom", transient=False)
    jobs.retry(db, admin, job)
    assert jobs.pending(db) == [job.id]
    db.commit()
    assert job.state == JobState.QUEUED and job.attempts == 0
    jobs.discard(db, admin, job)
    db.commit()
    assert job.state == JobState.DISCARDED and jobs.take_lease(db, job.id, "a", 60) is None
    with pytest.raises(Conflict):
        jobs.discard(db, admin, job)
    assert jobs.counts(db)["discarded"] == 1


def test_finished_jobs_are_purged_after_a_week_and_failed_ones_kept(db: Session) -> None:
    done, failed, recent = _job(db), _job(db), _job(db)
    kept = {failed.id, recent.id}
    for job, ok in ((done, True), (failed, False), (recent, True)):
        jobs.take_lease(db, job.id, "a", 60)
        if ok:
            jobs.succeed(db, job.id, "a", {}, output=b"%PDF-")
        else:
            jobs.fail(db, job.id, "a", "gone", transient=False)
    db.commit()
    week = utcnow() + jobs.KEEP_FINISHED
    db.execute(update(Job).where(Job.id == recent.id).values(finished_at=week))
    db.commit()
    assert jobs.purge(db, now=week + dt.timedelta(minutes=1)) == 1
    db.commit()
    assert set(db.scalars(select(Job.id))) == kept


def test_a_lease_or_a_failure_written_again_after_an_unacknowledged_commit_finds_its_own_write(db: Session) -> None:
    """The runner retries its bookkeeping when the database restarts; the first try may have committed with its
    answer lost. Taking the lease again finds this owner's lease (not "someone else's": the job would wait for
    the sweep), and recording the failure again gives the same retry time (else nothing would dispatch it)."""
    job = _job(db)
    first = jobs.take_lease(db, job.id, "consumer-1", 60)
    db.commit()
    again = jobs.take_lease(db, job.id, "consumer-1", 60)
    db.commit()
    assert first is not None and again is not None and again.attempts == 1, "one attempt, not two"
    assert jobs.take_lease(db, job.id, "consumer-2", 60) is None
    due = jobs.fail(db, job.id, "consumer-1", "server shut down", transient=True)
    db.commit()
    assert due is not None and jobs.fail(db, job.id, "consumer-1", "server shut down", transient=True) == due
    db.commit()
    stored = db.get(Job, job.id)
    assert stored is not None and stored.state == JobState.QUEUED and stored.attempts == 1
