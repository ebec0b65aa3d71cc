"""Verdicts: drafted by a reviewer, submitted with evidence, approved or returned by another editor.

Rows are appended, never updated: each step writes a new Verdict row carrying the state it reached.
"""

from __future__ import annotations

from typing import Any, TypedDict

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from factcheck import policy
from factcheck.models import Claim, ClaimStatus, Comment, Evidence, Rating, Triage, User, Verdict, VerdictState, utcnow
from factcheck.models.rating import mentions_label
from factcheck.services import audit, evidence_checks, notifications, ratings, vectors
from factcheck.services.errors import PermissionDenied, ValidationError

SUMMARY_WARN = 75
SUMMARY_MAX = 500


def latest(session: Session, claim: Claim) -> Verdict | None:
    stmt = select(Verdict).where(Verdict.claim_id == claim.id).order_by(Verdict.id.desc()).limit(1)
    return session.scalar(stmt)


def history(session: Session, claim: Claim) -> list[Verdict]:
    return list(session.scalars(select(Verdict).where(Verdict.claim_id == claim.id).order_by(Verdict.id)))


def summary_warnings(summary: str) -> list[str]:
    if len(summary) > SUMMARY_WARN:
        return [f"The summary has {len(summary)} characters; ClaimReview asks for under {SUMMARY_WARN}."]
    return []


def _check_rating(session: Session, rating_id: int) -> Rating:
    scale = ratings.active_scale(session)
    rating = session.get(Rating, rating_id)
    if rating is None or scale is None or rating.scale_id != scale.id:
        raise ValidationError("Pick a rating from the active scale.", fields={"rating": "not on the active scale"})
    return rating


def draft(session: Session, actor: User, claim: Claim, *, rating_id: int, summary: str, rationale: str) -> Verdict:
    if claim.triage == Triage.DISMISSED:
        raise ValidationError("A verdict cannot be drafted on a dismissed claim: restore it first.")
    if claim.status == ClaimStatus.SUBMITTED:
        raise ValidationError(f"A verdict cannot be drafted on a {claim.status} claim.")
    rating = _check_rating(session, rating_id)
    summary = " ".join(summary.split())
    if not summary:
        raise ValidationError("Write a short summary of the claim as checked.", fields={"summary": "empty"})
    if len(summary) > SUMMARY_MAX:
        raise ValidationError(f"The summary is limited to {SUMMARY_MAX} characters.", fields={"summary": "too long"})
    if mentions_label(summary, rating.label):
        raise ValidationError(
            f"The summary must not contain the verdict ({rating.label!r}).", fields={"summary": "contains the verdict"}
        )
    verdict = Verdict(
        claim_id=claim.id,
        rating_id=rating.id,
        summary=summary,
        rationale=rationale,
        state=VerdictState.DRAFT,
        author_id=actor.id,
    )
    session.add(verdict)
    claim.triage = Triage.ACCEPTED  # drafting a verdict is checking it
    if claim.status in (
        ClaimStatus.NEW,
        ClaimStatus.RETURNED,
        ClaimStatus.APPROVED,
        ClaimStatus.PUBLISHED,
    ):
        claim.status = ClaimStatus.IN_REVIEW
    claim.updated_by_id = actor.id
    session.flush()
    audit.record(
        session,
        actor,
        "verdict.draft",
        "claim",
        claim.id,
        {"verdict": verdict.id, "rating": rating.label, "summary": summary},
    )
    return verdict


def _successor(current: Verdict, state: VerdictState, actor: User, comment: str = "") -> Verdict:
    approver = actor.id if state in (VerdictState.APPROVED, VerdictState.RETURNED) else None
    return Verdict(
        claim_id=current.claim_id,
        rating_id=current.rating_id,
        summary=current.summary,
        rationale=current.rationale,
        state=state,
        author_id=current.author_id,
        approver_id=approver,
        decision_comment=comment,
    )


def submit(session: Session, actor: User, claim: Claim) -> Verdict:
    current = latest(session, claim)
    if current is None or current.state != VerdictState.DRAFT:
        raise ValidationError("Draft a verdict before submitting it.")
    if not policy.can_submit_verdict(actor, current):
        raise PermissionDenied("Only the draft's author or an editor can submit it.")
    has_evidence = session.scalar(
        select(exists().where(Evidence.claim_id == claim.id, Evidence.superseded_at.is_(None)))
    )
    if not has_evidence:
        raise ValidationError("Attach at least one source with evidence before submitting.", fields={"sources": "none"})
    verdict = _successor(current, VerdictState.SUBMITTED, actor)
    session.add(verdict)
    claim.status, claim.updated_by_id = ClaimStatus.SUBMITTED, actor.id
    session.flush()
    audit.record(session, actor, "verdict.submit", "claim", claim.id, {"verdict": verdict.id})
    return verdict


def approved_scope(session: Session, claim: Claim) -> dict[str, Any]:
    """What an approval covers besides the verdict: the claim's evidence and span as they stand now."""
    current = select(Evidence.id).where(Evidence.claim_id == claim.id, Evidence.superseded_at.is_(None))
    evidence = list(session.scalars(current.order_by(Evidence.id)))
    return {
        "evidence": evidence,
        "revision_id": claim.revision_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
    }


