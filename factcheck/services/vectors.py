"""Stored sentence vectors of claims: computed only where something needs them, back-filled by `flask claims embed`.

Embedding costs about 10 ms a sentence, so claims are not embedded when they are imported. A claim is embedded
when its verdict is approved (it becomes a "previously checked" candidate), when its own matches are shown
(`vector_for`, stored for the next time), when a learned ranker that reads embeddings scores it, and by
`flask claims embed`. `embed_claims(session, ids)` is the one entry point a background job can call.

Each claim is embedded once per model; the row keeps the sha256 of the text it was computed from, so a claim
whose quote changed (span adjusted, split, merged) is found stale and embedded again. Rows are written with an
upsert, so two requests embedding the same claim at once do not collide. When the model package is not installed
nothing is stored and matching is lexical only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
from sqlalchemy import and_, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.models import Claim, ClaimEmbedding, utcnow

BATCH = 256


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def enabled() -> bool:
    return embeddings.encoder() is not None


def _store(session: Session, rows: list[dict[str, Any]]) -> None:
    """Insert or replace vectors (claim_id, model, vector, text_sha256), whoever wrote them first."""
    if not rows:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(ClaimEmbedding)
    excluded = stmt.excluded
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=[ClaimEmbedding.claim_id, ClaimEmbedding.model],
            set_={"vector": excluded.vector, "text_sha256": excluded.text_sha256, "created_at": excluded.created_at},
        ),
        rows,
    )


def _current(session: Session, ids: Sequence[int], model: str) -> dict[int, str]:
    stmt = select(ClaimEmbedding.claim_id, ClaimEmbedding.text_sha256).where(
        ClaimEmbedding.claim_id.in_(ids), ClaimEmbedding.model == model
    )
    return {int(cid): str(sha) for cid, sha in session.execute(stmt)}


def embed_claims(session: Session, ids: Sequence[int]) -> int:
    """Store (or refresh) the vectors of the claims with these ids; returns how many were written. Flushes."""
    encoder = embeddings.encoder()
    if encoder is None or not ids:
        return 0
    session.flush()
    written = 0
    unique = sorted(set(ids))
    for start in range(0, len(unique), BATCH):
        chunk = unique[start : start + BATCH]
        quotes = {int(i): str(q) for i, q in session.execute(select(Claim.id, Claim.quote).where(Claim.id.in_(chunk)))}
        known = _current(session, chunk, encoder.name)
        stale = [(i, q) for i, q in quotes.items() if q.strip() and known.get(i) != text_digest(q)]
        if not stale:
            continue
        vectors = encoder.encode([q for _, q in stale])
        now = utcnow()
        _store(session, [{"claim_id": i, "model": encoder.name, "vector": embeddings.to_bytes(v),
                          "text_sha256": text_digest(q), "created_at": now}
                         for (i, q), v in zip(stale, vectors, strict=True)])  # fmt: skip
        written += len(stale)
    return written


Encoded = tuple[str, list[bytes]]  # (model name, one stored vector per text)


def encode(texts: Sequence[str]) -> Encoded | None:
    """Vectors for `texts` with no session at hand: an import computes them before it writes anything (so no
    lock is held meanwhile) and stores them with `store`. None without the model."""
    encoder = embeddings.encoder()
    if encoder is None or not texts:
        return None
    return encoder.name, [embeddings.to_bytes(v) for v in encoder.encode(list(texts))]


def store(session: Session, encoded: Encoded, claims: Sequence[tuple[int, str]]) -> None:
    """Insert the vectors `encode` computed for these (claim id, quote) pairs, in the same order (one statement)."""
    model, vectors = encoded
    rows = [
        {"claim_id": claim_id, "model": model, "vector": vector, "text_sha256": text_digest(quote)}
        for (claim_id, quote), vector in zip(claims, vectors, strict=True)
    ]
    if rows:
        session.execute(insert(ClaimEmbedding), rows)


def missing_claim_ids(session: Session) -> list[int]:
    """Claims with no vector for the current model (stale ones are refreshed by `embed_claims` as they come)."""
    joined = and_(ClaimEmbedding.claim_id == Claim.id, ClaimEmbedding.model == embeddings.MODEL_NAME)
    stmt = select(Claim.id).outerjoin(ClaimEmbedding, joined).where(ClaimEmbedding.claim_id.is_(None))
    return list(session.scalars(stmt.order_by(Claim.id)))


def backfill(session: Session, *, everything: bool = False, batch: int = BATCH) -> Iterator[tuple[int, int]]:
    """Embed claims that have no vector (`everything`: check every claim for staleness too), in batches.

    Yields (claims looked at, vectors written) after each batch, for a progress bar; the caller commits.
    """
    ids = list(session.scalars(select(Claim.id).order_by(Claim.id))) if everything else missing_claim_ids(session)
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        yield len(chunk), embed_claims(session, chunk)


def stored_vector(session: Session, claim: Claim) -> embeddings.Vector | None:
    """The claim's stored vector if it is current for its quote, else None (one statement)."""
    row = session.execute(
        select(ClaimEmbedding.vector, ClaimEmbedding.text_sha256).where(
            ClaimEmbedding.claim_id == claim.id, ClaimEmbedding.model == embeddings.MODEL_NAME
        )
    ).first()
    if row is not None and row.text_sha256 == text_digest(claim.quote):
        return embeddings.from_bytes(row.vector)
    return None


def vector_for(session: Session, claim: Claim, *, store: bool = True) -> embeddings.Vector | None:
    """The claim's vector: the stored one if current, else computed now and (with `store`) kept for next time.

    None without the model or for an empty quote. Storing writes a row: the caller commits, as for any write.
    """
    vector = stored_vector(session, claim)
    encoder = embeddings.encoder()
    if vector is not None or encoder is None or not claim.quote.strip():
        return vector
    vector = np.asarray(encoder.encode([claim.quote])[0], dtype=np.float32)
    if store:
        _store(session, [{"claim_id": claim.id, "model": encoder.name, "vector": embeddings.to_bytes(vector),
                          "text_sha256": text_digest(claim.quote), "created_at": utcnow()}])  # fmt: skip
    return vector


def vector_of(session: Session, claim: Claim) -> embeddings.Vector | None:
    """The claim's vector without writing anything (computed when none is stored)."""
    return vector_for(session, claim, store=False)
