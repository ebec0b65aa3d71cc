"""Administration of the job queue: the failed jobs (error, attempts) with retry and discard, and the counts."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.common import EmptyForm
from factcheck.models import Job, JobState
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


def _act(job_id: int, verb: str) -> Response:
    job = get_or_404(Job, job_id)
    if not EmptyForm().validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("admin.jobs_page"))
    try:
        (jobs.retry if verb == "retry" else jobs.discard)(db.session(), current_user, job)
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("admin.jobs_page"))
    db.session.commit()  # a retried job is handed to the queue here
    flash(f"Job {job_id} ({job.kind}) {'queued again' if verb == 'retry' else 'discarded'}.", "info")
    return redirect(url_for("admin.jobs_page"))


@bp.post("/jobs/<int:job_id>/retry")
@require(policy.can_manage_settings)
def job_retry(job_id: int) -> Response:
    return _act(job_id, "retry")


@bp.post("/jobs/<int:job_id>/discard")
@require(policy.can_manage_settings)
def job_discard(job_id: int) -> Response:
    return _act(job_id, "discard")
