"""Each person's inbox of notifications; the count of unread ones is shown in every staff page's menu."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.common import EmptyForm
from factcheck.services import notifications
from factcheck.views.helpers import require
from factcheck.views.team.blueprint import bp


@bp.app_context_processor
def unread_inbox() -> dict[str, object]:
    def count() -> int:
        if not policy.can_view_work(current_user):
            return 0
        return notifications.unread_count(db.session(), current_user)

    return {"inbox_unread": count}


@bp.get("/inbox")
@require(policy.can_view_work)
def inbox() -> str:
    items = notifications.inbox(db.session(), current_user)
    return render_template("team/inbox.html", items=items, form=EmptyForm(formdata=None))


@bp.post("/inbox/read")
@require(policy.can_view_work)
def inbox_read() -> Response:
    if EmptyForm().validate_on_submit():
        n = notifications.mark_read(db.session(), current_user)
        db.session.commit()
        flash(f"{n} notification{'' if n == 1 else 's'} marked as read.", "info")
    return redirect(url_for("team.inbox"))


@bp.post("/inbox/<int:notification_id>/read")
@require(policy.can_view_work)
def inbox_read_one(notification_id: int) -> Response:
    if EmptyForm().validate_on_submit():
        notifications.mark_read(db.session(), current_user, notification_id)
        db.session.commit()
    return redirect(url_for("team.inbox"))
