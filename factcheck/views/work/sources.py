"""Sources beyond web pages on the claim page (an uploaded document, a person or correspondence), another
passage from a source already attached (pasted, or selected in the archived copy), confidentiality, and the
archived copy itself."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.sources import ConfidentialForm, DocumentSourceForm, PassageForm, PersonSourceForm
from factcheck.ids import parse_id
from factcheck.models import Claim, Evidence, Source
from factcheck.services import documents, sources
from factcheck.services.errors import DomainError
from factcheck.views.helpers import get_or_404, refuse, require
from factcheck.views.work.blueprint import bp
from factcheck.views.work.claims import _attached, _done, _render
from factcheck.views.work.common import invalid, load_claim, now_iso, to_codepoints, version_guard
from factcheck.views.work.source_forms import DOCUMENT, PERSON


@bp.post("/claims/<int:claim_id>/sources/document")
@require(policy.can_view_work)
def claim_document(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = DocumentSourceForm(prefix=DOCUMENT)
    if not form.validate_on_submit():
        return _render(claim_id, 422, document=form)
    was = claim.status
    try:
        with version_guard(claim, form):
            evidence = documents.attach_document(
                db.session(),
                current_user,
                claim,
                filename=form.file.data.filename or "",
                data=form.file.data.read(),
                title=form.title.data or "",
                publisher=form.publisher.data or "",
                confidential=bool(form.confidential.data),
                stance=form.stance.data or "context",
                passage=form.passage.data or "",
                note=form.note.data or "",
            )
    except DomainError as exc:
        return _render(claim_id, refuse(form, exc, "file"), document=form)
    db.session.commit()
    return _done(claim_id, _attached(evidence, reopened=claim.status != was), "evidence")


@bp.post("/claims/<int:claim_id>/sources/person")
@require(policy.can_view_work)
def claim_person(claim_id: int) -> Response | tuple[Any, int]:
    claim = load_claim(claim_id, policy.can_edit_claim)
    form = PersonSourceForm(prefix=PERSON)
    if not form.validate_on_submit():
        return _render(claim_id, 422, person=form)
    was = claim.status
    try:
        with version_guard(claim, form):
            evidence = documents.attach_contact(
                db.session(),
                current_user,
                claim,
                person=form.person.data or "",
                organisation=form.organisation.data or "",
                contacted_on=form.contacted_on.data,
                method=form.method.data or "",
                notes=form.notes.data or "",
                confidential=bool(form.confidential.data),
                stance=form.stance.data or "context",
                passage=form.passage.data or "",
                note=form.note.data or "",
            )
    except DomainError as exc:
        return _render(claim_id, refuse(form, exc, "person"), person=form)
    db.session.commit()
    return _done(claim_id, _attached(evidence, reopened=claim.status != was), "evidence")


@bp.post("/claims/<int:claim_id>/sources/<int:source_id>/passages")
@require(policy.can_view_work)
def claim_passage(claim_id: int, source_id: int) -> Response | tuple[Any, int]:
    """Another passage from a source the claim already cites (or any source, from its archived copy), with its
    own stance. A selection's offsets arrive in UTF-16 units, as browsers count."""
    claim = load_claim(claim_id, policy.can_edit_claim)
    source = get_or_404(Source, source_id)
    form = PassageForm()
    if not form.validate_on_submit():
        return _render(claim_id, 422, passage=form, passage_source=source.id)
    was = claim.status
    try:
        anchor = None
        if form.start.data is not None and form.end.data is not None:
            start, end = to_codepoints(source.archived_text or "", form.start.data, form.end.data)
            anchor = (start, end)
        with version_guard(claim, form):
            evidence = sources.add_evidence(
                db.session(),
                current_user,
                claim,
                source,
                stance=form.stance.data or "context",
                passage=form.passage.data or "",
                note=form.note.data or "",
                anchor=anchor,
            )
    except DomainError as exc:
        return _render(claim_id, refuse(form, exc, "passage"), passage=form, passage_source=source.id)
    db.session.commit()
    return _done(claim_id, _attached(evidence, reopened=claim.status != was), f"source-{source.id}")


@bp.post("/sources/<int:source_id>/confidential")
@require(policy.can_view_work)
def source_confidential(source_id: int) -> Response | tuple[Any, int]:
    source = get_or_404(Source, source_id)
    form = ConfidentialForm()
    if not form.validate_on_submit():
        return invalid(form)
    wanted = bool(form.confidential.data)
    if source.confidential and not wanted and not policy.can_reveal_source(current_user):
        abort(403)
    sources.set_confidential(db.session(), current_user, source, wanted)
    citers = [a.title for a in sources.published_citers(db.session(), source)] if wanted else []
    db.session.commit()
    flash("The source is confidential: readers never see it." if wanted else "The source is no longer confidential.")
    if citers:
        named = ", ".join(f"“{t}”" for t in citers[:5]) + (" and others" if len(citers) > 5 else "")
        flash(
            f"Its archived copy is withdrawn from readers now, but the published versions of {named} still name it: "
            "publish them again to take it out.",
            "warning",
        )
    return redirect(url_for("work.source", source_id=source.id))


@bp.get("/sources/<int:source_id>")
@require(policy.can_view_work)
def source(source_id: int) -> str:
    """The archived copy as plain text; with ?claim=N, selecting a passage quotes it as that claim's evidence."""
    src = get_or_404(Source, source_id)
    evidence_id = parse_id(request.args.get("evidence"))
    evidence = db.session.get(Evidence, evidence_id) if evidence_id else None
    if evidence is not None and evidence.source_id != src.id:
        evidence = None
    claim_id = parse_id(request.args.get("claim")) or (evidence.claim_id if evidence else None)
    claim = db.session.get(Claim, claim_id) if claim_id else None
    quote: PassageForm | None = None
    if claim is not None and src.archived_text and policy.can_edit_claim(current_user, claim):
        quote = PassageForm(formdata=None, version=claim.version, seen=now_iso())
    text = src.archived_text or ""
    parts: tuple[str, str, str] | None = None
    if evidence is not None and evidence.match_start is not None and evidence.match_end is not None:
        parts = (
            text[: evidence.match_start],
            text[evidence.match_start : evidence.match_end],
            text[evidence.match_end :],
        )
    return render_template(
        "work/source.html",
        source=src,
        evidence=evidence,
        parts=parts,
        text=text,
        claim=claim,
        quote=quote,
        secret=ConfidentialForm(formdata=None, confidential=src.confidential),
    )
