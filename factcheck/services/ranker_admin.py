"""The learned ranker in the admin: what it learns from, its stored versions, training, switching versions, reset.

Every change is audited. A version is used for the queue only if it beat the default scorer on its held-out
decisions (services/ranking.py `active_model` checks it again on every read).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from factcheck.claims.ranker import Grid
from factcheck.models import ClaimScore, RankerModel, User
from factcheck.services import audit, ranking
from factcheck.services.errors import NotFound, ValidationError


@dataclass
class RankerState:
    checked: int
    dismissed: int
    active: RankerModel | None
    versions: list[RankerModel] = field(default_factory=list)  # newest first
    needed: int = ranking.MIN_EACH  # decisions of each kind before training

    @property
    def can_train(self) -> bool:
        return min(self.checked, self.dismissed) >= self.needed


def state(session: Session, limit: int = 20) -> RankerState:
    """Decision counts, the model ranking the queue (if any) and the stored versions (three statements)."""
    checked, dismissed = ranking.decision_counts(session)
    versions = ranking.models(session, limit)
    active = next((m for m in versions if m.active and m.heldout_model_ap > m.heldout_default_ap), None)
    return RankerState(checked, dismissed, active, versions)


def train(session: Session, actor: User, grid: Grid) -> ranking.Outcome:
    """Train a new version on the desk's decisions; it ranks the queue only if it beats the default scorer."""
    outcome = ranking.train_from_decisions(session, actor, grid=grid)
    if outcome.model is None:
        raise ValidationError(f"Nothing trained: {outcome.reason}.")
    audit.record(session, actor, "ranker.train", "ranker_model", outcome.model.id,
                 {"decisions": outcome.decisions, "positives": outcome.positives, "activated": outcome.activated,
                  "heldout_model_ap": outcome.model.heldout_model_ap,
                  "heldout_default_ap": outcome.model.heldout_default_ap})  # fmt: skip
    return outcome


def activate(session: Session, actor: User, model_id: int) -> RankerModel:
    """Go back (or forward) to a stored version: only one that beat the default scorer on its held-out decisions."""
    model = session.get(RankerModel, model_id)
    if model is None:
        raise NotFound(f"No ranker version {model_id}.")
    if model.heldout_model_ap <= model.heldout_default_ap:
        raise ValidationError(
            f"Version {model.id} ranked held-out decisions no better than the default scorer "
            f"({model.heldout_model_ap:.3f} vs {model.heldout_default_ap:.3f}): it is never used."
        )
    session.execute(update(RankerModel).where(RankerModel.id != model.id).values(active=False))
    model.active = True
    session.execute(delete(ClaimScore).where(ClaimScore.model_id != model.id))
    session.flush()
    scored = ranking.score_claims(session, model)
    audit.record(session, actor, "ranker.activate", "ranker_model", model.id, {"scored": scored})
    return model


def reset(session: Session, actor: User) -> int:
    """The default scorer ranks the queue again; the versions stay as history. Returns how many were active."""
    count = ranking.reset(session)
    audit.record(session, actor, "ranker.reset", "ranker_model", None, {"deactivated": count})
    return count
