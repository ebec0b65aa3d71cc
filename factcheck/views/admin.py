"""Administration: the active rating scale, accounts."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.common import EmptyForm
from factcheck.forms.ratings import ROWS, ScaleForm
from factcheck.ids import parse_id
from factcheck.models import RatingScale
from factcheck.rating_icons import NAMES, name_of
from factcheck.services import rating_scales, ratings, users
from factcheck.services.errors import DomainError
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


def _rows(form: ScaleForm) -> list[rating_scales.RatingRow]:
    return [
        rating_scales.RatingRow(
            label=row.label.data or "",
            value=row.value.data,
            definition=row.definition.data or "",
            colour=(row.colour.data or "").strip(),
            icon=row.icon.data or "",
            rating_id=parse_id(row.rating_id.data or ""),
        )
        for row in (entry.form for entry in form.ratings)
    ]


def _scale_page(form: ScaleForm, scale: RatingScale | None, status: int = 200, error: str = "") -> tuple[str, int]:
    return render_template("admin/scale.html", form=form, scale=scale, icons=NAMES, error=error), status


@bp.route("/scales/new", methods=["GET", "POST"])
@require(policy.can_manage_settings)
def new_scale() -> Response | tuple[str, int]:
    result = _save_scale(None)
    if not isinstance(result, RatingScale):
        return result
    db.session.commit()
    flash(f"“{result.name}” is saved.", "info")
    return redirect(url_for("admin.index"))


@bp.route("/scales/<int:scale_id>/edit", methods=["GET", "POST"])
@require(policy.can_manage_settings)
def edit_scale(scale_id: int) -> Response | tuple[str, int]:
    result = _save_scale(get_or_404(RatingScale, scale_id))
    if not isinstance(result, RatingScale):
        return result
    db.session.commit()
    flash(f"“{result.name}” is saved.", "info")
    return redirect(url_for("admin.index"))


def _save_scale(scale: RatingScale | None) -> RatingScale | tuple[str, int]:
    """The form page (GET, or input refused), or the saved scale for the route to commit."""
    if request.method == "GET":
        rows = [
            {"rating_id": str(r.id), "label": r.label, "value": r.value, "definition": r.definition}
            | {"colour": r.colour, "icon": name_of(r.icon) or "check"}
            for r in (scale.ratings if scale else [])
        ]
        data = {"name": scale.name if scale else "", "description": scale.description if scale else ""}
        form = ScaleForm(formdata=None, data=data | {"ratings": rows + [{}] * (ROWS - len(rows))})
        return _scale_page(form, scale)
    form = ScaleForm()
    if not form.validate_on_submit():
        return _scale_page(form, scale, 422)
    try:
        return rating_scales.save_scale(
            db.session(),
            current_user,
            scale,
            name=form.name.data or "",
            description=form.description.data or "",
            rows=_rows(form),
        )
    except DomainError as exc:
        db.session.rollback()
        return _scale_page(form, scale, exc.status, exc.message)
