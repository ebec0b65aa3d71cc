"""The review queue: filters, sorting, pagination, assignment and bulk actions."""

from __future__ import annotations

from typing import Any

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.claims.kinds import KINDS
from factcheck.extensions import db
from factcheck.forms.claims import AssignForm, BulkForm, choices
from factcheck.ids import parse_id
from factcheck.models import ClaimStatus, User
from factcheck.services import article_picker, claims, queue
from factcheck.services.errors import ValidationError
from factcheck.views.helpers import require
from factcheck.views.work.blueprint import bp
from factcheck.views.work.claim_desk import desk_context
from factcheck.views.work.common import conflict_page, invalid, load_claim, now_iso, safe_next, version_guard


def _float(name: str) -> float | None:
    try:
        value = float(request.args.get(name, ""))
    except ValueError:
        return None
    return min(max(value, 0.0), 1.0)


def filters_from_args() -> queue.QueueFilters:
    article_id, article_title = article_picker.parse(request.args.get("article", ""))
    assignee = request.args.get("assignee", "")
    if assignee == "me":
        assignee = str(current_user.id)
    return queue.QueueFilters(
        status=request.args.get("status", "")[:16],
        triage=t if (t := request.args.get("triage", "")) in queue.TRIAGES else "",
        kind=request.args.get("kind", "")[:16],
        article_id=article_id,
        article_title=article_title,
        outlet=request.args.get("outlet", "")[:200],
        assignee=assignee if assignee == "none" or parse_id(assignee) is not None else "",
        score_min=_float("score_min"),
        score_max=_float("score_max"),
        due=request.args.get("due") == "1",
        conflicts=request.args.get("conflicts") == "1",
        speaker=request.args.get("speaker", "")[:200],
        tag=request.args.get("tag", "")[:60],
        deadline=d if (d := request.args.get("deadline", "")) in queue.DEADLINES else "",
        sort=request.args.get("sort", "score"),
    )


@bp.get("/queue")
@require(policy.can_view_work)
def queue_page() -> str:
    filters = filters_from_args()
    page = request.args.get("page", 1, type=int) or 1
    after, before = request.args.get("after", "")[:400], request.args.get("before", "")[:400]
    result = queue.queue(db.session(), filters, page=page, after=after, before=before)
    bulk = BulkForm(formdata=None, seen=now_iso())
    bulk.assignee.choices = choices([("", "nobody")] + [(str(u.id), u.name) for u in result.reviewers])
    return render_template(
        "work/queue.html",
        q=result,
        bulk=bulk,
        statuses=list(ClaimStatus),
        triages=queue.TRIAGES,
        kinds=KINDS,
        sorts=queue.SORTS,
        seen=now_iso(),
        desk=desk_context(result),
    )


@bp.get("/articles/search")
@require(policy.can_view_work)
def article_search() -> Response:
    """The article picker's answers as JSON: [{"id", "title", "outlet", "label"}] (at most 20)."""
    found = article_picker.search(db.session(), request.args.get("q", ""))
    return jsonify([{"id": i, "title": t, "outlet": o, "label": f"#{i} · {t}"} for i, t, o in found])


def _assignee(value: str) -> User | None:
    if not value:
        return None
    user_id = parse_id(value)
    user = db.session.get(User, user_id) if user_id is not None else None
    if user is None or not user.active:
        raise ValidationError("Pick an active reviewer.", fields={"assignee": "unknown"})
    return user


@bp.post("/claims/<int:claim_id>/assign")
@require(policy.can_view_work)
def claim_assign(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = AssignForm()
    form.assignee.choices = choices([("", "nobody")] + [(str(u.id), u.name) for u in queue.reviewers(db.session())])
    if not form.validate_on_submit():
        return invalid(form)
    assignee = _assignee(form.assignee.data or "")
    with version_guard(claim, form):
        claims.assign(db.session(), current_user, claim, assignee, form.version.data)
    db.session.commit()
    flash(f"Claim {claim.id} assigned to {assignee.name if assignee else 'nobody'}.", "info")
    return redirect(safe_next(url_for("work.claim", claim_id=claim.id)))


def _parse_checked(values: list[str]) -> dict[int, int]:
    checked: dict[int, int] = {}
    for value in values:
        ident, _, version = value.partition(":")
        claim_id, claim_version = parse_id(ident), parse_id(version)
        if claim_id is None or claim_version is None:
            raise ValidationError("The selection is malformed; reload the queue.", fields={"claims": "malformed"})
        checked[claim_id] = claim_version
    return checked


def _bulk_conflict(exc: queue.BulkConflict, form: BulkForm, checked: dict[int, int]) -> tuple[str, int]:
    """The 409 page, with the ticked claims at their current versions so the action can be sent again."""
    db.session.rollback()
    fresh = {c.id: c.version for c in queue.claims_by_ids(db.session(), list(checked))}
    fields = [{"name": "claims", "label": "Claim", "value": f"{i}:{v}", "editable": False} for i, v in fresh.items()]
    fields += [
        {"name": "action", "label": "Action", "value": form.action.data, "editable": False},
        {"name": "assignee", "label": "Reviewer", "value": form.assignee.data or "", "editable": False},
    ]
    return conflict_page(exc.claim_id, form, fields=fields, message=exc.message)


@bp.post("/queue/bulk")
@require(policy.can_view_work)
def queue_bulk() -> Response | tuple[Any, int]:
    form = BulkForm()
    if not form.validate_on_submit():
        if form.is_submitted() and not form.claims.data and set(form.errors) == {"claims"}:
            # Nothing ticked: back to the queue as it was (its filters are in `next`), saying what to do.
            flash("Tick at least one claim in the queue, then choose what to do with them.", "warning")
            return redirect(safe_next(url_for("work.queue_page")))
        return invalid(form)
    checked = _parse_checked(form.claims.data or [])
    assignee = _assignee(form.assignee.data or "") if form.action.data == "assign" else None
    try:
        done = queue.bulk_update(db.session(), current_user, checked, form.action.data, assignee)
    except queue.BulkConflict as exc:
        return _bulk_conflict(exc, form, checked)
    db.session.commit()
    verb = f"assigned to {assignee.name if assignee else 'nobody'}" if form.action.data == "assign" else ""
    verb = verb or {"accept": "accepted for checking", "suggest": "put back among the suggestions"}.get(
        form.action.data, "dismissed"
    )
    flash(f"{len(done)} claim{'s' if len(done) != 1 else ''} {verb}.", "info")
    return redirect(safe_next(url_for("work.queue_page")))
