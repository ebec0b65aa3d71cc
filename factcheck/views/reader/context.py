"""Building what reader pages show from a frozen Publication: verdict tones and icons, ClaimReview and Web
Annotation documents with absolute URLs on our own site (SITE_URL)."""

from __future__ import annotations

import functools
from typing import Any

from flask import current_app, url_for
from markupsafe import Markup
from sqlalchemy.orm import Session

from factcheck import rating_icons
from factcheck.exports import annotations as anno
from factcheck.exports import json_ld_for_html
from factcheck.exports.claimreview import claim_review
from factcheck.exports.events import event_json_ld, timeline_json_ld
from factcheck.extensions import db
from factcheck.models import Publication
from factcheck.models.snapshot import ExportClaim, ScaleBounds, Snapshot, SnapshotClaim
from factcheck.rendering import render_markdown
from factcheck.services import reading, settings

ICONS = {"bad": "cross", "mixed": "half", "good": "check", "other": "question", "none": "circle"}


def site_url(path: str) -> str:
    return str(current_app.config["SITE_URL"]).rstrip("/") + path


def tone(claim: ExportClaim, scale: ScaleBounds | None) -> str:
    """bad | mixed | good (by position on the numeric ladder), other (a label off the ladder), none (not checked)."""
    verdict = claim.get("verdict")
    if not verdict:
        return "none"
    value = verdict["rating"].get("value")
    best, worst = (scale["best"], scale["worst"]) if scale else (None, None)
    if value is None or best is None or worst is None or best == worst:
        return "other"
    share = (value - worst) / (best - worst)
    return "bad" if share < 0.34 else "good" if share > 0.66 else "mixed"


def icon(claim: SnapshotClaim, scale: ScaleBounds | None) -> Markup:
    """The rating's icon from the bundled set, inline SVG (factcheck/rating_icons.py); the tone's when it has none."""
    verdict = claim.get("verdict")
    own = verdict["rating"].get("icon") if verdict else ""
    return rating_icons.svg(own if rating_icons.name_of(own or "") else ICONS[tone(claim, scale)])


def organisation() -> dict[str, str]:
    return settings.organisation(
        db.session(), fallback_name=str(current_app.config["ORGANISATION_NAME"]), fallback_url=site_url("/about")
    )


def claim_url(claim_id: int) -> str:
    return site_url(url_for("reader.claim", claim_id=claim_id))


def claim_review_for(pub: Publication, claim: ExportClaim, org: dict[str, str] | None = None) -> dict[str, Any]:
    """A claim's ClaimReview; pass `org` (organisation()) when building many, so it is read once."""
    snapshot = pub.snapshot
    return claim_review(
        claim,
        snapshot["article"],
        claim_url=claim_url(claim["id"]),
        article_url=snapshot["article"].get("url"),
        published_at=pub.published_at,
        organisation=org if org is not None else organisation(),
        scale=snapshot.get("scale"),
    )


def annotation_collection_for(pub: Publication, org: dict[str, str] | None = None) -> dict[str, Any]:
    snapshot = pub.snapshot
    slug = snapshot["article"]["slug"]
    page = site_url(url_for("reader.article_version", slug=slug, version=pub.version))
    source = snapshot["article"].get("url") or page
    org = org if org is not None else organisation()
    items = [
        anno.annotation(
            c,
            annotation_id=f"{page}#claim-{c['id']}",
            source_url=source,
            created=pub.published_at,
            claim_url=claim_url(c["id"]) if c.get("checked") else None,
            creator=org,
        )
        for c in snapshot.get("claims", [])
        if reading.shown(c)
    ]
    collection_id = site_url(url_for("reader.annotations", slug=slug, version=pub.version))
    return anno.annotation_collection(
        items,
        collection_id=collection_id,
        page_id=f"{collection_id}#page-1",
        label=f"Checked claims in “{snapshot['article']['title']}”, version {pub.version}",
        created=pub.published_at,
    )


def timeline_markup(pub: Publication, claims: dict[int, SnapshotClaim]) -> Markup | None:
    """The schema.org Event JSON-LD of a version's timeline: only events every checked claim of which we rated
    on the true side of the scale (a verdict of "false" on "the meeting was cancelled" must not become an
    EventCancelled for machines to read). None when no event qualifies."""
    snapshot: Snapshot = pub.snapshot
    scale = snapshot.get("scale")
    page = site_url(url_for("reader.article_version", slug=snapshot["article"]["slug"], version=pub.version))
    items = []
    for event in snapshot.get("timeline", []):
        behind = [claims[c["id"]] for c in event["claims"] if c["id"] in claims]
        if behind and all(tone(c, scale) == "good" for c in behind):
            urls = [claim_url(c["id"]) for c in behind]
            items.append(event_json_ld(event, url=f"{page}#event-{event['id']}", claim_urls=urls))
    return Markup(json_ld_for_html(timeline_json_ld(items))) if items else None


def article_context(session: Session, pub: Publication) -> dict[str, Any]:
    """Everything the article body template needs (rendered once per version, when it is published)."""
    snapshot = pub.snapshot
    claims = [c for c in snapshot.get("claims", []) if reading.shown(c)]
    scale = snapshot.get("scale")
    history = [p for p in reading.versions(session, pub.article_id) if p.version <= pub.version]
    checked, total = reading.coverage(snapshot)
    paragraphs = reading.paragraphs(snapshot.get("revision", {}).get("text", ""), claims)
    by_id = {c["id"]: c for c in claims if c.get("checked")}
    return {
        "pub": pub,
        "snapshot": snapshot,
        "article": snapshot["article"],
        "scale": scale,
        "paragraphs": paragraphs,
        "claims": claims,
        "checked": checked,
        "total": total,
        "in_text": {piece.claim["id"] for para in paragraphs for piece in para.pieces if piece.claim},
        "archived": reading.archived_source_ids(session, snapshot),
        "notes": [p for p in history if p.correction_note],
        "tone": functools.partial(tone, scale=scale),
        "icon": functools.partial(icon, scale=scale),
        "md": render_markdown,
        "timeline": [e for e in snapshot.get("timeline", []) if any(c["id"] in by_id for c in e["claims"])],
        "timeline_claims": by_id,
        "timeline_json_ld": timeline_markup(pub, by_id),
    }
