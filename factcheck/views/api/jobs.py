"""API v1 jobs: `GET /api/v1/jobs/<id>`, where a 202 answer's Location points (state, progress, result or
error), and the 202 answer itself for the endpoints that queue slow work."""

from __future__ import annotations

from typing import Any

from flask import Response, url_for

from factcheck import policy
from factcheck.models import Job, JobState
from factcheck.services import jobs
from factcheck.services.errors import NotFound
from factcheck.tasks.reports import REPORT_PDF_JOB
from factcheck.views.api.auth import allow, load, token_required
from factcheck.views.api.blueprint import bp
from factcheck.views.api.idempotency import answer


def job_json(job: Job) -> dict[str, Any]:
    has_file = job.kind == REPORT_PDF_JOB and job.state == JobState.SUCCEEDED
    return jobs.describe(job) | {
        "url": url_for("api.get_job", job_id=job.id),
        "file": url_for("api.job_file", job_id=job.id) if has_file else None,
    }


def accepted(job: Job) -> Response:
    """202 Accepted with a Location to the job (recorded under the request's Idempotency-Key, if any)."""
    return answer(job_json(job), 202, {"Location": url_for("api.get_job", job_id=job.id)})


@bp.get("/jobs/<int:job_id>")
@token_required
def get_job(job_id: int) -> dict[str, Any]:
    allow(policy.can_view_work)
    return job_json(load(Job, job_id))


@bp.get("/jobs/<int:job_id>/file")
@token_required
def job_file(job_id: int) -> Response:
    """What a job made (a report's PDF), once it succeeded."""
    allow(policy.can_view_reports)
    job = load(Job, job_id)
    if job.kind != REPORT_PDF_JOB or job.state != JobState.SUCCEEDED or job.output is None:
        raise NotFound(f"Job {job_id} has no file (yet).")
    name = str((job.result or {}).get("file_name") or "verdict-report.pdf")
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(job.output, content_type="application/pdf", headers=headers)
