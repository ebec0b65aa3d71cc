"""Span tools on the article work page: a new claim from a selection, adjust, split, merge, dismiss, restore.

Offsets arrive in UTF-16 code units (browser selections) and are converted to code points here.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.claims import ClaimActionForm, MergeForm, NewClaimForm, SpanForm, SplitForm
from factcheck.models import Article, Claim
from factcheck.services import claims
from factcheck.services.errors import ValidationError
from factcheck.views.helpers import get_or_404, require
from factcheck.views.work.blueprint import bp
from factcheck.views.work.common import invalid, load_claim, safe_next, to_codepoints, version_guard


def _text(article: Article) -> str:
    revision = article.current_revision
    if revision is None:
        raise ValidationError("The article has no text.")
    return revision.text


def _back(claim: Claim, message: str) -> Response:
    flash(message, "info")
    return redirect(safe_next(url_for("work.article", article_id=claim.article_id) + f"#claim-{claim.id}"))


@bp.post("/articles/<int:article_id>/claims")
@require(policy.can_edit_claim)
def claim_create(article_id: int) -> Response | tuple[Any, int]:
    article = get_or_404(Article, article_id)
    form = NewClaimForm()
    if not form.validate_on_submit():
        return invalid(form)
    start, end = to_codepoints(_text(article), form.start.data or 0, form.end.data or 0)
    claim = claims.add_claim(db.session(), current_user, article, start, end)
    db.session.commit()
    return _back(claim, f"Claim {claim.id} added: “{claim.quote[:80]}”.")


@bp.post("/claims/<int:claim_id>/span")
@require(policy.can_view_work)
def claim_span(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = SpanForm()
    if not form.validate_on_submit():
        return invalid(form)
    start, end = to_codepoints(_text(claim.article), form.start.data or 0, form.end.data or 0)
    with version_guard(claim, form):
        claims.adjust_span(db.session(), current_user, claim, start, end, form.version.data)
    db.session.commit()
    return _back(claim, f"Claim {claim.id} now reads “{claim.quote[:80]}”.")


@bp.post("/claims/<int:claim_id>/split")
@require(policy.can_view_work)
def claim_split(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = SplitForm()
    if not form.validate_on_submit():
        return invalid(form)
    (at,) = to_codepoints(_text(claim.article), form.at.data or 0)
    with version_guard(claim, form):
        _first, second = claims.split_claim(db.session(), current_user, claim, at, form.version.data)
    db.session.commit()
    return _back(claim, f"Claim {claim.id} split; the second part is claim {second.id}.")


@bp.post("/claims/<int:claim_id>/merge")
@require(policy.can_view_work)
def claim_merge(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = MergeForm()
    if not form.validate_on_submit():
        return invalid(form)
    other = get_or_404(Claim, form.other.data)
    if not policy.can_edit_claim(current_user, other):
        abort(403)
    with version_guard(claim, form):
        claims.merge_claims(db.session(), current_user, claim, other)
    db.session.commit()
    return _back(claim, f"Claim {other.id} merged into claim {claim.id}.")


@bp.post("/claims/<int:claim_id>/dismiss")
@require(policy.can_view_work)
def claim_dismiss(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = ClaimActionForm()
    if not form.validate_on_submit():
        return invalid(form)
    with version_guard(claim, form):
        claims.dismiss(db.session(), current_user, claim, form.version.data, reason=form.reason.data or "")
    db.session.commit()
    return _back(claim, f"Claim {claim.id} dismissed.")


@bp.post("/claims/<int:claim_id>/restore")
@require(policy.can_view_work)
def claim_restore(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = ClaimActionForm()
    if not form.validate_on_submit():
        return invalid(form)
    with version_guard(claim, form):
        claims.restore(db.session(), current_user, claim, form.version.data)
    db.session.commit()
    return _back(claim, f"Claim {claim.id} restored.")


@bp.post("/claims/<int:claim_id>/accept")
@require(policy.can_view_work)
def claim_accept(claim_id: int) -> Response | tuple[Any, int]:
    """Triage: the desk will check this claim."""
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = ClaimActionForm()
    if not form.validate_on_submit():
        return invalid(form)
    with version_guard(claim, form):
        claims.accept(db.session(), current_user, claim, form.version.data)
    db.session.commit()
    return _back(claim, f"Claim {claim.id} accepted for checking.")
