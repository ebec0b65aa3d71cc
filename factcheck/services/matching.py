"""Find what was already checked: this desk's claims with an approved verdict, and other fact-checkers' reviews.

Candidates of each pool (verdicted claims of other articles; imported reviews) come from two searches: full-text
search for the query's rarest words (services/match_candidates.py: bounded work whatever the query) and exact
search over the pool's vectors (services/vector_pool.py: a float32 matrix per process). `claims.matching.rank`
fuses the lexical and semantic orders. The two pools are ranked separately (full-text scores of two tables are not
comparable) and merged by fused score.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from factcheck.claims import embeddings
from factcheck.claims.matching import SEMANTIC_DEPTH, Candidate, Match, clean_query, rank
from factcheck.models import Claim, ExternalCheck, Verdict, VerdictState
from factcheck.services import match_candidates, vector_pool, vectors
from factcheck.services.match_candidates import DEPTH, Kind


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
        """The external review's address if it is an http(s) one (rows imported before that check included)."""
        url = self.external.review_url if self.external is not None else ""
        return url if url.lower().startswith(("http://", "https://")) else ""


def _near(
    session: Session, vector: embeddings.Vector | None, kinds: Sequence[Kind], exclude_claim: int, exclude_article: int
) -> dict[Kind, list[int]]:
    if vector is None:
        return {}
    pools = vector_pool.refresh(session)
    claims = vector_pool.nearest(
        pools["claims"], vector, SEMANTIC_DEPTH, exclude_key=exclude_claim, exclude_group=exclude_article
    )
    found: dict[Kind, np.ndarray] = {
        "claims": claims,
        "external": vector_pool.nearest(pools["external"], vector, SEMANTIC_DEPTH),
    }
    return {kind: [int(k) for k in found[kind]] for kind in kinds}


def claim_candidates(
    session: Session,
    query: str,
    *,
    vector: embeddings.Vector | None = None,
    exclude_claim: int = 0,
    exclude_article: int = 0,
    depth: int = DEPTH,
) -> list[Candidate]:
    """Claims with an approved verdict whose quote shares rare words with `query` (best full-text rank first),
    then those nearest to `vector` that full-text search did not find."""
    choice = match_candidates.choices(session, query, ["claims"])["claims"]
    near = _near(session, vector, ["claims"], exclude_claim, exclude_article).get("claims", [])
    return match_candidates.candidates(
        session, "claims", choice, near, exclude_claim=exclude_claim, exclude_article=exclude_article, depth=depth
    )


def external_candidates(
    session: Session, query: str, *, vector: embeddings.Vector | None = None, depth: int = DEPTH
) -> list[Candidate]:
    """Imported reviews whose claim shares rare words with `query`, then those nearest to `vector`."""
    choice = match_candidates.choices(session, query, ["external"])["external"]
    near = _near(session, vector, ["external"], 0, 0).get("external", [])
    return match_candidates.candidates(session, "external", choice, near, depth=depth)


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
    kinds: list[Kind] = ["claims", "external"] if external else ["claims"]
    near = _near(session, vector, kinds, exclude_claim, exclude_article)
    picked = match_candidates.choices(session, query, kinds)
    own_candidates = match_candidates.candidates(
        session,
        "claims",
        picked["claims"],
        near.get("claims", []),
        exclude_claim=exclude_claim,
        exclude_article=exclude_article,
    )
    own = rank(query, vector, own_candidates, top)
    theirs: list[Match] = []
    if external:
        external_found = match_candidates.candidates(session, "external", picked["external"], near.get("external", []))
        theirs = rank(query, vector, external_found, top)
    loaded = _latest_approved(session, [int(m.key) for m in own]) if own else {}
    review_ids = [int(m.key) for m in theirs]
    chosen = select(ExternalCheck).where(ExternalCheck.id.in_(review_ids))
    reviews = {x.id: x for x in session.scalars(chosen)} if review_ids else {}
    found = [Found("claim", m, *loaded[int(m.key)]) for m in own if int(m.key) in loaded]
    found += [Found("external", m, external=reviews[int(m.key)]) for m in theirs if int(m.key) in reviews]
    found.sort(key=lambda f: -f.match.score)
    return found[:top]


def find_for_claim(
    session: Session, claim: Claim, *, external: bool = True, top: int = 5, store_vector: bool = True
) -> list[Found]:
    """Matches for a claim of this desk, leaving out its own article. The claim's vector is the stored one, or is
    computed now and (`store_vector`) stored for next time: the caller commits."""
    return find(
        session,
        claim.quote,
        vector=vectors.vector_for(session, claim, store=store_vector),
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
