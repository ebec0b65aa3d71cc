"""`flask jobs worker|status|sweep|retry ID|discard ID|embed`: the job queue's consumer and its admin commands."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

from factcheck.extensions import db
from factcheck.models import Job, JobState
from factcheck.services import jobs
from factcheck.services.errors import DomainError
from factcheck.tasks import runner
from factcheck.tasks.claims import EMBED_JOB
from factcheck.tasks.queue import queue_of

jobs_cli = AppGroup("jobs", help="The background job queue: run a consumer, look at it, retry or discard jobs.")


@jobs_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time (threads).")
def worker(workers: int) -> None:
    """Run a consumer until Ctrl-C or SIGTERM: it runs queued jobs and the periodic sweep of expired leases."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    queue = queue_of(current_app)
    if queue.huey.immediate:
        raise click.ClickException("JOBS_IMMEDIATE is set: jobs run in the web process, there is nothing to consume.")
    swept = runner.sweep(current_app._get_current_object(), queue.dispatch_swept)  # type: ignore[attr-defined]
    click.echo(f"consumer on {type(queue.huey).__name__}; {len(swept)} orphaned jobs put back", err=True)
    consumer = queue.huey.create_consumer(
        workers=workers, worker_type="thread", periodic=True, check_worker_health=True
    )
    consumer.run()


@jobs_cli.command("status")
def status() -> None:
    """Queue depth, running jobs and failed jobs."""
    queue = queue_of(current_app)
    depth = queue.depth()
    session = db.session()
    counts = jobs.counts(session)
    click.echo(f"queue: {depth['pending']} messages waiting, {depth['scheduled']} scheduled (retries)")
    click.echo("jobs: " + ", ".join(f"{n} {state}" for state, n in counts.items()))
    for title, state in (("running", JobState.RUNNING), ("failed", JobState.FAILED)):
        rows = jobs.in_state(session, state, limit=20)
        if rows:
            click.echo(f"{title}:")
        for job in rows:
            detail = f"lease until {job.lease_expires_at:%H:%M:%S} ({job.lease_owner})" if job.lease_expires_at else ""
            if state == JobState.FAILED:
                detail = (job.error or "").splitlines()[0][:120] if job.error else ""
            click.echo(f"  #{job.id} {job.kind} attempt {job.attempts}/{job.max_attempts} {detail}")


@jobs_cli.command("embed")
@click.option("--all", "everything", is_flag=True, help="Also re-embed claims whose text changed since.")
def embed(everything: bool) -> None:
    """Queue the claims' sentence vectors (those missing; --all: every claim checked) as a background job."""
    job = jobs.enqueue(db.session(), None, EMBED_JOB, {"all": everything})
    db.session.commit()
    click.echo(f"job {job.id} queued: claim vectors")


@jobs_cli.command("sweep")
def sweep() -> None:
    """Put back now the jobs whose consumer died (the consumer does it every minute)."""
    ids = runner.sweep(current_app._get_current_object(), queue_of(current_app).dispatch_swept)  # type: ignore[attr-defined]
    click.echo(f"{len(ids)} jobs dispatched again" + (f": {', '.join(map(str, ids))}" if ids else ""))


def _job(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None:
        raise click.ClickException(f"There is no job {job_id}.")
    return job


@jobs_cli.command("retry")
@click.argument("job_id", type=int)
def retry(job_id: int) -> None:
    """Run a failed or discarded job again, with a fresh set of attempts."""
    try:
        jobs.retry(db.session(), None, _job(job_id))
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"job {job_id} queued again")


@jobs_cli.command("discard")
@click.argument("job_id", type=int)
def discard(job_id: int) -> None:
    """Give up on a queued or failed job."""
    try:
        jobs.discard(db.session(), None, _job(job_id))
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(f"job {job_id} discarded")
