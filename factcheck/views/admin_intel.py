"""Administration of claim intelligence: importing other fact-checkers' ClaimReviews (bad records reported and
skipped), and the learned ranker (what it learns from, its versions, training, switching versions, reset)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.forms.admin import ClaimReviewFileForm, ClaimReviewUrlForm
from factcheck.forms.common import EmptyForm
from factcheck.services import external_checks, ranker_admin, ranking
from factcheck.services.errors import DomainError, ValidationError
from factcheck.services.external_checks import ImportReport
from factcheck.views.helpers import refuse, require

bp = Blueprint("admin_intel", __name__, url_prefix="/admin")
SHOWN_PROBLEMS = 50


def _claimreview_page(
    status: int = 200,
    *,
    report: ImportReport | None = None,
    upload: ClaimReviewFileForm | None = None,
    url: ClaimReviewUrlForm | None = None,
) -> tuple[str, int]:
    return render_template(
        "admin/claimreview.html",
        report=report,
        shown=SHOWN_PROBLEMS,
        stored=external_checks.count(db.session()),
        upload=upload or ClaimReviewFileForm(formdata=None),
        url=url or ClaimReviewUrlForm(formdata=None),
    ), status


@bp.get("/claimreview")
@require(policy.can_manage_settings)
def claimreview_page() -> tuple[str, int]:
    return _claimreview_page()


@bp.post("/claimreview/file")
@require(policy.can_manage_settings)
def claimreview_file() -> tuple[str, int]:
    form = ClaimReviewFileForm()
    if not form.validate_on_submit():
        return _claimreview_page(422, upload=form)
    report = external_checks.import_upload(db.session(), form.file.data.read())
    db.session.commit()
    return _claimreview_page(report=report)


@bp.post("/claimreview/url")
@require(policy.can_manage_settings)
def claimreview_url() -> tuple[str, int]:
    form = ClaimReviewUrlForm()
    if not form.validate_on_submit():
        return _claimreview_page(422, url=form)
    try:
        report = external_checks.import_url(db.session(), form.url.data or "", fetch_policy(current_app.config))
    except DomainError as exc:
        return _claimreview_page(refuse(form, exc, "url"), url=form)
    db.session.commit()
    return _claimreview_page(report=report)


@bp.get("/ranker")
@require(policy.can_manage_settings)
def ranker_page() -> str:
    return render_template("admin/ranker.html", r=ranker_admin.state(db.session()), form=EmptyForm())


def _refused(exc: DomainError) -> Response:
    db.session.rollback()
    flash(exc.message, "error")
    return redirect(url_for("admin_intel.ranker_page"))


def _done(message: str) -> Response:
    flash(message, "info")
    return redirect(url_for("admin_intel.ranker_page"))


@bp.post("/ranker/train")
@require(policy.can_manage_settings)
def ranker_train() -> Response:
    if not EmptyForm().validate_on_submit():
        return _refused(ValidationError("The form expired; try again."))
    grid = ranking.grid_named(current_app.config["RANKER_GRID"])
    try:
        outcome = ranker_admin.train(db.session(), current_user, grid)
    except DomainError as exc:
        return _refused(exc)
    db.session.commit()
    return _done(f"Version {outcome.model.id if outcome.model else '?'} trained: {outcome.reason}.")


@bp.post("/ranker/versions/<int:model_id>/activate")
@require(policy.can_manage_settings)
def ranker_activate(model_id: int) -> Response:
    if not EmptyForm().validate_on_submit():
        return _refused(ValidationError("The form expired; try again."))
    try:
        model = ranker_admin.activate(db.session(), current_user, model_id)
    except DomainError as exc:
        return _refused(exc)
    db.session.commit()
    return _done(f"Version {model.id} now ranks the queue.")


@bp.post("/ranker/reset")
@require(policy.can_manage_settings)
def ranker_reset() -> Response:
    if not EmptyForm().validate_on_submit():
        return _refused(ValidationError("The form expired; try again."))
    count = ranker_admin.reset(db.session(), current_user)
    db.session.commit()
    return _done(f"Learned ranker switched off ({count} active); the default scorer ranks the queue.")
