""" "Previously checked" on the claim page: the panel, fetched by the page after it shows (the matcher is most of
the page's time), and one click to say a match is the same claim (reusing its verdict as a draft) or not the
same. Each decision is stored and shown as the match's history (services/match_decisions.py)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.claims import ClaimActionForm
from factcheck.models import Claim, ClaimStatus, ExternalCheck
from factcheck.services import claim_page, match_decisions
from factcheck.views.helpers import get_or_404, require
from factcheck.views.reader.context import claim_url
from factcheck.views.work.blueprint import bp
from factcheck.views.work.common import invalid, load_claim, now_iso, version_guard


def _back(claim_id: int, message: str, anchor: str = "h-similar") -> Response:
    """Back to the claim page with the panel in it (not fetched after), showing the decision just taken."""
    flash(message, "info")
    return redirect(url_for("work.claim", claim_id=claim_id, matches=1) + f"#{anchor}")


def _citation(matched: Claim) -> str:
    """How the new draft cites the earlier check: its public page once published, else its number."""
    return claim_url(matched.id) if matched.status == ClaimStatus.PUBLISHED else ""


@bp.get("/claims/<int:claim_id>/matches")
@require(policy.can_view_work)
def claim_matches(claim_id: int) -> str:
    """The "previously checked" panel alone: the HTML fragment static/js/matches.js puts in the claim page."""
    found = claim_page.match_panel(db.session(), claim_id)
    if found is None:
        abort(404)
    claim, panel = found
    action = ClaimActionForm(formdata=None, version=claim.version, seen=now_iso())
    html = render_template("work/claim/_matches.html", c=claim, m=panel, action=action)
    db.session.commit()  # the claim's vector, computed if it had none, is kept for next time
    return html


@bp.post("/claims/<int:claim_id>/matches/claims/<int:matched_id>/reuse")
@require(policy.can_view_work)
def match_reuse(claim_id: int, matched_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_reuse_verdict)
    matched = get_or_404(Claim, matched_id)
    form = ClaimActionForm()
    if not form.validate_on_submit():
        return invalid(form)
    with version_guard(claim, form):
        match_decisions.reuse_verdict(db.session(), current_user, claim, matched, cite=_citation(matched))
    db.session.commit()
    return _back(claim_id, f"Draft verdict made from claim {matched_id}'s check: review it, then submit.", "verdict")


@bp.post("/claims/<int:claim_id>/matches/claims/<int:matched_id>/not-same")
@require(policy.can_view_work)
def match_not_same(claim_id: int, matched_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_judge_match)
    matched = get_or_404(Claim, matched_id)
    form = ClaimActionForm()
    if not form.validate_on_submit():
        return invalid(form)
    match_decisions.not_the_same(db.session(), current_user, claim, matched=matched)
    db.session.commit()
    return _back(claim_id, f"Claim {matched_id} marked as not the same claim.")


@bp.post("/claims/<int:claim_id>/matches/external/<int:check_id>/same")
@require(policy.can_view_work)
def match_external_same(claim_id: int, check_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_judge_match)
    review = get_or_404(ExternalCheck, check_id)
    form = ClaimActionForm()
    if not form.validate_on_submit():
        return invalid(form)
    match_decisions.same_as_external(db.session(), current_user, claim, review)
    db.session.commit()
    return _back(claim_id, f"Marked as the claim {review.reviewer_name or 'another fact-checker'} checked.")


@bp.post("/claims/<int:claim_id>/matches/external/<int:check_id>/not-same")
@require(policy.can_view_work)
def match_external_not_same(claim_id: int, check_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_judge_match)
    review = get_or_404(ExternalCheck, check_id)
    form = ClaimActionForm()
    if not form.validate_on_submit():
        return invalid(form)
    match_decisions.not_the_same(db.session(), current_user, claim, external=review)
    db.session.commit()
    return _back(claim_id, "External check marked as not the same claim.")