def covers_evidence(verdict: Verdict, evidence: Evidence) -> bool:
    """Whether an approval covered this evidence: listed in its scope, or (rows approved before scopes were
    recorded) attached before it."""
    if verdict.scope is not None:
        return evidence.id in verdict.scope.get("evidence", ())
    return evidence.created_at <= verdict.created_at


class Span(TypedDict):
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def approved_span(claim: Claim, verdict: Verdict | None) -> Span:
    """The span as approved while the claim is on the same revision (a span changed since waits for approval);
    the current one otherwise (no verdict, or re-anchored onto a new revision: flagged for re-review there)."""
    s = verdict.scope if verdict is not None else None
    if s is not None and s.get("revision_id") == claim.revision_id:
        return Span(start=s["start"], end=s["end"], quote=s["quote"], prefix=s["prefix"], suffix=s["suffix"])
    return Span(start=claim.start, end=claim.end, quote=claim.quote, prefix=claim.prefix, suffix=claim.suffix)


class UnverifiedEvidence(ValidationError):
    """The evidence has passages not found in their archived copy or sources that could not be fetched: the
    editor approves only after confirming (`confirmed=True`)."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("Confirm the approval: " + " ".join(warnings), fields={"confirm": "unverified evidence"})
        self.warnings = warnings


def approve(session: Session, actor: User, claim: Claim, *, confirmed: bool = False) -> Verdict:
    current = latest(session, claim)
    if current is None or current.state != VerdictState.SUBMITTED:
        raise ValidationError("Only a submitted verdict can be approved.")
    if not policy.can_approve_verdict(actor, current):
        raise PermissionDenied("An editor other than the verdict's author must approve it.")
    warnings = evidence_checks.unverified(session, claim)
    if warnings and not confirmed:
        raise UnverifiedEvidence(warnings)
    scope = approved_scope(session, claim)
    verdict = _successor(current, VerdictState.APPROVED, actor)
    verdict.scope = scope
    session.add(verdict)
    claim.status, claim.updated_by_id, claim.needs_rereview = ClaimStatus.APPROVED, actor.id, False
    session.flush()
    vectors.embed_claims(session, [claim.id])  # a "previously checked" candidate from now on: it needs its vector
    details: dict[str, Any] = {"verdict": verdict.id}
    if warnings:
        details["confirmed_warnings"] = warnings
    audit.record(session, actor, "verdict.approve", "claim", claim.id, details)
    notifications.verdict_decided(session, actor, claim, current.author, approved=True)
    return verdict


def return_verdict(session: Session, actor: User, claim: Claim, comment: str) -> Verdict:
    current = latest(session, claim)
    if current is None or current.state != VerdictState.SUBMITTED:
        raise ValidationError("Only a submitted verdict can be returned.")
    if not policy.can_approve_verdict(actor, current):
        raise PermissionDenied("An editor other than the verdict's author must review it.")
    comment = comment.strip()
    if not comment:
        raise ValidationError("Say what needs to change.", fields={"comment": "empty"})
    verdict = _successor(current, VerdictState.RETURNED, actor, comment)
    session.add(verdict)
    session.add(Comment(claim_id=claim.id, author_id=actor.id, body=comment))
    claim.status, claim.updated_by_id = ClaimStatus.RETURNED, actor.id
    session.flush()
    audit.record(session, actor, "verdict.return", "claim", claim.id, {"verdict": verdict.id, "comment": comment})
    notifications.verdict_decided(session, actor, claim, current.author, approved=False, comment=comment)
    return verdict


# Changes to what an editor approved, and the note each leaves on the claim (its verdict history and audit trail).
REOPEN_NOTES = {
    "evidence.add": "Evidence added after approval: needs approval again.",
    "evidence.withdraw": "Evidence withdrawn after approval: needs approval again.",
    "evidence.correct": "Evidence corrected after approval: needs approval again.",
    "claim.adjust_span": "Span changed after approval: needs approval again.",
}


def approved_content_changed(
    session: Session,
    actor: User,
    claim: Claim,
    change: str,
    details: dict[str, Any] | None = None,
    *,
    bump: bool = True,
) -> Verdict | None:
    """The one rule for a change to what an editor approved (evidence, sources, the span), called by every
    service that makes one. The claim's version moves on (`bump=False` when the change already moved it), so
    a decision taken on the page as it was is refused (409). If its latest verdict is approved, the claim goes
    back to review: a draft copy of that verdict is appended with the reason as its note, the claim is
    in_review again, and an audit event says why. Until it is approved again, publishing shows what was
    approved (the approved row's `scope`), never the change."""
    actor_id = actor.id  # read before any change: no autoflush in between
    current = latest(session, claim)
    if current is None or current.state != VerdictState.APPROVED:
        if bump:
            claim.updated_by_id, claim.updated_at = actor_id, utcnow()
            session.flush()
        return None
    claim.updated_by_id, claim.updated_at = actor_id, utcnow()
    note = REOPEN_NOTES[change]
    reopened = _successor(current, VerdictState.DRAFT, actor, note)
    session.add(reopened)
    before = claim.status
    claim.status = ClaimStatus.IN_REVIEW
    session.flush()
    audit.record(
        session,
        actor,
        "claim.reopen",
        "claim",
        claim.id,
        {"reason": note, "change": change, "from": before, "verdict": reopened.id, **(details or {})},
    )
    return reopened
