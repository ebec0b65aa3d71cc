"""Administration of outgoing webhooks: list, create (the secret shown once), edit, delete, rotate the secret,
send a test, and each hook's delivery log (every attempt with its answer).

Creating a hook or rotating its secret redirects to the page that shows the secret (post/redirect/get): the
session remembers which hook's secret may be shown, once, and never the secret itself. Reloading that page, or
going back, shows nothing more and repeats nothing (a reload of the create form's answer used to create a
second hook)."""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, session, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.forms.common import EmptyForm
from factcheck.forms.webhooks import WebhookForm
from factcheck.models import Webhook
from factcheck.services import webhooks
from factcheck.services.errors import DomainError
from factcheck.views.admin import bp
from factcheck.views.helpers import get_or_404, refuse, require

_SHOW_SECRET = "hook_secret_once"  # session key: {"id": hook id, "created": bool}, popped by the page that shows it


def _to_secret_page(hook: Webhook, created: bool) -> Response:
    session[_SHOW_SECRET] = {"id": hook.id, "created": created}
    return redirect(url_for("admin.hook_secret", hook_id=hook.id))


def _fields(form: WebhookForm) -> dict[str, Any]:
    """What the hook form says, as webhooks.create and webhooks.update take it."""
    return {
        "name": form.name.data or "",
        "url": form.url.data or "",
        "events": form.events.data or [],
        "payload_format": form.payload_format.data or "json",
        "policy": fetch_policy(current_app.config),
        "active": bool(form.active.data),
    }


@bp.get("/hooks")
@require(policy.can_manage_webhooks)
def hooks_page() -> str:
    return render_template("admin/hooks.html", hooks=webhooks.all_hooks(db.session()), events=webhooks.EVENTS)


@bp.route("/hooks/new", methods=["GET", "POST"])
@require(policy.can_manage_webhooks)
def hook_new() -> Response | tuple[str, int]:
    form, status = WebhookForm(), 200
    if form.validate_on_submit():
        try:
            hook, _secret = webhooks.create(db.session(), current_user, **_fields(form))
        except DomainError as exc:
            status = refuse(form, exc, "url")
        else:
            db.session.commit()
            return _to_secret_page(hook, created=True)
    elif form.is_submitted():
        status = 422
    return render_template("admin/hook_form.html", form=form, hook=None), status


@bp.route("/hooks/<int:hook_id>/edit", methods=["GET", "POST"])
@require(policy.can_manage_webhooks)
def hook_edit(hook_id: int) -> Response | tuple[str, int]:
    hook = get_or_404(Webhook, hook_id)
    form, status = WebhookForm(obj=hook), 200
    if form.validate_on_submit():
        try:
            webhooks.update(db.session(), current_user, hook, **_fields(form))
        except DomainError as exc:
            status = refuse(form, exc, "url")
        else:
            db.session.commit()
            flash(f"Hook “{hook.name}” saved.", "info")
            return redirect(url_for("admin.hook_log", hook_id=hook.id))
    elif form.is_submitted():
        status = 422
    return render_template("admin/hook_form.html", form=form, hook=hook), status


@bp.get("/hooks/<int:hook_id>")
@require(policy.can_manage_webhooks)
def hook_log(hook_id: int) -> str:
    hook = get_or_404(Webhook, hook_id)
    log = webhooks.log(db.session(), hook)
    return render_template("admin/hook_log.html", hook=hook, log=log, events=webhooks.EVENTS, form=EmptyForm())


def _confirmed(hook: Webhook) -> Response | None:
    if EmptyForm().validate_on_submit():
        return None
    flash("The form expired; try again.", "error")
    return redirect(url_for("admin.hook_log", hook_id=hook.id))


@bp.post("/hooks/<int:hook_id>/test")
@require(policy.can_manage_webhooks)
def hook_test(hook_id: int) -> Response:
    hook = get_or_404(Webhook, hook_id)
    if (refused := _confirmed(hook)) is not None:
        return refused
    webhooks.ping(db.session(), current_user, hook)
    db.session.commit()  # the delivery's job is handed to the queue here
    flash("A test delivery (event “ping”) is on its way: its attempts appear below.", "info")
    return redirect(url_for("admin.hook_log", hook_id=hook.id))


@bp.post("/hooks/<int:hook_id>/secret")
@require(policy.can_manage_webhooks)
def hook_rotate(hook_id: int) -> Response:
    hook = get_or_404(Webhook, hook_id)
    if (refused := _confirmed(hook)) is not None:
        return refused
    webhooks.rotate_secret(db.session(), current_user, hook)
    db.session.commit()
    return _to_secret_page(hook, created=False)


@bp.get("/hooks/<int:hook_id>/secret")
@require(policy.can_manage_webhooks)
def hook_secret(hook_id: int) -> Response:
    """The one page that shows a secret in full, right after it was made: never cached, never shown again."""
    hook = get_or_404(Webhook, hook_id)
    shown = session.pop(_SHOW_SECRET, None)
    if not isinstance(shown, dict) or shown.get("id") != hook.id:
        flash("A secret is shown only once, right after it is made. Rotate it to get a new one.", "error")
        return redirect(url_for("admin.hook_log", hook_id=hook.id))
    created = bool(shown.get("created"))
    html = render_template("admin/hook_secret.html", hook=hook, secret=hook.secret, created=created)
    response = current_app.make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/hooks/<int:hook_id>/delete")
@require(policy.can_manage_webhooks)
def hook_delete(hook_id: int) -> Response:
    hook = get_or_404(Webhook, hook_id)
    if (refused := _confirmed(hook)) is not None:
        return refused
    name = hook.name
    webhooks.remove(db.session(), current_user, hook)
    db.session.commit()
    flash(f"Hook “{name}” and its delivery log deleted.", "info")
    return redirect(url_for("admin.hooks_page"))
