"""The claim page's forms for sources (web page, document, person, another passage) and for the claim's details
(speaker, kind, dates, tags, due date), shared by the claim page and the routes that render it again with a
refused form."""

from __future__ import annotations

from typing import Any

from factcheck.extensions import db
from factcheck.forms.claim_details import ClaimDetailsForm
from factcheck.forms.evidence import CorrectEvidenceForm, WithdrawEvidenceForm
from factcheck.forms.sources import DocumentSourceForm, PassageForm, PersonSourceForm
from factcheck.models import Claim, Evidence
from factcheck.services import claim_details

# Prefixes keep the field ids of the page's several source forms apart ("document-stance", "person-stance").
DOCUMENT, PERSON = "document", "person"


def source_forms(base: dict[str, Any], given: dict[str, Any]) -> dict[str, Any]:
    """The forms for attaching sources, each the one given (with its input and errors) or a fresh one."""
    return {
        "document": given.get("document") or DocumentSourceForm(formdata=None, prefix=DOCUMENT, **base),
        "person": given.get("person") or PersonSourceForm(formdata=None, prefix=PERSON, **base),
        "passage": given.get("passage") or PassageForm(formdata=None, **base),
        "passage_source": given.get("passage_source"),  # the source whose passage form was refused
    }


def details_form(claim: Claim, base: dict[str, Any], given: dict[str, Any]) -> ClaimDetailsForm:
    """The claim page's details form: the one given back with its errors, or one filled from the claim."""
    form: ClaimDetailsForm | None = given.get("details")
    if form is not None:
        return form
    tags = claim_details.tags_of(db.session(), [claim.id]).get(claim.id, [])
    return ClaimDetailsForm(
        formdata=None,
        **base,
        speaker=claim.speaker or "",
        kind=claim.kind,
        dates=", ".join(d["value"] for d in claim.dates or []),
        tags=", ".join(tags),
        due_on=claim.due_on,
    )


def evidence_forms(
    rows: list[Evidence], base: dict[str, Any], given: dict[str, Any]
) -> dict[int, tuple[CorrectEvidenceForm, WithdrawEvidenceForm]]:
    """A correct and a withdraw form for each current piece of evidence (prefixed by its id: the page holds many);
    the refused one given back with its input and errors."""
    refused = given.get("evidence_form_id")
    out: dict[int, tuple[CorrectEvidenceForm, WithdrawEvidenceForm]] = {}
    for e in rows:
        if e.superseded_at is not None:
            continue
        correct = given.get("correct") if refused == e.id else None
        withdraw = given.get("withdraw") if refused == e.id else None
        out[e.id] = (
            correct
            or CorrectEvidenceForm(
                formdata=None,
                prefix=f"correct-{e.id}",
                **base,
                stance=e.stance,
                passage=e.passage,
                note=e.note,
                unfound=e.unfound,
            ),
            withdraw or WithdrawEvidenceForm(formdata=None, prefix=f"withdraw-{e.id}", **base),
        )
    return out
