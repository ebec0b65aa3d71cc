"""The claim page's "previously checked" panel: this desk's earlier checks and other fact-checkers' reviews that
read like the claim, what reviewers decided about them ("same claim" / "not the same"), and the history of those
decisions, in a fixed number of statements whatever the number of matches or decisions.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from factcheck.models import Claim, ExternalCheck, MatchDecision, User
from factcheck.services import matching
from factcheck.services.matching import Found

TOP = 5


@dataclass(frozen=True)
class Decision:
    """One decision on a match, with what was matched, for the history."""

    id: int
    at: dt.datetime
    actor: str
    decision: str  # "same" | "different"
    kind: str  # "claim" | "external"
    target_id: int
    target_text: str
    org: str  # the external check's reviewer
    verdict_id: int | None  # the draft a reuse made

    @property
    def same(self) -> bool:
        return self.decision == "same"


@dataclass(frozen=True)
class MatchRow:
    found: Found
    decision: Decision | None  # the latest decision on this match, if any

    @property
    def target_id(self) -> int:
        return int(self.found.match.key)

    @property
    def rejected(self) -> bool:
        return self.decision is not None and not self.decision.same


@dataclass
class MatchPanel:
    rows: list[MatchRow] = field(default_factory=list)
    history: list[Decision] = field(default_factory=list)  # oldest first, matches shown or not
    semantic: bool = False  # whether meaning counted, or words only (the model package is missing)


def decisions(session: Session, claim: Claim) -> list[Decision]:
    """Every decision on this claim's matches, oldest first, with who took it and what it was about (one
    statement)."""
    matched = aliased(Claim)
    stmt = (
        select(MatchDecision, User.name, matched.quote, ExternalCheck.claim_text, ExternalCheck.reviewer_name)
        .outerjoin(User, User.id == MatchDecision.actor_id)
        .outerjoin(matched, matched.id == MatchDecision.matched_claim_id)
        .outerjoin(ExternalCheck, ExternalCheck.id == MatchDecision.external_check_id)
        .where(MatchDecision.claim_id == claim.id)
        .order_by(MatchDecision.id)
    )
    out = []
    for row, actor, quote, review_text, org in session.execute(stmt):
        own = row.matched_claim_id is not None
        out.append(
            Decision(
                id=row.id,
                at=row.created_at,
                actor=actor or "someone",
                decision=row.decision,
                kind="claim" if own else "external",
                target_id=(row.matched_claim_id if own else row.external_check_id) or 0,
                target_text=str((quote if own else review_text) or ""),
                org="" if own else str(org or ""),
                verdict_id=row.verdict_id,
            )
        )
    return out


def panel(session: Session, claim: Claim, *, top: int = TOP) -> MatchPanel:
    """The matches of `claim` with their latest decisions; those marked "not the same" come last. Matches too
    far in meaning (`matching.SHOWN_FLOOR`) are left out; decisions on them stay in the history.

    The claim's vector is stored if it had none (the caller commits)."""
    found = [f for f in matching.find_for_claim(session, claim, top=top) if not f.match.weak]
    history = decisions(session, claim)
    latest = {(d.kind, d.target_id): d for d in history}
    rows = [MatchRow(f, latest.get((f.kind, int(f.match.key)))) for f in found]
    rows.sort(key=lambda r: r.rejected)  # stable: the matcher's order otherwise
    return MatchPanel(rows, history, matching.semantic_available())
