"""How the JSON API writes the domain objects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from factcheck.models import Article, Claim, Evidence, Publication, Source, Verdict


def iso(value: dt.datetime | dt.date | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def claim_json(c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "article_id": c.article_id,
        "revision_id": c.revision_id,
        "start": c.start,
        "end": c.end,
        "quote": c.quote,
        "prefix": c.prefix,
        "suffix": c.suffix,
        "kind": c.kind,
        "score": c.checkworthiness,
        "reasons": c.score_reasons,
        "speaker": c.speaker,
        "dates": c.dates,
        "status": c.status,
        "triage": c.triage,  # suggested | accepted | dismissed
        "assignee_id": c.assignee_id,
        "anchor": {"state": c.anchor_state, "score": c.anchor_score},
        "needs_rereview": c.needs_rereview,
        "revisit_on": iso(c.revisit_on),
        "version": c.version,
        "created_at": iso(c.created_at),
        "updated_at": iso(c.updated_at),
    }


def article_json(a: Article, claims: list[Claim] | None = None, published_version: int = 0) -> dict[str, Any]:
    revision = a.current_revision
    out: dict[str, Any] = {
        "id": a.id,
        "published_version": published_version,
        "slug": a.slug,
        "title": a.title,
        "outlet": a.outlet,
        "url": a.url,
        "author": a.author,
        "published": iso(a.published_on),
        "language": a.language,
        "created_at": iso(a.created_at),
        "revision": None
        if revision is None
        else {
            "number": revision.number,
            "sha256": revision.sha256,
            "origin": revision.origin,
            "created_at": iso(revision.created_at),
            "length": len(revision.text),
        },
    }
    if claims is not None:
        out["claims"] = [claim_json(c) for c in claims]
    return out


def source_json(s: Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "url": s.url,
        "final_url": s.final_url,
        "title": s.title,
        "publisher": s.publisher,
        "http_status": s.http_status,
        "content_type": s.content_type,
        "fetched_at": iso(s.fetched_at),
        "sha256": s.sha256,
        "fetch_error": s.fetch_error,
        "archived": s.archived_text is not None,
        "kind": s.kind,
        "confidential": s.confidential,
        "person": s.person or None,
        "organisation": s.organisation or None,
        "contacted_on": s.contacted_on.isoformat() if s.contacted_on else None,
        "method": s.method,
        "file_name": s.file_name,
    }


def evidence_json(e: Evidence) -> dict[str, Any]:
    found = e.match_score is not None
    return {
        "id": e.id,
        "claim_id": e.claim_id,
        "stance": e.stance,
        "passage": e.passage,
        "note": e.note,
        "match": {"found": found, "score": e.match_score, "start": e.match_start, "end": e.match_end},
        "source": source_json(e.source),
        "created_at": iso(e.created_at),
    }


def verdict_json(v: Verdict, warnings: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": v.id,
        "claim_id": v.claim_id,
        "state": v.state,
        "summary": v.summary,
        "rationale": v.rationale,
        "rating": {"id": v.rating.id, "label": v.rating.label, "value": v.rating.value},
        "author_id": v.author_id,
        "approver_id": v.approver_id,
        "comment": v.decision_comment,
        "created_at": iso(v.created_at),
    }
    if warnings is not None:
        out["warnings"] = warnings
    return out


def publication_json(p: Publication) -> dict[str, Any]:
    return {
        "id": p.id,
        "article_id": p.article_id,
        "version": p.version,
        "kind": p.kind,
        "correction_note": p.correction_note,
        "published_at": iso(p.published_at),
        "url": f"/a/{p.article.slug}/v/{p.version}",
    }
