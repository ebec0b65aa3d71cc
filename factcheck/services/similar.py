"""“Previously checked”: claims with verdicts that resemble a claim, by full-text search then rapidfuzz re-ranking.

SQLite uses the FTS5 table `claims_fts` (kept in step with `claims` by triggers); PostgreSQL uses a GIN index on
to_tsvector('english', quote). Both are created by migration 2026_11_27_2230.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session, joinedload

from factcheck.models import Claim, Verdict, VerdictState

_WORD = re.compile(r"[^\W_]{3,}", re.UNICODE)
_STOP = frozenset(
    (
        "the",
        "and",
        "for",
        "that",
        "with",
        "this",
        "from",
        "was",
        "were",
        "has",
        "have",
        "had",
        "are",
        "its",
        "his",
        "her",
        "their",
        "they",
        "will",
        "would",
        "said",
        "says",
        "about",
        "into",
        "than",
        "then",
        "there",
        "which",
        "who",
        "what",
        "when",
        "where",
        "also",
        "been",
        "not",
        "but",
    )
)
CANDIDATES = 50


@dataclass(frozen=True)
class SimilarClaim:
    claim: Claim
    verdict: Verdict
    score: float  # 0..100, rapidfuzz token_set_ratio


def _terms(quote: str) -> list[str]:
    seen: dict[str, None] = {}
    for word in _WORD.findall(quote.lower()):
        if word not in _STOP:
            seen.setdefault(word, None)
    return list(seen)[:24]


def _candidate_ids(session: Session, claim: Claim, terms: list[str]) -> list[int]:
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        match = " OR ".join(f'"{t}"' for t in terms)
        rows = session.execute(
            text(
                "SELECT rowid FROM claims_fts WHERE claims_fts MATCH :q AND rowid != :id "
                "ORDER BY bm25(claims_fts) LIMIT :n"
            ),
            {"q": match, "id": claim.id, "n": CANDIDATES * 4},
        )
        return [int(r[0]) for r in rows]
    query = func.to_tsquery("english", " | ".join(terms))
    vector = func.to_tsvector("english", Claim.quote)
    stmt = (
        select(Claim.id)
        .where(vector.op("@@")(query), Claim.id != claim.id)
        .order_by(func.ts_rank(vector, query).desc())
        .limit(CANDIDATES * 4)
    )
    return list(session.scalars(stmt))


def previously_checked(
    session: Session, claim: Claim, limit: int = 5, *, load_related: bool = False
) -> list[SimilarClaim]:
    """The most similar claims of other articles that have an approved verdict, best first.

    With `load_related`, each claim's article and each verdict's rating come in the same statement.
    """
    terms = _terms(claim.quote)
    if not terms:
        return []
    ids = _candidate_ids(session, claim, terms)
    if not ids:
        return []
    latest = (
        select(func.max(Verdict.id))
        .where(Verdict.claim_id.in_(ids), Verdict.state == VerdictState.APPROVED)
        .group_by(Verdict.claim_id)
    )
    stmt = (
        select(Claim, Verdict)
        .join(Verdict, Verdict.claim_id == Claim.id)
        .where(Verdict.id.in_(latest), Claim.article_id != claim.article_id)
        .limit(CANDIDATES)
    )
    if load_related:
        stmt = stmt.options(joinedload(Claim.article), joinedload(Verdict.rating))
    rows = session.execute(stmt).all()
    ranked = [SimilarClaim(c, v, fuzz.token_set_ratio(claim.quote, c.quote)) for c, v in rows]
    ranked.sort(key=lambda s: (-s.score, s.claim.id))
    return ranked[:limit]
