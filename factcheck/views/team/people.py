"""Admins manage the team: invite, change roles, disable and enable, issue password-reset links."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.common import EmptyForm
from factcheck.forms.team import InviteForm, RoleForm
from factcheck.models import User
from factcheck.services import team, users
from factcheck.services.errors import DomainError
from factcheck.views.helpers import get_or_404, refuse, require
from factcheck.views.team.blueprint import bp
from factcheck.views.team.links import absolute, mail_configured, mail_link


def _page(
    invite: InviteForm | None = None, issued: tuple[User, str] | None = None, status: int = 200
) -> tuple[str, int]:
    session = db.session()
    people = users.all_users(session)
    page = render_template(
        "team/people.html",
        people=people,
        pending={p.id: team.pending_invitation(session, p) for p in people},
        invite=invite or InviteForm(formdata=None),
        role_form=RoleForm(formdata=None),
        form=EmptyForm(formdata=None),
        issued=issued,
        mail=mail_configured(),
    )
    return page, status


@bp.get("/admin/team")
@require(policy.can_manage_users)
def people() -> tuple[str, int]:
    return _page()


def _send_link(issued: team.IssuedLink) -> str:
    """The link's address, also queued by mail (sent after the commit when mail is configured)."""
    url = absolute("team.welcome", token=issued.token)
    mail_link(issued, url)
    return url


@bp.post("/admin/team/invite")
@require(policy.can_manage_users)
def invite() -> Response | tuple[str, int]:
    form = InviteForm()
    if not form.validate_on_submit():
        return _page(invite=form, status=422)
    try:
        issued = team.invite(
            db.session(), current_user, email=form.email.data or "", name=form.name.data or "", role=form.role.data
        )
    except DomainError as exc:
        return _page(invite=form, status=refuse(form, exc, "email"))
    url = _send_link(issued)
    db.session.commit()
    return _page(issued=(issued.user, url))


@bp.post("/admin/team/<int:user_id>/reset")
@require(policy.can_manage_users)
def reset(user_id: int) -> Response | tuple[str, int]:
    person = get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("team.people"))
    try:
        issued = team.reset_link(db.session(), current_user, person)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("team.people"))
    url = _send_link(issued)
    db.session.commit()
    return _page(issued=(issued.user, url))


@bp.post("/admin/team/<int:user_id>/role")
@require(policy.can_manage_users)
def set_role(user_id: int) -> Response:
    person = get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        flash("Pick a role: reviewer, editor or admin.", "error")
        return redirect(url_for("team.people"))
    try:
        team.set_role(db.session(), current_user, person, form.role.data)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("team.people"))
    db.session.commit()
    flash(f"{person.name} is now {person.role}.", "info")
    return redirect(url_for("team.people"))


@bp.post("/admin/team/<int:user_id>/active")
@require(policy.can_manage_users)
def set_active(user_id: int) -> Response:
    person = get_or_404(User, user_id)
    if not EmptyForm().validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("team.people"))
    try:
        team.set_active(db.session(), current_user, person, not person.active)
    except DomainError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return redirect(url_for("team.people"))
    db.session.commit()
    state = "enabled" if person.active else "disabled: their sign-ins ended and their API tokens stop working"
    flash(f"{person.name}'s account is {state}.", "info")
    return redirect(url_for("team.people"))
