"""“Previously checked” on the claim page: this desk's verdicted claims that resemble a claim, best first.

A thin view of services/matching.py (full-text candidates of verdicted claims, ordered by rank, re-ranked with
sentence embeddings); kept for the claim page until it shows external checks too.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from factcheck.models import Claim, Verdict
from factcheck.services import matching


@dataclass(frozen=True)
class SimilarClaim:
    claim: Claim
    verdict: Verdict
    score: float  # 0..100: semantic similarity when embeddings exist, else the full-text rank's share
    reasons: tuple[str, ...] = ()


def previously_checked(
    session: Session, claim: Claim, limit: int = 5, *, load_related: bool = False
) -> list[SimilarClaim]:
    """The most similar claims of other articles that have an approved verdict, best first.

    Each claim's article and each verdict's rating are always loaded with them (`load_related` is kept for callers).
    """
    found = matching.find_for_claim(session, claim, external=False, top=limit)
    return [
        SimilarClaim(f.claim, f.verdict, f.match.similarity, f.match.reasons)
        for f in found
        if f.claim is not None and f.verdict is not None
    ]
