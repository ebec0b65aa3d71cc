"""Source jobs: fetch and archive a source, then link it to a claim as evidence.

The fetch runs with no lock held; the source, the evidence and the job's `succeeded` commit together, so a
consumer that dies mid-fetch leaves nothing and the next attempt starts clean. A source that cannot be fetched
(404, refused, timed out) is recorded as unreachable, which the claim page flags: that is the job's result, not
its failure.
"""

from __future__ import annotations

from factcheck.config import fetch_policy
from factcheck.models import Claim
from factcheck.services import sources
from factcheck.services.errors import NotFound, PermissionDenied
from factcheck.tasks.registry import Outcome, TaskContext, task


@task(sources.ATTACH_JOB)
def attach(ctx: TaskContext) -> Outcome:
    claim = ctx.session.get(Claim, int(ctx.args["claim_id"]))
    if claim is None:
        raise NotFound(f"Claim {ctx.args['claim_id']} no longer exists.")
    if ctx.actor is None:
        raise PermissionDenied("Attaching a source needs the user who asked for it.")
    ctx.progress(0.1, "fetching the source")
    was = claim.status
    evidence = sources.attach_source(
        ctx.session,
        ctx.actor,
        claim,
        str(ctx.args["url"]),
        fetch_policy(ctx.config),
        stance=str(ctx.args.get("stance") or "context"),
        passage=str(ctx.args.get("passage") or ""),
        note=str(ctx.args.get("note") or ""),
    )
    source = evidence.source
    return Outcome(
        {
            "claim_id": claim.id,
            "evidence_id": evidence.id,
            "source_id": source.id,
            "http_status": source.http_status,
            "fetch_error": source.fetch_error,
            "match_score": evidence.match_score,
            "passage": bool(evidence.passage),
            "reopened": claim.status != was,
            "claim_version": claim.version,
            "claim_status": str(claim.status),
        }
    )
