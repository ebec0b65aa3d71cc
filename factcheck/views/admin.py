"""Administration: the active rating scale, accounts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.common import EmptyForm
from factcheck.models import RatingScale
from factcheck.services import ratings, users
from factcheck.views.helpers import get_or_404, require

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.get("/")
@require(policy.can_manage_settings)
def index() -> str:
    scales = ratings.all_scales(db.session())
    people = users.all_users(db.session())
    return render_template("admin/index.html", scales=scales, people=people, form=EmptyForm())


@bp.post("/scales/<int:scale_id>/activate")
@require(policy.can_manage_settings)
def activate_scale(scale_id: int) -> Response:
    scale = get_or_404(RatingScale, scale_id)
    form = EmptyForm()
    if not form.validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("admin.index"))
    ratings.activate(db.session(), current_user, scale.id)
    db.session.commit()
    flash(f"“{scale.name}” is now the active rating scale.", "info")
    return redirect(url_for("admin.index"))
