"""The Monitor page: new claims from the monitored outlets' feeds, "already checked" first, and accepting one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.feeds import AcceptForm
from factcheck.ids import parse_id
from factcheck.services import monitor
from factcheck.views.helpers import require
from factcheck.views.work.blueprint import bp
from factcheck.views.work.common import invalid, load_claim, now_iso, safe_next, version_guard


def _date(name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.args.get(name, "")[:10])
    except ValueError:
        return None


def filters_from_args() -> monitor.MonitorFilters:
    return monitor.MonitorFilters(
        feed_id=parse_id(request.args.get("feed", "")),
        outlet=request.args.get("outlet", "")[:200],
        speaker=request.args.get("speaker", "")[:200].strip(),
        date_from=_date("from"),
        date_to=_date("to"),
        page=request.args.get("page", 1, type=int) or 1,
    )


@bp.get("/monitor")
@require(policy.can_view_monitor)
def monitor_page() -> str:
    filters = filters_from_args()
    session = db.session()
    return render_template(
        "work/monitor.html",
        result=monitor.page(session, filters),
        filters=filters,
        feeds=monitor.feed_choices(session),
        outlets=monitor.outlet_choices(session),
        accept=AcceptForm(formdata=None, seen=now_iso()),
        per_page=monitor.PER_PAGE,
        cap=monitor.COUNT_CAP,
        failing=monitor.failing_feeds(session) if policy.can_manage_feeds(current_user) else 0,
    )


@bp.post("/monitor/<int:claim_id>/accept")
@require(policy.can_view_monitor)
def monitor_accept(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = AcceptForm()
    if not form.validate_on_submit():
        return invalid(form)
    with version_guard(claim, form):
        monitor.accept(db.session(), current_user, claim, form.version.data)
    db.session.commit()
    flash(f"Claim {claim.id} accepted for checking and assigned to you.", "info")
    return redirect(safe_next(url_for("work.monitor_page")))
