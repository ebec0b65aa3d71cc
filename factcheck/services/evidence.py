"""Corrections to evidence: a reviewer withdraws a passage or corrects it. Append-only: the old row stays, marked
superseded (by the corrected row, or by nothing for a withdrawal), with an audit event; published versions keep
what they published (their snapshots are frozen), and a change to approved evidence sends the claim back to
review (verdicts.approved_content_changed)."""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Evidence, Source, Stance, UnfoundPassage, User, utcnow
from factcheck.services import audit, verdicts
from factcheck.services.errors import ValidationError, parse_choice
from factcheck.services.sources import locate_passage

MAX_TEXT = 20_000


def current(session: Session, claim: Claim) -> list[Evidence]:
    """The claim's evidence as it stands: rows not withdrawn nor replaced, in the order they were attached."""
    stmt = select(Evidence).where(Evidence.claim_id == claim.id, Evidence.superseded_at.is_(None)).order_by(Evidence.id)
    return list(session.scalars(stmt))


def has_current(session: Session, claim: Claim) -> bool:
    return bool(session.scalar(select(exists().where(Evidence.claim_id == claim.id, Evidence.superseded_at.is_(None)))))


def _live(evidence: Evidence) -> None:
    if evidence.superseded_at is not None:
        raise ValidationError("This evidence was already withdrawn or corrected; reload the claim.")


def withdraw(session: Session, actor: User, claim: Claim, evidence: Evidence, reason: str) -> Evidence:
    """Withdraw a piece of evidence: kept as superseded by nothing, with the reviewer's reason."""
    if evidence.claim_id != claim.id:
        raise ValidationError("The evidence belongs to another claim.")
    _live(evidence)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError("Say why the evidence is withdrawn.", fields={"reason": "empty"})
    if len(reason) > MAX_TEXT:
        raise ValidationError("The reason is limited to 20,000 characters.", fields={"reason": "too long"})
    evidence.superseded_at, evidence.superseded_reason = utcnow(), reason
    session.flush()
    audit.record(session, actor, "evidence.withdraw", "claim", claim.id, {"evidence": evidence.id, "reason": reason})
    verdicts.approved_content_changed(session, actor, claim, "evidence.withdraw", {"evidence": evidence.id})
    return evidence


def correct(
    session: Session,
    actor: User,
    claim: Claim,
    evidence: Evidence,
    *,
    stance: Stance | str,
    passage: str,
    note: str = "",
    unfound: UnfoundPassage | str = UnfoundPassage.SUMMARY,
    reason: str = "",
) -> Evidence:
    """Correct a piece of evidence: a new row with the corrected stance, passage (looked up again in the archived
    copy), note and what readers see of a passage not found; the old row is kept, superseded by the new one."""
    if evidence.claim_id != claim.id:
        raise ValidationError("The evidence belongs to another claim.")
    _live(evidence)
    stance = parse_choice(Stance, stance, "The stance must be supports, refutes or context.", "stance")
    unfound = parse_choice(UnfoundPassage, unfound, "Choose to show a summary or to leave it out.", "unfound")
    if max(len(passage), len(note), len(reason)) > MAX_TEXT:
        raise ValidationError("Each text is limited to 20,000 characters.", fields={"passage": "too long"})
    passage, note = passage.strip(), note.strip()
    if (stance, passage, note, unfound) == (evidence.stance, evidence.passage, evidence.note, evidence.unfound):
        raise ValidationError("Nothing was changed.", fields={"passage": "unchanged"})
    source = session.get(Source, evidence.source_id)
    found = locate_passage(source.archived_text if source else None, passage)
    fresh = Evidence(
        claim_id=claim.id,
        source_id=evidence.source_id,
        stance=stance,
        passage=passage,
        note=note,
        unfound=unfound,
        created_by_id=actor.id,
    )
    if found is not None:
        fresh.match_start, fresh.match_end, fresh.match_score = found
    session.add(fresh)
    session.flush()
    evidence.superseded_at, evidence.superseded_by_id = utcnow(), fresh.id
    evidence.superseded_reason = " ".join(reason.split())
    session.flush()
    details = {"evidence": evidence.id, "replaced_by": fresh.id, "stance": stance, "found": fresh.match_score}
    audit.record(session, actor, "evidence.correct", "claim", claim.id, details | {"reason": reason})
    verdicts.approved_content_changed(session, actor, claim, "evidence.correct", details)
    return fresh
