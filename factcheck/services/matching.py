"""Find what was already checked: this desk's claims with an approved verdict, and other fact-checkers' reviews.

Candidates of each pool (verdicted claims of other articles; imported reviews) come from two searches: full-text
search for the query's rarest words (services/match_candidates.py: bounded work whatever the query) and exact
search over the pool's vectors (services/vector_pool.py: a float32 matrix per process). All of them are ordered by
BM25 of every word of the query (`claims.matching.rescore`, with the document frequencies the word choice read),
then `claims.matching.rank` fuses that lexical order with the semantic one. The two pools are ranked separately
(their lexical scores are not comparable) and merged by fused score.

The vector search (a matrix product over every candidate's vector: about 15 ms at 100,000 claims) runs in a
worker thread while this thread waits for the database to rank by words (`find`): numpy and the database
drivers both release the GIL, so the two overlap instead of adding up.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

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


def _nearest(
    pools: dict[Kind, vector_pool.Pool],
    vector: embeddings.Vector,
    kinds: Sequence[Kind],
    exclude_claim: int,
    exclude_article: int,
) -> dict[Kind, list[int]]:
    """Pure numpy: the keys nearest to `vector` in each pool of `kinds`, best first."""
    found: dict[Kind, list[int]] = {}
    for kind in kinds:
        key, group = (exclude_claim, exclude_article) if kind == "claims" else (0, 0)
        nearest = vector_pool.nearest(pools[kind], vector, SEMANTIC_DEPTH, exclude_key=key, exclude_group=group)
        found[kind] = [int(k) for k in nearest]
    return found


_executor: tuple[int, ThreadPoolExecutor] | None = None
_executor_lock = threading.Lock()


def _search_threads() -> ThreadPoolExecutor:
    """This process's vector-search threads (made after a fork, never inherited: a forked child has none)."""
    global _executor
    with _executor_lock:
        if _executor is None or _executor[0] != os.getpid():
            _executor = (os.getpid(), ThreadPoolExecutor(max_workers=4, thread_name_prefix="vector-search"))
        return _executor[1]


def _near_started(
    session: Session, vector: embeddings.Vector | None, kinds: Sequence[Kind], exclude_claim: int, exclude_article: int
) -> Future[dict[Kind, list[int]]] | None:
    """Start the vector search in a worker thread (the pools are brought up to date here first: the session stays
    in this thread). None without a vector."""
    if vector is None:
        return None
    pools = vector_pool.refresh(session)
    return _search_threads().submit(_nearest, pools, vector, kinds, exclude_claim, exclude_article)


def _near(
    session: Session, vector: embeddings.Vector | None, kinds: Sequence[Kind], exclude_claim: int, exclude_article: int
) -> dict[Kind, list[int]]:
    if vector is None:
        return {}
    return _nearest(vector_pool.refresh(session), vector, kinds, exclude_claim, exclude_article)


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
    found = match_candidates.candidates(
        session, "claims", choice, near, exclude_claim=exclude_claim, exclude_article=exclude_article, depth=depth
    )
    return match_candidates.rescored(session, query, choice, found)


def external_candidates(
    session: Session, query: str, *, vector: embeddings.Vector | None = None, depth: int = DEPTH
) -> list[Candidate]:
    """Imported reviews whose claim shares rare words with `query`, then those nearest to `vector`."""
    choice = match_candidates.choices(session, query, ["external"])["external"]
    near = _near(session, vector, ["external"], 0, 0).get("external", [])
    found = match_candidates.candidates(session, "external", choice, near, depth=depth)
    return match_candidates.rescored(session, query, choice, found)


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
    pending = _near_started(session, vector, kinds, exclude_claim, exclude_article)  # runs while the words rank
    picked = match_candidates.choices(session, query, kinds)
    own_ranked = match_candidates.ranked(
        session, "claims", picked["claims"], exclude_claim=exclude_claim, exclude_article=exclude_article
    )
    their_ranked = match_candidates.ranked(session, "external", picked["external"]) if external else []
    near = pending.result() if pending is not None else {}
    own_found = match_candidates.details(session, "claims", own_ranked, near.get("claims", []))
    own = rank(query, vector, match_candidates.rescored(session, query, picked["claims"], own_found), top)
    theirs: list[Match] = []
    if external:
        external_found = match_candidates.details(session, "external", their_ranked, near.get("external", []))
        theirs = rank(query, vector, match_candidates.rescored(session, query, picked["external"], external_found), top)
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
