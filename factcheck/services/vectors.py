"""Stored sentence vectors of claims: written when claims are created, back-filled by `flask claims embed`.

Each claim is embedded once per model; the row keeps the sha256 of the text it was computed from, so a claim
whose quote changed (span adjusted, split, merged) is found stale and embedded again. When the model package is
not installed nothing is stored and matching is lexical only.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.models import Claim, ClaimEmbedding

BATCH = 256


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def enabled() -> bool:
    return embeddings.encoder() is not None


def embed_claims(session: Session, claims: Sequence[Claim]) -> int:
    """Store (or refresh) the vectors of these claims; returns how many were written. Adds and flushes."""
    encoder = embeddings.encoder()
    todo = [c for c in claims if c.quote.strip()]
    if encoder is None or not todo:
        return 0
    existing = {
        e.claim_id: e
        for e in session.scalars(
            select(ClaimEmbedding).where(
                ClaimEmbedding.claim_id.in_([c.id for c in todo]), ClaimEmbedding.model == encoder.name
            )
        )
    }
    stale = [c for c in todo if c.id not in existing or existing[c.id].text_sha256 != text_digest(c.quote)]
    if not stale:
        return 0
    vectors = encoder.encode([c.quote for c in stale])
    for claim, vector in zip(stale, vectors, strict=True):
        row = existing.get(claim.id)
        if row is None:
            row = ClaimEmbedding(claim_id=claim.id, model=encoder.name)
            session.add(row)
        row.vector = embeddings.to_bytes(vector)
        row.text_sha256 = text_digest(claim.quote)
    session.flush()
    return len(stale)


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
        chunk = list(session.scalars(select(Claim).where(Claim.id.in_(ids[start : start + batch]))))
        written = embed_claims(session, chunk)
        yield len(chunk), written


def vector_of(session: Session, claim: Claim) -> embeddings.Vector | None:
    """The claim's stored vector if it is current, else a fresh one (not stored), else None without the model."""
    row = session.get(ClaimEmbedding, (claim.id, embeddings.MODEL_NAME))
    if row is not None and row.text_sha256 == text_digest(claim.quote):
        return embeddings.from_bytes(row.vector)
    encoder = embeddings.encoder()
    return encoder.encode([claim.quote])[0] if encoder is not None and claim.quote.strip() else None
