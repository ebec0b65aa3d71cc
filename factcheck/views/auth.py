"""Sign in and sign out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from factcheck.extensions import db, limiter
from factcheck.forms.auth import LoginForm
from factcheck.forms.common import EmptyForm
from factcheck.services import audit, logins, users
from factcheck.views.helpers import local_path

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    return local_path(target) or url_for("work.home")


def _login_limit() -> str:
    return str(current_app.config["LOGIN_RATE_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    _login_limit,
    methods=["POST"],
    error_message="Too many sign-in attempts from your address. Wait a minute and try again.",
)
def login() -> Response | str | tuple[str, int]:
    if current_user.is_authenticated:
        return redirect(url_for("work.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(db.session(), form.email.data or "", form.password.data or "")
        if user is None:
            audit.record(db.session(), None, "auth.login_failed", "user", None, {})
            db.session.commit()
            flash("That email and password do not match an active account.", "error")
            return render_template("auth/login.html", form=form), 401
        session.clear()  # no session fixation: a fresh session for the signed-in user
        logins.start(db.session(), user, current_app.config["REMEMBER_COOKIE_DURATION"])  # a new token each time
        login_user(user, remember=bool(form.remember.data))
        audit.record(db.session(), user, "auth.login", "user", user.id)
        db.session.commit()
        return redirect(_safe_next(request.args.get("next")))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.post("/logout")
def logout() -> Response:
    form = EmptyForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        logins.end(db.session(), current_user.login_token)  # copies of the cookies stop working too
        db.session.commit()
        logout_user()
        session.clear()
        flash("You are signed out.", "info")
    return redirect(url_for("public.home"))
