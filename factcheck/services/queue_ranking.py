"""The queue's "score" sort: by the active learned ranker's stored scores when a model beat the default scorer,
else by the default scorer's (`Claim.checkworthiness`). Scores are read from `claim_scores`, written in bulk when
the model was trained (services/ranking.py), so a queue page scores nothing and stays one SELECT."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, select
from sqlalchemy.orm import Session, aliased

from factcheck.models import Claim, ClaimScore, RankerModel


def active_model_id() -> Any:
    """The active model's id as a scalar subquery (never a model that lost to the default scorer)."""
    return (
        select(RankerModel.id)
        .where(RankerModel.active.is_(True), RankerModel.heldout_model_ap > RankerModel.heldout_default_ap)
        .order_by(RankerModel.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def is_active(session: Session) -> bool:
    """Whether a learned ranker that beat the default scorer ranks the queue now (one small SELECT)."""
    return session.scalar(select(active_model_id())) is not None


def by_score(stmt: Select[Any]) -> Select[Any]:
    """Order by the learned score (claims it has not scored after those it has), then the default score; the
    learned score comes as an extra column (None without an active model)."""
    learned = aliased(ClaimScore)
    joined = and_(learned.claim_id == Claim.id, learned.model_id == active_model_id())
    return (
        stmt.outerjoin(learned, joined)
        .add_columns(learned.score)
        .order_by(learned.score.is_(None), learned.score.desc(), Claim.checkworthiness.desc(), Claim.id)
    )
