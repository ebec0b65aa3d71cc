"""Claim jobs: sentence vectors for the claims that lack one (or whose text changed), for matching and ranking.

A backfill can cover 100,000 claims: it commits batch by batch (each batch's vectors computed, then written in
a short transaction), so no lock is held for long. Running it again is harmless: claims with a current vector
are skipped (services/vectors.embed_claims).
"""

from __future__ import annotations

from sqlalchemy import select

from factcheck.models import Claim
from factcheck.services import vectors
from factcheck.tasks.registry import Outcome, TaskContext, task

EMBED_JOB = "claims.embed"


@task(EMBED_JOB)
def embed(ctx: TaskContext) -> Outcome:
    session = ctx.session
    ids = [int(i) for i in ctx.args.get("claim_ids") or []]
    if not ids and ctx.args.get("all"):
        ids = list(session.scalars(select(Claim.id).order_by(Claim.id)))
    elif not ids:
        ids = vectors.missing_claim_ids(session)
    looked = written = 0
    for start in range(0, len(ids), vectors.BATCH):
        chunk = ids[start : start + vectors.BATCH]
        written += vectors.embed_claims(session, chunk)
        looked += len(chunk)
        session.commit()  # batch by batch: a short write each time (the job's own row is not part of it)
        ctx.progress(looked / len(ids), f"{looked:,} of {len(ids):,} claims")
    return Outcome({"claims": looked, "vectors_written": written})
