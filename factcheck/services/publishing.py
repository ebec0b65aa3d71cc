"""Publishing: immutable, numbered versions with a frozen snapshot of what readers see.

Rules: publishing needs at least one approved claim; publishing again after a published verdict changed (or
after a retraction) needs a correction note; retracting writes a new `retraction` version with a public notice
and keeps every earlier version. Rows are frozen by a session guard (models/publication.py); the one thing
that may be written later is the rendered page cache (`store_rendering`, from empty, once). Publishing and
retracting store it at once when given a `render` callable (the web layer's article body template).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from factcheck import policy
from factcheck.models import (
    Article,
    Claim,
    ClaimStatus,
    Evidence,
    Publication,
    Rating,
    User,
    Verdict,
    VerdictState,
)
from factcheck.services import audit, ratings
from factcheck.services import verdicts as approval
from factcheck.services.errors import Conflict, PermissionDenied, ValidationError

SNAPSHOT_SCHEMA = 1

Renderer = Callable[[Session, Publication], str]  # a version's article body as readers see it (HTML)


def latest_publication(session: Session, article: Article) -> Publication | None:
    stmt = select(Publication).where(Publication.article_id == article.id).order_by(Publication.version.desc()).limit(1)
    return session.scalar(stmt)


def _approved_verdicts(session: Session, claim_ids: list[int]) -> dict[int, Verdict]:
    """The latest approved verdict of each claim (one query)."""
    if not claim_ids:
        return {}
    latest_ids = (
        select(func.max(Verdict.id))
        .where(Verdict.claim_id.in_(claim_ids), Verdict.state == VerdictState.APPROVED.value)
        .group_by(Verdict.claim_id)
    )
    stmt = (
        select(Verdict)
        .where(Verdict.id.in_(latest_ids))
        .options(joinedload(Verdict.rating), joinedload(Verdict.author), joinedload(Verdict.approver))
    )
    return {v.claim_id: v for v in session.scalars(stmt)}


def _verdict_dict(v: Verdict, rating: Rating) -> dict[str, Any]:
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


def build_snapshot(session: Session, article: Article) -> dict[str, Any]:
    revision = article.current_revision
    if revision is None:
        raise ValidationError("The article has no text to publish.")
    claims = list(
        session.scalars(
            select(Claim)
            .where(
                Claim.article_id == article.id,
                Claim.status != ClaimStatus.DISMISSED.value,
                Claim.anchor_state != "orphan",
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
        if approval.covers_evidence(verdicts[e.claim_id], e)
    ]
    out_claims = []
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
                "evidence": [
                    {
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
                    for e in evidence
                    if e.claim_id == c.id
                ],
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
    }


def _scale(session: Session) -> dict[str, Any] | None:
    scale = ratings.active_scale(session)
    if scale is None:
        return None
    return {"name": scale.name, "slug": scale.slug, "best": scale.best, "worst": scale.worst}


def _verdict_ids(snapshot: dict[str, Any]) -> dict[int, int | None]:
    return {c["id"]: (c["verdict"] or {}).get("id") for c in snapshot.get("claims", [])}


def publish(
    session: Session,
    actor: User,
    article: Article,
    correction_note: str = "",
    *,
    render: Renderer | None = None,
    expected_version: int | None = None,
) -> Publication:
    """Publish the next version; with `expected_version` (the latest the editor saw, 0: none), only if no other
    version was published since (409)."""
    if not policy.can_publish_article(actor, article):
        raise PermissionDenied("Only editors publish.")
    previous = latest_publication(session, article)
    if expected_version is not None and expected_version != (now := previous.version if previous else 0):
        message = f"Version {now} was published after you looked (you had {expected_version}): review it first."
        raise Conflict(message, fields={"version": "stale"})
    snapshot = build_snapshot(session, article)
    if not any(c["checked"] for c in snapshot["claims"]):
        raise ValidationError("Approve at least one claim before publishing.")
    note = correction_note.strip()
    if previous is not None and not note and correction_needed(previous, snapshot):
        raise ValidationError(
            "A verdict changed since the last version (or the article was retracted): write a correction note.",
            fields={"correction_note": "required"},
        )
    publication = Publication(
        article_id=article.id,
        version=(previous.version + 1) if previous else 1,
        kind="publication",
        revision_id=article.current_revision.id if article.current_revision else 0,
        snapshot=snapshot,
        correction_note=note,
        published_by_id=actor.id,
    )
    session.add(publication)
    checked = [c["id"] for c in snapshot["claims"] if c["checked"]]
    # A claim reopened for re-review keeps its status: readers see its last approved verdict meanwhile.
    ready = (ClaimStatus.APPROVED.value, ClaimStatus.PUBLISHED.value)
    for claim in session.scalars(select(Claim).where(Claim.id.in_(checked), Claim.status.in_(ready))):
        claim.status = ClaimStatus.PUBLISHED.value
    session.flush()
    audit.record(
        session,
        actor,
        "article.publish",
        "article",
        article.id,
        {"version": publication.version, "checked": len(checked), "correction_note": note},
    )
    if render is not None:
        store_rendering(session, publication, render(session, publication))
    return publication


def correction_needed(previous: Publication | None, snapshot: dict[str, Any]) -> bool:
    """True when a new version would change a verdict readers saw, or restore a retracted article."""
    if previous is None:
        return False
    if previous.kind == "retraction":
        return True
    before, after = _verdict_ids(previous.snapshot), _verdict_ids(snapshot)
    return any(before.get(cid) not in (None, vid) for cid, vid in after.items()) or any(
        vid is not None and cid not in after for cid, vid in before.items()
    )


def retract(
    session: Session, actor: User, article: Article, notice: str, *, render: Renderer | None = None
) -> Publication:
    """Unpublish: a new `retraction` version carrying the public notice; earlier versions stay readable."""
    if not policy.can_publish_article(actor, article):
        raise PermissionDenied("Only editors retract.")
    previous = latest_publication(session, article)
    if previous is None or previous.kind != "publication":
        raise ValidationError("Only a published article can be retracted.")
    note = notice.strip()
    if not note:
        raise ValidationError(
            "Say why the article is retracted: readers see this notice.", fields={"correction_note": "required"}
        )
    snapshot = {
        "schema": SNAPSHOT_SCHEMA,
        "article": previous.snapshot.get("article", {}),
        "revision": {},
        "claims": [],
        "scale": previous.snapshot.get("scale"),
        "retracts_version": previous.version,
    }
    publication = Publication(
        article_id=article.id,
        version=previous.version + 1,
        kind="retraction",
        revision_id=previous.revision_id,
        snapshot=snapshot,
        correction_note=note,
        published_by_id=actor.id,
    )
    session.add(publication)
    session.flush()
    audit.record(
        session,
        actor,
        "article.retract",
        "article",
        article.id,
        {"version": publication.version, "retracts_version": previous.version, "notice": note},
    )
    if render is not None:
        store_rendering(session, publication, render(session, publication))
    return publication


def store_rendering(session: Session, publication: Publication, html: str) -> str:
    """Keep a version's rendered page (once) and return its ETag. A version never changes, so neither does
    its page: later calls return the stored ETag. This is a cache fill, not an edit: no audit event."""
    if publication.html is not None and publication.etag is not None:
        return publication.etag
    publication.html = html
    publication.etag = rendering_etag(publication.version, html)
    session.flush()
    return publication.etag


def rendering_etag(version: int, html: str) -> str:
    """The ETag of a version's rendered page (stored by `store_rendering`, or computed for one never stored)."""
    return f'"v{version}-{hashlib.sha256(html.encode("utf-8")).hexdigest()[:32]}"'


def latest_versions(session: Session) -> dict[int, int]:
    """Article id -> its latest publication version number, for every published article."""
    stmt = select(Publication.article_id, func.max(Publication.version)).group_by(Publication.article_id)
    rows = session.execute(stmt)
    return {article_id: version for article_id, version in rows}
