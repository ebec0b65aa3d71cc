"""What reviewers decide about "previously checked" matches: the same claim (reuse its verdict) or not the same.

`reuse_verdict` copies the rating and rationale of the earlier check's latest approved verdict into a new draft on
the claim, citing the earlier check; `not_the_same` records that a match is a different claim. Both are kept as
the match's history (`history`), and `decided` tells the matcher's caller which matches were already judged.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Claim, ExternalCheck, MatchDecision, User, Verdict, VerdictState
from factcheck.services import audit, verdicts
from factcheck.services.errors import ValidationError

SAME, DIFFERENT = "same", "different"


def _latest_approved(session: Session, claim: Claim) -> Verdict | None:
    return session.scalar(
        select(Verdict)
        .where(Verdict.claim_id == claim.id, Verdict.state == VerdictState.APPROVED.value)
        .order_by(Verdict.id.desc())
        .limit(1)
    )


def _record(
    session: Session,
    actor: User,
    claim: Claim,
    decision: str,
    *,
    matched: Claim | None = None,
    external: ExternalCheck | None = None,
    verdict: Verdict | None = None,
) -> MatchDecision:
    row = MatchDecision(
        claim_id=claim.id,
        matched_claim_id=matched.id if matched is not None else None,
        external_check_id=external.id if external is not None else None,
        decision=decision,
        verdict_id=verdict.id if verdict is not None else None,
        actor_id=actor.id,
    )
    session.add(row)
    session.flush()
    data: dict[str, object] = {"decision": decision, "matched_claim": row.matched_claim_id}
    data |= {"external_check": row.external_check_id, "verdict": row.verdict_id}
    audit.record(session, actor, "claim.match_decision", "claim", claim.id, data)
    return row


def reuse_verdict(session: Session, actor: User, claim: Claim, matched: Claim, *, cite: str = "") -> Verdict:
    """A draft verdict on `claim` with the rating and rationale of `matched`'s approved verdict, citing it.

    `cite` is how the earlier check is referred to in the rationale (its public URL); by default its claim number.
    """
    if matched.id == claim.id:
        raise ValidationError("A claim cannot reuse its own verdict.")
    earlier = _latest_approved(session, matched)
    if earlier is None:
        raise ValidationError("The matched claim has no approved verdict to reuse.")
    reference = cite or f"claim #{matched.id}"
    rationale = f"{earlier.rationale.rstrip()}\n\nThis claim was checked before: see {reference}.".lstrip()
    draft = verdicts.draft(
        session, actor, claim, rating_id=earlier.rating_id, summary=earlier.summary, rationale=rationale
    )
    _record(session, actor, claim, SAME, matched=matched, verdict=draft)
    return draft


def same_as_external(session: Session, actor: User, claim: Claim, external: ExternalCheck) -> MatchDecision:
    """Record that another fact-checker's review is of the same claim (its rating is on their scale: no draft)."""
    return _record(session, actor, claim, SAME, external=external)


def not_the_same(
    session: Session, actor: User, claim: Claim, *, matched: Claim | None = None, external: ExternalCheck | None = None
) -> MatchDecision:
    """Record that a match (one of this desk's claims, or an external check) is a different claim."""
    if (matched is None) == (external is None):
        raise ValidationError("Say which match is not the same: one claim or one external check.")
    return _record(session, actor, claim, DIFFERENT, matched=matched, external=external)


def history(session: Session, claim: Claim) -> list[MatchDecision]:
    """Every decision taken on this claim's matches, oldest first."""
    stmt = select(MatchDecision).where(MatchDecision.claim_id == claim.id).order_by(MatchDecision.id)
    return list(session.scalars(stmt))


def decided(session: Session, claim: Claim) -> dict[tuple[str, int], str]:
    """The latest decision per match of this claim: {("claim", id) or ("external", id): "same" | "different"}."""
    latest = (
        select(func.max(MatchDecision.id))
        .where(MatchDecision.claim_id == claim.id)
        .group_by(MatchDecision.matched_claim_id, MatchDecision.external_check_id)
    )
    out: dict[tuple[str, int], str] = {}
    for row in session.scalars(select(MatchDecision).where(MatchDecision.id.in_(latest))):
        if row.matched_claim_id is not None:
            out[("claim", row.matched_claim_id)] = row.decision
        elif row.external_check_id is not None:
            out[("external", row.external_check_id)] = row.decision
    return out
