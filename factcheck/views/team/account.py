"""One's own account: set a password from a one-time link, change one's password."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db, limiter
from factcheck.forms.team import ChangePasswordForm, SetPasswordForm
from factcheck.services import team
from factcheck.services.errors import DomainError
from factcheck.views.helpers import refuse, require
from factcheck.views.team.blueprint import bp


@bp.route("/account/welcome/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
def welcome(token: str) -> Response | tuple[str, int]:
    """The page a one-time link opens: choose a password, then sign in with it."""
    link = team.open_link(db.session(), token)
    if link is None:
        return render_template("team/welcome.html", link=None, form=None), 404
    form = SetPasswordForm()
    if not form.validate_on_submit():
        return render_template("team/welcome.html", link=link, form=form), 422 if form.is_submitted() else 200
    try:
        user = team.redeem(db.session(), token, form.password.data or "")
    except DomainError as exc:
        status = refuse(form, exc, "password")
        return render_template("team/welcome.html", link=team.open_link(db.session(), token), form=form), status
    db.session.commit()
    flash(f"Your password is set, {user.name}. Sign in with your email and the new password.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@require(policy.can_view_work)
def password() -> Response | tuple[str, int]:
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("team/password.html", form=form), 422 if form.is_submitted() else 200
    if not current_user.is_authenticated:
        abort(401)
    try:
        ended = team.change_own_password(
            db.session(),
            current_user,
            form.current.data or "",
            form.password.data or "",
            keep=current_user.login_token,
        )
    except DomainError as exc:
        status = refuse(form, exc, "password")
        return render_template("team/password.html", form=form), status
    db.session.commit()
    others = f" {ended} other sign-in{'' if ended == 1 else 's'} ended." if ended else ""
    flash(f"Your password is changed.{others}", "info")
    return redirect(url_for("work.home"))
