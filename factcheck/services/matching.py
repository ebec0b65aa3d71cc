"""Find what was already checked: this desk's claims with an approved verdict, and other fact-checkers' reviews.

Candidates come from full-text search, filtered to what can be shown (claims with an approved verdict, of
another article) BEFORE the limit and ordered by rank: SQLite FTS5 `bm25()` on claims_fts / external_checks_fts,
PostgreSQL `ts_rank_cd` on the stored tsvector columns quote_tsv / claim_tsv. Their stored vectors come in the
same statement; `claims.matching.rank` fuses the lexical and semantic orders. The two pools are ranked separately
(full-text scores of two tables are not comparable) and merged by fused score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.orm import Session, joinedload

from factcheck.claims import embeddings
from factcheck.claims.matching import Candidate, Match, clean_query, fts5_query, rank, terms, tsquery
from factcheck.models import Claim, ExternalCheck, Verdict, VerdictState
from factcheck.services import vectors

DEPTH = 100  # full-text candidates re-ranked per pool

# Stage 1 ranks ids only (no quote, no vector read for the thousands of rows a common word matches); stage 2
# reads quotes and vectors of the `depth` best.
_SQLITE_CLAIMS = """
SELECT f.rowid, -f.rank FROM claims_fts f
WHERE f.claims_fts MATCH :q AND f.rowid != :claim
  AND f.rowid NOT IN (SELECT c.id FROM claims c WHERE c.article_id = :article)
  AND EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = f.rowid AND v.state = :approved)
ORDER BY f.rank LIMIT :n
"""
_POSTGRES_CLAIMS = """
SELECT c.id, ts_rank_cd(c.quote_tsv, q) AS score
FROM claims c CROSS JOIN to_tsquery('english', :q) AS q
WHERE c.quote_tsv @@ q AND c.id != :claim AND c.article_id != :article
  AND EXISTS (SELECT 1 FROM verdicts v WHERE v.claim_id = c.id AND v.state = :approved)
ORDER BY score DESC, c.id LIMIT :n
"""
_CLAIM_DETAILS = """
SELECT c.id, c.quote, e.vector, e.text_sha256 FROM claims c
LEFT JOIN claim_embeddings e ON e.claim_id = c.id AND e.model = :model
WHERE c.id IN :ids
"""
_SQLITE_EXTERNAL = """
SELECT x.id, x.claim_text, -bm25(external_checks_fts) AS score, x.embedding, x.embedding_model
FROM external_checks_fts JOIN external_checks x ON x.id = external_checks_fts.rowid
WHERE external_checks_fts MATCH :q ORDER BY bm25(external_checks_fts) LIMIT :n
"""
_POSTGRES_EXTERNAL = """
SELECT x.id, x.claim_text, ts_rank_cd(x.claim_tsv, q) AS score, x.embedding, x.embedding_model
FROM external_checks x CROSS JOIN to_tsquery('english', :q) AS q
WHERE x.claim_tsv @@ q ORDER BY score DESC, x.id LIMIT :n
"""


@dataclass(frozen=True)
class Found:
    """One match: a claim of this desk with its latest approved verdict, or another fact-checker's review."""

    kind: Literal["claim", "external"]
    match: Match
    claim: Claim | None = None
    verdict: Verdict | None = None
    external: ExternalCheck | None = None

    @property
    def org(self) -> str:
        return self.external.reviewer_name if self.external is not None else ""

    @property
    def url(self) -> str:
        return self.external.review_url if self.external is not None else ""


def _query_params(session: Session, query: str) -> tuple[bool, str] | None:
    words = terms(query)
    sqlite = session.get_bind().dialect.name == "sqlite"
    expression = fts5_query(words) if sqlite else tsquery(words)
    return (sqlite, expression) if expression else None


def _vector(data: bytes | None, ok: bool) -> embeddings.Vector | None:
    return embeddings.from_bytes(data) if data is not None and ok else None


