"""The JSON-LD feeds of a verdict report: a schema.org DataFeed of ClaimReviews and a W3C AnnotationCollection,
both written from report rows shaped like publication snapshot claims (snapshot_claim)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.exports.annotations import CONTEXT, annotation
from factcheck.exports.claimreview import claim_review
from factcheck.exports.export_context import ExportContext
from factcheck.exports.report_fields import utc_z, version_url
from factcheck.models import Rating, VerdictState
from factcheck.models.snapshot import ExportArticle, ExportClaim, ScaleBounds
from factcheck.services.reports import ReportRow


def _scales(session: Session) -> dict[int, ScaleBounds]:
    """best and worst value of each rating scale (None for a label-only scale)."""
    values: dict[int, list[int]] = {}
    for scale_id, value in session.execute(select(Rating.scale_id, Rating.value)):
        values.setdefault(scale_id, [])
        if value is not None:
            values[scale_id].append(value)
    return {s: ScaleBounds(best=max(v, default=None), worst=min(v, default=None)) for s, v in values.items()}


def snapshot_claim(row: ReportRow, *, approved_only: bool = True) -> ExportClaim:
    """A report row in the shape of a publication snapshot's claim (what the issue-5 builders read)."""
    checked = row.verdict_state is VerdictState.APPROVED or not approved_only
    return {
        "id": row.claim_id,
        "quote": row.claim_text,
        "prefix": row.prefix,
        "suffix": row.suffix,
        "start": row.start,
        "end": row.end,
        "kind": row.kind,
        "speaker": row.speaker,
        "checked": checked,
        "verdict": {"rating": {"label": row.rating_label, "value": row.rating_value}, "summary": row.summary}
        if checked
        else None,
    }


def _article(row: ReportRow) -> ExportArticle:
    return {
        "title": row.article_title,
        "outlet": row.outlet,
        "url": row.article_url,
        "published_on": row.article_published_on.isoformat() if row.article_published_on else None,
        "author": row.article_author,
    }


def claimreview_chunks(ctx: ExportContext, rows: Iterable[ReportRow]) -> Iterator[str]:
    """A schema.org DataFeed whose elements are the ClaimReviews of the published claims in the set."""
    scales = _scales(ctx.session)
    head = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": f"{ctx.organisation['name']} fact checks",
        "dateModified": utc_z(ctx.now),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "dataFeedElement": ['
    n = 0
    for row in rows:
        if row.published_at is None or row.verdict_state is not VerdictState.APPROVED:
            continue
        doc = claim_review(
            snapshot_claim(row),
            _article(row),
            claim_url=f"{ctx.site}/claims/{row.claim_id}",
            article_url=row.article_url,
            published_at=row.published_at,
            organisation=ctx.organisation,
            scale=scales.get(row.rating_scale_id),
        )
        yield ("\n" if n == 0 else ",\n") + json.dumps(doc, ensure_ascii=False)
        n += 1
    yield "\n]}\n"


def annotation_chunks(ctx: ExportContext, rows: Iterable[ReportRow]) -> Iterator[str]:
    """A W3C AnnotationCollection of the set with its first page embedded; `total` comes after the items."""
    collection_id = f"{ctx.site}/reports/annotations/{ctx.now.strftime('%Y%m%dT%H%M%SZ')}"
    head = {
        "@context": CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": "Verdict report: " + "; ".join(f"{k} {v}" for k, v in ctx.filters.describe()),
        "created": utc_z(ctx.now),
    }
    yield (
        json.dumps(head, ensure_ascii=False)[:-1]
        + f', "first": {{"id": "{collection_id}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": ['
    )
    n = 0
    for row in rows:
        # Published claims get the ids the reader pages give them; the others their (staff-only) work page.
        page = version_url(ctx.site_url, row)
        own_id = f"{page}#claim-{row.claim_id}" if page else f"{ctx.site}/work/claims/{row.claim_id}"
        published = page is not None and row.verdict_state is VerdictState.APPROVED
        item = annotation(
            snapshot_claim(row),
            annotation_id=own_id,
            source_url=row.article_url or page or f"{ctx.site}/a/{row.article_slug}",
            created=row.verdict_at,
            claim_url=f"{ctx.site}/claims/{row.claim_id}" if published else None,
            creator=ctx.organisation,
        )
        item.pop("@context", None)
        yield ("\n" if n == 0 else ",\n") + json.dumps(item, ensure_ascii=False)
        n += 1
    yield f'\n]}}, "total": {n}}}\n'
