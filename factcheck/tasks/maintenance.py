"""The queue's own upkeep, on the consumer's schedule: finished jobs are deleted after a week (a report's PDF
with them), so the jobs table stays the size of the recent work."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from factcheck.services import jobs
from factcheck.tasks.registry import periodic


@periodic("purge_finished_jobs", minute="23", hour="*")
def purge_finished(session: Session, _config: Mapping[str, Any]) -> list[int]:
    jobs.purge(session)
    return []
