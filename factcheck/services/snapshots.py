"""The snapshot a publication freezes: the article, its current text and, for each claim, what an editor
approved (services/verdicts.py): the latest approved verdict, the evidence and the span that approval covered.
A claim back in review keeps showing its last approval here until it is approved again."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from factcheck.models import (
    AnchorState,
    Article,
    Claim,
    Evidence,
    Rating,
    Source,
    Triage,
    UnfoundPassage,
    Verdict,
    VerdictState,
)
from factcheck.models.snapshot import (
    SNAPSHOT_SCHEMA,
    Snapshot,
    SnapshotClaim,
    SnapshotEvidence,
    SnapshotScale,
    SnapshotSource,
    SnapshotVerdict,
)
from factcheck.rendering import unquoted
from factcheck.services import evidence_checks, ratings
from factcheck.services import verdicts as approval
from factcheck.services.errors import ValidationError
from factcheck.services.published_events import snapshot_timeline


def _approved_verdicts(session: Session, claim_ids: list[int]) -> dict[int, Verdict]:
    """The latest approved verdict of each claim (one query)."""
    if not claim_ids:
        return {}
    latest_ids = (
        select(func.max(Verdict.id))
        .where(Verdict.claim_id.in_(claim_ids), Verdict.state == VerdictState.APPROVED)
        .group_by(Verdict.claim_id)
    )
    stmt = (
        select(Verdict)
        .where(Verdict.id.in_(latest_ids))
        .options(joinedload(Verdict.rating), joinedload(Verdict.author), joinedload(Verdict.approver))
    )
    return {v.claim_id: v for v in session.scalars(stmt)}


def _verdict_dict(v: Verdict, rating: Rating) -> SnapshotVerdict:
    return {
        "id": v.id,
        "rating": {
            "label": rating.label,
            "value": rating.value,
            "icon": rating.icon,
            "colour": rating.colour,
            "definition": rating.definition,
        },
        "summary": v.summary,
        "rationale": v.rationale,
        "author": v.author.name,
        "approver": v.approver.name if v.approver else None,
        "approved_at": v.created_at.isoformat(),
    }


def build_snapshot(session: Session, article: Article, *, being_checked: bool = False) -> Snapshot:
    """Readers see the claims the desk accepted: checked ones with their verdict; accepted ones not checked yet
    are counted (`unshown_accepted`), or listed as "being checked" when the editor asks (`being_checked`). The
    engine's suggestions and dismissed claims never appear."""
    revision = article.current_revision
    if revision is None:
        raise ValidationError("The article has no text to publish.")
    claims = list(
        session.scalars(
            select(Claim)
            .where(
                Claim.article_id == article.id,
                Claim.triage == Triage.ACCEPTED,
                Claim.anchor_state != AnchorState.ORPHAN,
            )
            .order_by(Claim.start)
        )
    )
    verdicts = _approved_verdicts(session, [c.id for c in claims])
    evidence = [
        e
        for e in session.scalars(
            select(Evidence)
            .where(Evidence.claim_id.in_(list(verdicts)))
            .options(joinedload(Evidence.source))
            .order_by(Evidence.id)
        )
        if approval.covers_evidence(verdicts[e.claim_id], e)  # evidence attached since waits for approval
    ]
    out_claims: list[SnapshotClaim] = []
    unshown = 0
    for c in claims:
        v = verdicts.get(c.id)
        if v is None and not being_checked:
            unshown += 1
            continue
        out_claims.append(
            {
                "id": c.id,
                **approval.approved_span(c, v),
                "kind": c.kind,
                "speaker": c.speaker,
                "dates": c.dates,
                "checked": v is not None,
                "verdict": _verdict_dict(v, v.rating) if v else None,
                "evidence": [_evidence_dict(e) for e in evidence if e.claim_id == c.id],
                "being_checked": v is None,
            }
        )
    return {
        "schema": SNAPSHOT_SCHEMA,
        "article": {
            "title": article.title,
            "outlet": article.outlet,
            "url": article.url,
            "author": article.author,
            "slug": article.slug,
            "published_on": article.published_on.isoformat() if article.published_on else None,
        },
        "revision": {"number": revision.number, "sha256": revision.sha256, "text": revision.text},
        "claims": out_claims,
        "scale": _scale(session),
        "timeline": snapshot_timeline(session, article.id, list(verdicts)),
        "unshown_accepted": unshown,
    }


def _evidence_dict(e: Evidence) -> SnapshotEvidence:
    """A passage is a quotation only when it was found in the archived copy; otherwise it is the reviewer's
    summary (shown without quotation marks, labelled) or left out, as the reviewer chose."""
    found = e.match_score is not None
    passage = unquoted(e.passage)
    if not found and e.unfound == UnfoundPassage.OMIT:
        passage = ""
    return {
        "stance": e.stance,
        "passage": passage,
        "match_score": e.match_score,
        "source": _source_dict(e.source),
    }


def _source_dict(s: Source) -> SnapshotSource:
    """What a publication keeps of a source. A confidential one keeps nothing that could name it: readers and
    public exports see "a confidential source" (and the desk's public description in `note`, if any)."""
    secret = s.confidential
    return {
        "id": s.id,
        "url": "" if secret else s.url,
        "final_url": None if secret else s.final_url,
        "title": "" if secret else s.title,
        "publisher": "" if secret else s.publisher,
        "fetched_at": s.fetched_at.isoformat() if s.fetched_at and not secret else None,
        "sha256": None if secret else s.sha256,
        "confidential": secret,
        "note": s.note,
        "kind": s.kind,
        "person": "" if secret else s.person,
        "organisation": "" if secret else s.organisation,
        "contacted_on": s.contacted_on.isoformat() if s.contacted_on and not secret else None,
        "method": s.method,
        "unreachable": evidence_checks.unreachable(s),
    }


def _scale(session: Session) -> SnapshotScale | None:
    scale = ratings.active_scale(session)
    if scale is None:
        return None
    return {"name": scale.name, "slug": scale.slug, "best": scale.best, "worst": scale.worst}
