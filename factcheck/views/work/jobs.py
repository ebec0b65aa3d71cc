"""A job's page and status for the browser: "importing…" with a progress bar that updates itself (static/js/
jobs.js polls the JSON), and, once it is done, the way on to what it made."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.models import Job, JobState
from factcheck.services import jobs
from factcheck.services.importing import IMPORT_TEXT_JOB, IMPORT_URL_JOB
from factcheck.services.sources import ATTACH_JOB
from factcheck.tasks.reports import REPORT_PDF_JOB
from factcheck.views.helpers import get_or_404, require
from factcheck.views.work.blueprint import bp

TITLES = {
    IMPORT_URL_JOB: "Importing the article",
    IMPORT_TEXT_JOB: "Importing the article",
    ATTACH_JOB: "Fetching the source",
    REPORT_PDF_JOB: "Making the PDF report",
}


def job_location(job: Job) -> str | None:
    """Where a finished job's work is seen: the article it imported, the claim it attached a source to."""
    result: dict[str, Any] = job.result or {}
    if job.kind == REPORT_PDF_JOB:
        return url_for("reports.job_file", job_id=job.id) if job.state == JobState.SUCCEEDED else None
    if job.kind in (IMPORT_URL_JOB, IMPORT_TEXT_JOB) and result.get("article_id"):
        return url_for("work.article", article_id=int(result["article_id"]))
    claim_id = result.get("claim_id") or (job.arguments.get("claim_id") if job.kind == ATTACH_JOB else None)
    if claim_id:
        return url_for("work.claim", claim_id=int(claim_id)) + "#evidence"
    return None


def job_message(job: Job) -> str:
    """The sentence a finished job leaves for the user (flashed on the page it leads to)."""
    result: dict[str, Any] = job.result or {}
    if job.state != JobState.SUCCEEDED:
        return f"{TITLES.get(job.kind, job.kind)} failed: {job.error or job.state}."
    if job.kind == ATTACH_JOB:
        if result.get("reopened"):
            return "Source attached. The claim was approved: it is back in review until an editor approves it again."
        if result.get("fetch_error"):
            return f"Source attached as unreachable: {result['fetch_error']}."
        if result.get("passage") and result.get("match_score") is not None:
            return f"Source attached; passage found in source (match {float(result['match_score']):.0f})."
        if result.get("passage"):
            return "Source attached; passage not found in the archived copy."
        return "Source attached."
    return str(result.get("message") or "Done.")


def job_status(job: Job) -> dict[str, Any]:
    return jobs.describe(job) | {"location": job_location(job), "message": job_message(job) if job.done else ""}


@bp.get("/jobs/<int:job_id>")
@require(policy.can_view_work)
def job_page(job_id: int) -> Response | str:
    job = get_or_404(Job, job_id)
    location = job_location(job)
    if job.state == JobState.SUCCEEDED and location and job.kind != REPORT_PDF_JOB:  # a PDF: a download link
        flash(job_message(job), "info")
        return redirect(location)
    return render_template("work/job.html", job=job, title=TITLES.get(job.kind, job.kind), location=location)


@bp.get("/jobs/<int:job_id>.json")
@require(policy.can_view_work)
def job_json(job_id: int) -> dict[str, Any]:
    return job_status(get_or_404(Job, job_id))
