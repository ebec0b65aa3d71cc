"""Source jobs: fetch and archive a source, then link it to a claim as evidence.

The fetch runs with no lock held; the source, the evidence and the job's `succeeded` commit together, so a
consumer that dies mid-fetch leaves nothing and the next attempt starts clean. A source that cannot be fetched
(404, refused, timed out) is recorded as unreachable, which the claim page flags: that is the job's result, not
its failure.
"""

from __future__ import annotations

from factcheck.config import fetch_policy
from factcheck.database import lock_rows
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
    source = sources.fetch_source(ctx.session, ctx.actor, str(ctx.args["url"]), fetch_policy(ctx.config))
    if ctx.args.get("confidential") and not source.confidential:
        sources.set_confidential(ctx.session, ctx.actor, source, True)
    # The fetch took a while: other jobs may have attached sources to this claim meanwhile (each moves its
    # version on). Lock the claim and read it afresh, so concurrent attachments queue up instead of failing.
    [claim] = lock_rows(ctx.session, Claim, [claim.id])
    was = claim.status
    evidence = sources.add_evidence(
        ctx.session,
        ctx.actor,
        claim,
        source,
        stance=str(ctx.args.get("stance") or "context"),
        passage=str(ctx.args.get("passage") or ""),
        note=str(ctx.args.get("note") or ""),
    )
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
