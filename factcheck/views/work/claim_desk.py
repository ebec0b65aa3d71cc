"""The desk's details of a claim (speaker, kind, dates, tags, due date) edited on the claim page, and what the
queue shows of them (each row's tags; the speaker and tag filters' choices)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.claim_details import ClaimDetailsForm
from factcheck.services import claim_details, queue
from factcheck.services.errors import DomainError
from factcheck.views.helpers import refuse, require
from factcheck.views.work.blueprint import bp
from factcheck.views.work.claims import _render
from factcheck.views.work.common import load_claim, version_guard


@bp.post("/claims/<int:claim_id>/details")
@require(policy.can_view_work)
def claim_details_edit(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = ClaimDetailsForm()
    if not form.validate_on_submit():
        return _render(claim_id, 422, details=form)
    try:
        with version_guard(claim, form):
            changed = claim_details.edit_details(
                db.session(),
                current_user,
                claim,
                form.version.data,
                speaker=form.speaker.data or "",
                kind=form.kind.data or "",
                dates=form.dates.data or "",
                tags=form.tags.data or "",
                due_on=form.due_on.data,
            )
    except DomainError as exc:
        return _render(claim_id, refuse(form, exc, "speaker"), details=form)
    db.session.commit()
    what = ", ".join(k.replace("_on", " date") for k in changed)
    flash(f"Saved: {what}." if changed else "Nothing changed.", "info")
    return redirect(url_for("work.claim", claim_id=claim_id) + "#h-facts")


def desk_context(result: queue.QueuePage) -> dict[str, Any]:
    """For the queue page: the rows' tags, and the speakers and tags to filter by (three statements)."""
    session = db.session()
    return {
        "tags": claim_details.tags_of(session, [c.id for c in result.claims]),
        "speakers": claim_details.speaker_choices(session),
        "tag_choices": claim_details.tag_choices(session),
        "deadlines": queue.DEADLINES,
        "today": dt.datetime.now(dt.UTC).date(),
    }
