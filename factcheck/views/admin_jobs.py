"""Administration of the job queue: the failed jobs (error, attempts) with retry and discard, and the counts."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.common import EmptyForm
from factcheck.models import Job, JobState, User
from factcheck.services import jobs
from factcheck.services.errors import DomainError
from factcheck.views.admin import bp
from factcheck.views.helpers import get_or_404, require


@bp.get("/jobs")
@require(policy.can_manage_settings)
def jobs_page() -> str:
    session = db.session()
    return render_template(
        "admin/jobs.html",
        counts=jobs.counts(session),
        failed=jobs.in_state(session, JobState.FAILED),
        running=jobs.in_state(session, JobState.RUNNING),
        form=EmptyForm(),
    )


def _refused(job: Job, change: Callable[[Session, User, Job], Job]) -> Response | None:
    """Check the form and apply the change; a redirect with the reason when refused, else None (commit next)."""
    message = "The form expired; try again."
    if EmptyForm().validate_on_submit():
        try:
            change(db.session(), current_user, job)
            return None
        except DomainError as exc:
            message = exc.message
    flash(message, "error")
    return redirect(url_for("admin.jobs_page"))


@bp.post("/jobs/<int:job_id>/retry")
@require(policy.can_manage_settings)
def job_retry(job_id: int) -> Response:
    job = get_or_404(Job, job_id)
    if (refused := _refused(job, jobs.retry)) is not None:
        return refused
    db.session.commit()  # the job is handed to the queue here
    flash(f"Job {job_id} ({job.kind}) queued again.", "info")
    return redirect(url_for("admin.jobs_page"))


@bp.post("/jobs/<int:job_id>/discard")
@require(policy.can_manage_settings)
def job_discard(job_id: int) -> Response:
    job = get_or_404(Job, job_id)
    if (refused := _refused(job, jobs.discard)) is not None:
        return refused
    db.session.commit()
    flash(f"Job {job_id} ({job.kind}) discarded.", "info")
    return redirect(url_for("admin.jobs_page"))
