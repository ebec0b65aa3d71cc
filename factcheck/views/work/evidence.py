"""Correcting evidence on the claim page: withdraw a passage, or correct it (a new row; the old one is kept as
superseded and shown struck through)."""

from __future__ import annotations

from typing import Any

from flask import abort
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.evidence import CorrectEvidenceForm, WithdrawEvidenceForm
from factcheck.models import Evidence
from factcheck.services import evidence
from factcheck.services.errors import DomainError
from factcheck.views.helpers import get_or_404, refuse, require
from factcheck.views.work.blueprint import bp
from factcheck.views.work.claims import _done, _render
from factcheck.views.work.common import load_claim, version_guard


def _load(claim_id: int, evidence_id: int) -> Evidence:
    found = get_or_404(Evidence, evidence_id)
    if found.claim_id != claim_id:
        abort(404)
    return found


@bp.post("/claims/<int:claim_id>/evidence/<int:evidence_id>/withdraw")
@require(policy.can_view_work)
def evidence_withdraw(claim_id: int, evidence_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    row = _load(claim_id, evidence_id)
    form = WithdrawEvidenceForm(prefix=f"withdraw-{evidence_id}")
    if not form.validate_on_submit():
        return _render(claim_id, 422, withdraw=form, evidence_form_id=evidence_id)
    try:
        with version_guard(claim, form):
            evidence.withdraw(db.session(), current_user, claim, row, form.reason.data or "")
    except DomainError as exc:
        return _render(claim_id, refuse(form, exc, "reason"), withdraw=form, evidence_form_id=evidence_id)
    db.session.commit()
    return _done(claim_id, "Evidence withdrawn; it stays listed as withdrawn.", f"evidence-{evidence_id}")


@bp.post("/claims/<int:claim_id>/evidence/<int:evidence_id>/correct")
@require(policy.can_view_work)
def evidence_correct(claim_id: int, evidence_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    row = _load(claim_id, evidence_id)
    form = CorrectEvidenceForm(prefix=f"correct-{evidence_id}")
    if not form.validate_on_submit():
        return _render(claim_id, 422, correct=form, evidence_form_id=evidence_id)
    try:
        with version_guard(claim, form):
            fresh = evidence.correct(
                db.session(),
                current_user,
                claim,
                row,
                stance=form.stance.data or "",
                passage=form.passage.data or "",
                note=form.note.data or "",
                unfound=form.unfound.data or "",
                reason=form.reason.data or "",
            )
    except DomainError as exc:
        return _render(claim_id, refuse(form, exc, "passage"), correct=form, evidence_form_id=evidence_id)
    db.session.commit()
    found = "found in the archived copy" if fresh.match_score is not None else "not found in the archived copy"
    return _done(claim_id, f"Evidence corrected; the passage was {found}.", f"evidence-{fresh.id}")
