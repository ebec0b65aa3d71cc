"""The claim page's closed panels' forms: attach a document or a person, another passage from a source, correct or
withdraw a piece of evidence, edit the claim's details. The page holds a panel's form only when the panel shows
open (a refused submit given back, or ?open=<panel>); otherwise the panel fetches it when opened
(views/work/claims.claim_panel, templates/work/claim/_panels.html)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from factcheck.forms.claim_details import ClaimDetailsForm
from factcheck.forms.evidence import CorrectEvidenceForm, WithdrawEvidenceForm
from factcheck.forms.sources import DocumentSourceForm, PassageForm, PersonSourceForm
from factcheck.ids import parse_id
from factcheck.models import Claim, Evidence

# Prefixes keep the field ids of the page's several source forms apart ("document-stance", "person-stance").
DOCUMENT, PERSON = "document", "person"
_PANEL = re.compile(r"(document|person|details)|(passage|evidence)-([0-9]{1,10})")

EvidenceForms = tuple[CorrectEvidenceForm, WithdrawEvidenceForm]


def parse_panel(name: str) -> tuple[str, int | None] | None:
    """A panel's name ("document", "person", "details", "passage-<source id>", "evidence-<evidence id>") as
    (kind, id); None for anything else."""
    found = _PANEL.fullmatch(name)
    if found is None:
        return None
    if found[1]:
        return found[1], None
    subject = parse_id(found[3])
    return (found[2], subject) if subject else None


def details_form(claim: Claim, tags: Sequence[str], base: dict[str, Any]) -> ClaimDetailsForm:
    return ClaimDetailsForm(
        formdata=None,
        **base,
        speaker=claim.speaker or "",
        kind=claim.kind,
        dates=", ".join(d["value"] for d in claim.dates or []),
        tags=", ".join(tags),
        due_on=claim.due_on,
    )


def evidence_forms(row: Evidence, base: dict[str, Any]) -> EvidenceForms:
    """A correct and a withdraw form for a current piece of evidence (prefixed by its id: a page holds many)."""
    return (
        CorrectEvidenceForm(
            formdata=None,
            prefix=f"correct-{row.id}",
            **base,
            stance=row.stance,
            passage=row.passage,
            note=row.note,
            unfound=row.unfound,
        ),
        WithdrawEvidenceForm(formdata=None, prefix=f"withdraw-{row.id}", **base),
    )


def fresh_form(
    kind: str,
    subject: int | None,
    claim: Claim,
    tags: Sequence[str],
    evidence: Sequence[Evidence],
    base: dict[str, Any],
) -> Any:
    """The form of one panel, empty or filled from what it edits; None when it edits nothing current (evidence
    not among the claim's current evidence)."""
    if kind == "document":
        return DocumentSourceForm(formdata=None, prefix=DOCUMENT, **base)
    if kind == "person":
        return PersonSourceForm(formdata=None, prefix=PERSON, **base)
    if kind == "details":
        return details_form(claim, tags, base)
    if kind == "passage":
        return PassageForm(formdata=None, **base)
    row = next((e for e in evidence if e.id == subject and e.superseded_at is None), None)
    return evidence_forms(row, base) if row is not None else None


def panel_forms(
    claim: Claim,
    tags: Sequence[str],
    evidence: Sequence[Evidence],
    base: dict[str, Any],
    open_panel: str,
    given: dict[str, Any],
) -> dict[str, Any]:
    """The closed panels' forms the page holds: the refused one given back (with its input and errors) and the
    one ?open= names. "passage" maps a source id to its form, "evidence" an evidence id to its two forms."""
    out: dict[str, Any] = {
        "document": given.get("document"),
        "person": given.get("person"),
        "details": given.get("details"),
        "passage": {},
        "passage_source": given.get("passage_source"),  # the source whose passage form was refused
        "evidence": {},
        "evidence_open": given.get("evidence_form_id"),  # the evidence whose correct/withdraw form was refused
    }
    if given.get("passage") is not None:
        out["passage"][given["passage_source"]] = given["passage"]
    refused = given.get("evidence_form_id")
    if refused is not None:
        current = fresh_form("evidence", refused, claim, tags, evidence, base)
        if current is not None:
            out["evidence"][refused] = (given.get("correct") or current[0], given.get("withdraw") or current[1])
    named = parse_panel(open_panel)
    if named is not None:
        kind, subject = named
        if kind in ("passage", "evidence"):
            if subject not in out[kind]:
                form = fresh_form(kind, subject, claim, tags, evidence, base)
                if form is not None:
                    out[kind][subject] = form
        elif out[kind] is None:
            out[kind] = fresh_form(kind, subject, claim, tags, evidence, base)
    return out
