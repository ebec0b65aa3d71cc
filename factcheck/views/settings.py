"""Admins edit the organisation pages (about, team, funding, contact, methodology) and the ClaimReview author."""

from __future__ import annotations

import zoneinfo

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.publish import SettingsForm
from factcheck.services import settings
from factcheck.services.errors import DomainError
from factcheck.views.helpers import refuse, require

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.route("/", methods=["GET", "POST"])
@require(policy.can_manage_settings)
def edit() -> Response | tuple[str, int]:
    form = SettingsForm(data=settings.all_settings(db.session()) if request.method == "GET" else None)
    zones = sorted(zoneinfo.available_timezones())
    if not form.validate_on_submit():
        return render_template(
            "settings/edit.html", form=form, timezones=zones
        ), 422 if request.method == "POST" else 200
    values = {key: str(getattr(form, key).data or "") for key in settings.FIELDS}
    try:
        changed = settings.update(db.session(), current_user, values)
    except DomainError as exc:
        status = refuse(form, exc, "timezone")
        return render_template("settings/edit.html", form=form, timezones=zones), status
    db.session.commit()
    flash(f"Saved ({len(changed)} changed).", "info")
    return redirect(url_for("settings.edit"))