def claim_candidates(
    session: Session, query: str, *, exclude_claim: int = 0, exclude_article: int = 0, depth: int = DEPTH
) -> list[Candidate]:
    """Claims with an approved verdict whose quote shares words with `query`, best full-text rank first."""
    params = _query_params(session, query)
    if params is None:
        return []
    sqlite, expression = params
    values: dict[str, Any] = {"q": expression, "n": depth, "claim": exclude_claim, "article": exclude_article}
    ranked = session.execute(
        text(_SQLITE_CLAIMS if sqlite else _POSTGRES_CLAIMS), values | {"approved": VerdictState.APPROVED.value}
    )
    order = [(int(cid), float(score)) for cid, score in ranked]
    if not order:
        return []
    details = text(_CLAIM_DETAILS).bindparams(bindparam("ids", expanding=True))
    found = {
        int(cid): (quote, _vector(vec, sha == vectors.text_digest(quote)))
        for cid, quote, vec, sha in session.execute(
            details, {"ids": [i for i, _ in order], "model": embeddings.MODEL_NAME}
        )
    }
    return [Candidate(str(cid), found[cid][0], score, found[cid][1]) for cid, score in order if cid in found]


def external_candidates(session: Session, query: str, *, depth: int = DEPTH) -> list[Candidate]:
    """Imported reviews whose claim shares words with `query`, best full-text rank first."""
    params = _query_params(session, query)
    if params is None:
        return []
    sqlite, expression = params
    rows = session.execute(text(_SQLITE_EXTERNAL if sqlite else _POSTGRES_EXTERNAL), {"q": expression, "n": depth})
    return [
        Candidate(str(xid), claim, float(score), _vector(vec, model == embeddings.MODEL_NAME))
        for xid, claim, score, vec, model in rows
    ]


def _latest_approved(session: Session, ids: Sequence[int]) -> dict[int, tuple[Claim, Verdict]]:
    latest = (
        select(func.max(Verdict.id))
        .where(Verdict.claim_id.in_(ids), Verdict.state == VerdictState.APPROVED.value)
        .group_by(Verdict.claim_id)
    )
    stmt = (
        select(Claim, Verdict)
        .join(Verdict, Verdict.claim_id == Claim.id)
        .where(Verdict.id.in_(latest))
        .options(joinedload(Claim.article), joinedload(Verdict.rating))
    )
    return {c.id: (c, v) for c, v in session.execute(stmt).all()}


def find(
    session: Session,
    query: str,
    *,
    vector: embeddings.Vector | None = None,
    exclude_claim: int = 0,
    exclude_article: int = 0,
    external: bool = True,
    top: int = 5,
) -> list[Found]:
    """The best `top` matches for a text among verdicted claims (and imported reviews), best first.

    `vector` is the text's embedding when the caller has it (a stored claim's); otherwise it is computed here when
    the model is installed. Without the model the ranking is lexical only (see `semantic_available`).
    """
    if vector is None and (encoder := embeddings.encoder()) is not None and query.strip():
        vector = encoder.encode([query])[0]
    own_candidates = claim_candidates(session, query, exclude_claim=exclude_claim, exclude_article=exclude_article)
    own = rank(query, vector, own_candidates, top)
    theirs = rank(query, vector, external_candidates(session, query), top) if external else []
    loaded = _latest_approved(session, [int(m.key) for m in own]) if own else {}
    review_ids = [int(m.key) for m in theirs]
    chosen = select(ExternalCheck).where(ExternalCheck.id.in_(review_ids))
    reviews = {x.id: x for x in session.scalars(chosen)} if review_ids else {}
    found = [Found("claim", m, *loaded[int(m.key)]) for m in own if int(m.key) in loaded]
    found += [Found("external", m, external=reviews[int(m.key)]) for m in theirs if int(m.key) in reviews]
    found.sort(key=lambda f: -f.match.score)
    return found[:top]


def find_for_claim(session: Session, claim: Claim, *, external: bool = True, top: int = 5) -> list[Found]:
    """Matches for a claim of this desk, leaving out its own article (uses the claim's stored vector)."""
    return find(
        session,
        claim.quote,
        vector=vectors.vector_of(session, claim),
        exclude_claim=claim.id,
        exclude_article=claim.article_id,
        external=external,
        top=top,
    )


def find_for_text(session: Session, text_: str, *, top: int = 5) -> list[Found]:
    """Matches for a text from outside (a post, a reader's suggestion): links, handles and signatures dropped."""
    return find(session, clean_query(text_), top=top)


def semantic_available() -> bool:
    """Whether matches use meaning as well as words (False: the embedding model package is not installed)."""
    return embeddings.available()
