"""Link checks on the consumer's schedule: every hour, queue a check of each published check's source not
checked for a day; each check job re-fetches one source (no lock held) and records what changed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from factcheck.config import fetch_policy
from factcheck.models import Source
from factcheck.services import link_checks
from factcheck.services.errors import NotFound
from factcheck.tasks.registry import Outcome, TaskContext, periodic, task


@periodic("link_checks", minute="41", hour="*")
def queue_link_checks(session: Session, _config: Mapping[str, Any]) -> list[int]:
    return [job.id for job in link_checks.queue_due(session)]


@task(link_checks.CHECK_JOB)
def check(ctx: TaskContext) -> Outcome:
    source = ctx.session.get(Source, int(ctx.args["source_id"]))
    if source is None:
        raise NotFound(f"Source {ctx.args['source_id']} no longer exists.")
    before = link_checks.last_seen(ctx.session, source)
    found = link_checks.probe(source, before, fetch_policy(ctx.config))
    row = link_checks.record(ctx.session, source, found)
    return Outcome({"source_id": source.id, "change": str(row.change) if row else None, "status": found.http_status})
