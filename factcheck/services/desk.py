"""The editor's desk: what waits for the signed-in editor (read-only queries)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, ClaimStatus, User, Verdict, VerdictState


@dataclass(frozen=True)
class Waiting:
    """A submitted verdict an editor may approve: the claim, its article, the verdict and its author."""

    claim: Claim
    article: Article
    verdict: Verdict
    author: User


def waiting_for_approval(session: Session, editor: User, limit: int = 50) -> list[Waiting]:
    """Submitted verdicts the editor may approve (not their own), the longest-waiting first. A verdict is
    waiting when it is the claim's latest row and the claim is still `submitted`."""
    latest = select(Verdict.claim_id, func.max(Verdict.id).label("id")).group_by(Verdict.claim_id).subquery()
    stmt = (
        select(Claim, Article, Verdict, User)
        .join(latest, latest.c.claim_id == Claim.id)
        .join(Verdict, Verdict.id == latest.c.id)
        .join(Article, Article.id == Claim.article_id)
        .join(User, User.id == Verdict.author_id)
        .where(
            Claim.status == ClaimStatus.SUBMITTED,
            Verdict.state == VerdictState.SUBMITTED,
            Verdict.author_id != editor.id,
        )
        .order_by(Verdict.created_at, Verdict.id)
        .limit(limit)
    )
    return [Waiting(c, a, v, u) for c, a, v, u in session.execute(stmt)]
