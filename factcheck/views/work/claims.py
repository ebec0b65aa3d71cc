"""The claim page: the claim in context, sources and evidence, the verdict workflow, comments, history."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.claims import AssignForm, ClaimActionForm, choices
from factcheck.forms.review import (
    ApproveForm,
    CommentForm,
    ReturnForm,
    SourceForm,
    VerdictForm,
    rating_choices,
)
from factcheck.ids import parse_id
from factcheck.models import Claim, Evidence, Source
from factcheck.services import claim_details, claim_page, comments, evidence_checks, jobs, sources, verdicts
from factcheck.services.errors import DomainError
from factcheck.views.helpers import get_or_404, refuse, require
from factcheck.views.work.blueprint import bp
from factcheck.views.work.common import invalid, load_claim, now_iso, parse_seen, version_guard
from factcheck.views.work.jobs import job_message
from factcheck.views.work.source_forms import fresh_form, panel_forms, parse_panel


def _forms(page: claim_page.ClaimPage, open_panel: str = "", **given: Any) -> dict[str, Any]:
    """The page's forms. A closed panel's form (work/claim/_panels.html) is built only when the panel shows open:
    refused (given back with its input and errors) or named by ?open=; otherwise the panel fetches it when opened."""
    claim, seen = page.claim, now_iso()
    base = {"version": claim.version, "seen": seen}
    latest = page.latest
    verdict = given.get("verdict") or VerdictForm(
        formdata=None,
        **base,
        rating=latest.rating_id if latest else None,
        summary=latest.summary if latest else "",
        rationale=latest.rationale if latest else "",
    )
    verdict.rating.choices = rating_choices((r.id, r.label) for r in page.ratings)
    forms: dict[str, Any] = {
        "seen": seen,
        "open": open_panel,
        "source": given.get("source") or SourceForm(formdata=None, **base),
        "verdict": verdict,
        "action": ClaimActionForm(formdata=None, **base),
        "approve": given.get("approve") or ApproveForm(formdata=None, **base),
        "give_back": given.get("give_back") or ReturnForm(formdata=None, **base),
        "comment": given.get("comment") or CommentForm(formdata=None),
        "assign": AssignForm(formdata=None, **base, assignee=str(current_user.id)),
    } | panel_forms(claim, page.tags, page.evidence, base, open_panel, given)
    forms["assign"].assignee.choices = choices([(str(current_user.id), current_user.name)])
    return forms


def _render(claim_id: int, status: int = 200, **given: Any) -> tuple[str, int]:
    # "Previously checked" is fetched by the page after it shows (work.claim_matches), unless asked for inline
    # (?matches=1: the no-JavaScript link, and the page a decision on a match comes back to).
    inline = request.method == "GET" and request.args.get("matches") == "1"
    page = claim_page.claim_page(db.session(), claim_id, matches=inline)
    if page is None:
        abort(404)
    open_panel = request.args.get("open", "") if request.method == "GET" else ""
    html = render_template(
        "work/claim.html",
        p=page,
        c=page.claim,
        f=_forms(page, open_panel, **given),
        summary_warn=verdicts.SUMMARY_WARN,
        pending_jobs=jobs.active_for(db.session(), "claim", claim_id),
        unverified=evidence_checks.warnings(page.evidence),  # the page's evidence, ordered by id as `unverified`
    )
    return html, status


@bp.get("/claims/<int:claim_id>")
@require(policy.can_view_work)
def claim(claim_id: int) -> tuple[str, int]:
    page = _render(claim_id)
    db.session.commit()  # with ?matches=1: the claim's vector, computed if it had none, is kept for next time
    return page


@bp.get("/claims/<int:claim_id>/panels/<panel>")
@require(policy.can_view_work)
def claim_panel(claim_id: int, panel: str) -> tuple[str, int]:
    """One closed panel's form alone: the fragment static/js/panels.js puts in the claim page when the panel is
    opened. Its hidden fields carry the version and the time of the page that asked (?version=&seen=), so a
    change made since that page showed still meets the edit-conflict check when the form is sent."""
    claim = load_claim(claim_id, policy.can_edit_claim)
    named = parse_panel(panel)
    if named is None:
        abort(404)
    kind, subject = named
    version, seen = parse_id(request.args.get("version")), request.args.get("seen", "")
    if version is None or parse_seen(seen) is None:
        # Without them the form would not know what the reviewer saw: it could save over a later change.
        abort(400, "The form must be asked for with the version and time of the page it goes in (?version=&seen=).")
    base = {"version": version, "seen": seen}
    rows: list[Evidence] = []
    if kind == "passage":
        get_or_404(Source, subject or 0)
    elif kind == "evidence":
        row = get_or_404(Evidence, subject or 0)
        if row.claim_id != claim.id:
            abort(404)
        rows = [row]
    tags = claim_details.tags_of(db.session(), [claim.id]).get(claim.id, []) if kind == "details" else []
    form = fresh_form(kind, subject, claim, tags, rows, base)
    if form is None:  # evidence corrected or withdrawn since the page showed
        return render_template("work/claim/_panel.html", c=claim, name="gone"), 409
    return render_template("work/claim/_panel.html", c=claim, name=panel, subject=subject, form=form), 200


def _done(claim_id: int, message: str, anchor: str = "") -> Response:
    flash(message, "info")
    return redirect(url_for("work.claim", claim_id=claim_id) + (f"#{anchor}" if anchor else ""))


def _attached(evidence: Evidence, reopened: bool = False) -> str:
    if reopened:
        return "Source attached. The claim was approved: it is back in review until an editor approves it again."
    if evidence.source.fetch_error:
        return f"Source attached as unreachable: {evidence.source.fetch_error}."
    if evidence.passage and evidence.match_score is not None:
        return "Source attached; the passage was found in the archived copy."
    if evidence.passage:
        return "Source attached; passage not found in the archived copy."
    return "Source attached."


@bp.post("/claims/<int:claim_id>/sources")
@require(policy.can_view_work)
def claim_source(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = SourceForm()
    if not form.validate_on_submit():
        return _render(claim_id, 422, source=form)
    try:
        with version_guard(claim, form):
            job = sources.request_attach(
                db.session(),
                current_user,
                claim,
                form.url.data or "",
                stance=form.stance.data or "context",
                passage=form.passage.data or "",
                note=form.note.data or "",
                confidential=bool(form.confidential.data),
            )
    except DomainError as exc:
        return _render(claim_id, refuse(form, exc, "url"), source=form)
    db.session.commit()  # the fetch runs on the queue from here; the page shows it until it is done
    db.session.refresh(job)
    return _done(claim_id, job_message(job) if job.done else f"Fetching {job.arguments['url']}…", "evidence")


@bp.post("/claims/<int:claim_id>/verdict")
@require(policy.can_view_work)
def claim_verdict(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_draft_verdict)
    form = VerdictForm()
    form.rating.choices = rating_choices((r.id, r.label) for r in claim_page.active_ratings(db.session()))
    if not form.validate_on_submit():
        return _render(claim_id, 422, verdict=form)
    try:
        with version_guard(claim, form):
            verdicts.draft(
                db.session(),
                current_user,
                claim,
                rating_id=int(form.rating.data or 0),
                summary=form.summary.data or "",
                rationale=form.rationale.data or "",
            )
    except DomainError as exc:
        return _render(claim_id, refuse(form, exc, "summary"), verdict=form)
    db.session.commit()
    for warning in verdicts.summary_warnings(" ".join((form.summary.data or "").split())):
        flash(warning, "warning")
    return _done(claim_id, "Verdict drafted.", "verdict")


@bp.post("/claims/<int:claim_id>/submit")
@require(policy.can_view_work)
def claim_submit(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_draft_verdict)
    draft = verdicts.latest(db.session(), claim)
    if draft is not None and not policy.can_submit_verdict(current_user, draft):
        abort(403)
    form = ClaimActionForm()
    if not form.validate_on_submit():
        return invalid(form)
    with version_guard(claim, form):
        verdicts.submit(db.session(), current_user, claim)
    db.session.commit()
    return _done(claim_id, "Verdict submitted for second review.", "verdict")


@bp.post("/claims/<int:claim_id>/approve")
@require(policy.can_approve_verdict)
def claim_approve(claim_id: int) -> Response | tuple[Any, int]:
    claim = get_or_404(Claim, claim_id)
    form = ApproveForm()
    if not form.validate_on_submit():
        return invalid(form)
    try:
        with version_guard(claim, form):
            verdicts.approve(db.session(), current_user, claim, confirmed=bool(form.confirm.data))
    except verdicts.UnverifiedEvidence as exc:
        # Asked again, with the warnings next to the box to tick (the page lists them).
        return _render(claim_id, refuse(form, exc, "confirm"), approve=form)
    db.session.commit()
    return _done(claim_id, "Verdict approved.", "verdict")


@bp.post("/claims/<int:claim_id>/return")
@require(policy.can_approve_verdict)
def claim_return(claim_id: int) -> Response | tuple[Any, int]:
    claim = get_or_404(Claim, claim_id)
    form = ReturnForm()
    if not form.validate_on_submit():
        return _render(claim_id, 422, give_back=form)
    with version_guard(claim, form):
        verdicts.return_verdict(db.session(), current_user, claim, form.comment.data or "")
    db.session.commit()
    return _done(claim_id, "Verdict returned to the reviewer.", "verdict")


@bp.post("/claims/<int:claim_id>/comments")
@require(policy.can_view_work)
def claim_comment(claim_id: int) -> Response | tuple[Any, int]:
    claim = get_or_404(Claim, claim_id)
    form = CommentForm()
    if not form.validate_on_submit():
        return _render(claim_id, 422, comment=form)
    comments.add_comment(db.session(), current_user, claim, form.body.data or "")
    db.session.commit()
    return _done(claim_id, "Comment added.", "comments")
