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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import database, policy
from factcheck.models import Article, Claim, ClaimStatus, Publication, PublicationKind, User
from factcheck.models.snapshot import SNAPSHOT_SCHEMA, Snapshot
from factcheck.services import audit
from factcheck.services.errors import Conflict, PermissionDenied, ValidationError
from factcheck.services.snapshots import build_snapshot

Renderer = Callable[[Session, Publication], str]  # a version's article body as readers see it (HTML)


def latest_publication(session: Session, article: Article) -> Publication | None:
    stmt = select(Publication).where(Publication.article_id == article.id).order_by(Publication.version.desc()).limit(1)
    return session.scalar(stmt)


def _verdict_ids(snapshot: Snapshot) -> dict[int, int | None]:
    return {c["id"]: c["verdict"]["id"] if c["verdict"] else None for c in snapshot["claims"]}


def publish(
    session: Session,
    actor: User,
    article: Article,
    correction_note: str = "",
    *,
    render: Renderer | None = None,
    expected_version: int | None = None,
    being_checked: bool = False,
) -> Publication:
    """Publish the next version; with `expected_version` (the latest the editor saw, 0: none), only if no other
    version was published since (409). `being_checked` lists the accepted claims not checked yet as "being
    checked" (else readers only see them counted)."""
    if not policy.can_publish_article(actor, article):
        raise PermissionDenied("Only editors publish.")
    previous = latest_publication(session, article)
    if expected_version is not None and expected_version != (now := previous.version if previous else 0):
        message = f"Version {now} was published after you looked (you had {expected_version}): review it first."
        raise Conflict(message, fields={"version": "stale"})
    snapshot = build_snapshot(session, article, being_checked=being_checked)
    snapshot["audit_head"] = audit.head(session)  # the chain's head: an anchor against truncation (audit_verify)
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
        kind=PublicationKind.PUBLICATION,
        revision_id=article.current_revision.id if article.current_revision else 0,
        snapshot=snapshot,
        correction_note=note,
        published_by_id=actor.id,
    )
    session.add(publication)
    checked = [c["id"] for c in snapshot["claims"] if c["checked"]]
    # A claim reopened for re-review keeps its status: readers see its last approved verdict meanwhile.
    ready = (ClaimStatus.APPROVED, ClaimStatus.PUBLISHED)
    for claim in database.lock_where(session, Claim, Claim.id.in_(checked), Claim.status.in_(ready)):
        claim.status = ClaimStatus.PUBLISHED
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


def correction_needed(previous: Publication | None, snapshot: Snapshot) -> bool:
    """True when a new version would change a verdict readers saw, or restore a retracted article."""
    if previous is None:
        return False
    if previous.kind is PublicationKind.RETRACTION:
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
    if previous is None or previous.kind is not PublicationKind.PUBLICATION:
        raise ValidationError("Only a published article can be retracted.")
    note = notice.strip()
    if not note:
        raise ValidationError(
            "Say why the article is retracted: readers see this notice.", fields={"correction_note": "required"}
        )
    snapshot: Snapshot = {
        "schema": SNAPSHOT_SCHEMA,
        "article": previous.snapshot["article"],
        "revision": {},
        "claims": [],
        "scale": previous.snapshot.get("scale"),
        "retracts_version": previous.version,
        "audit_head": audit.head(session),
    }
    publication = Publication(
        article_id=article.id,
        version=previous.version + 1,
        kind=PublicationKind.RETRACTION,
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
