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
    ClaimStatus,
    Evidence,
    Rating,
    Verdict,
    VerdictState,
)
from factcheck.models.snapshot import (
    SNAPSHOT_SCHEMA,
    Snapshot,
    SnapshotClaim,
    SnapshotEvidence,
    SnapshotScale,
    SnapshotVerdict,
)
from factcheck.services import ratings
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


def build_snapshot(session: Session, article: Article) -> Snapshot:
    revision = article.current_revision
    if revision is None:
        raise ValidationError("The article has no text to publish.")
    claims = list(
        session.scalars(
            select(Claim)
            .where(
                Claim.article_id == article.id,
                Claim.status != ClaimStatus.DISMISSED,
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
    for c in claims:
        v = verdicts.get(c.id)
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
    }


def _evidence_dict(e: Evidence) -> SnapshotEvidence:
    return {
        "stance": e.stance,
        "passage": e.passage,
        "match_score": e.match_score,
        "source": {
            "id": e.source.id,
            "url": e.source.url,
            "final_url": e.source.final_url,
            "title": e.source.title,
            "publisher": e.source.publisher,
            "fetched_at": e.source.fetched_at.isoformat() if e.source.fetched_at else None,
            "sha256": e.source.sha256,
            "confidential": e.source.confidential,
            "note": e.source.note,
        },
    }


def _scale(session: Session) -> SnapshotScale | None:
    scale = ratings.active_scale(session)
    if scale is None:
        return None
    return {"name": scale.name, "slug": scale.slug, "best": scale.best, "worst": scale.worst}
