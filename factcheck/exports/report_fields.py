"""The fields of a verdict report row, shared by the CSV, JSON and printable exports.

| field | meaning |
| --- | --- |
| claim_id | the claim's id in the workbench |
| article_title, outlet, article_url | the checked article (article_url: where it first appeared) |
| published_version_url | SITE_URL/a/<slug>/v/<n>: the first publication carrying this verdict (published only) |
| claim_text | the claim as quoted from the article |
| kind | event, quantity, quote, prediction, causal, comparison, rule or other |
| claim_dates | the dates the claim speaks of, normalised (YYYY, YYYY-MM or YYYY-MM-DD) |
| speaker | who made the claim, when known |
| status | the claim's workflow status |
| verdict_state | the state of the claim's latest verdict: draft, submitted, approved or returned |
| rating_label, rating_value | the latest verdict's rating; the value is empty for labels off the ladder |
| summary | the claim as checked (schema.org claimReviewed) |
| rationale | the verdict's reasoning, as plain text (its Markdown markup removed, links kept as "text (url)") |
| sources, evidence_stances | the sources' URLs and, in the same order, each one's stance (supports, refutes, context) |
| reviewer, approver | who wrote the verdict, and the editor who approved it |
| imported_at, verdict_at, approved_at, published_at | UTC timestamps (ISO 8601 ending in Z) |
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markdown_it import MarkdownIt

from factcheck.services.reports import ReportRow

FIELDS = (
    "claim_id", "article_title", "outlet", "article_url", "published_version_url", "claim_text", "kind",
    "claim_dates", "speaker", "status", "verdict_state", "rating_label", "rating_value", "summary", "rationale",
    "sources", "evidence_stances", "reviewer", "approver", "imported_at", "verdict_at", "approved_at",
    "published_at",
)
_MARKUP = re.compile(r"[*_`#>\[\]<|~!\\]|^\s*(?:[-+]|\d+[.)])\s", re.MULTILINE)
_TAG = re.compile(r"<[^>]*>")
_md = MarkdownIt("commonmark")


def utc_z(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def plain_text(markdown: str) -> str:
    """Markdown to plain text: paragraphs kept apart by a blank line, links as 'text (url)'."""
    if not _MARKUP.search(markdown):
        return markdown.strip()
    blocks: list[str] = []
    for token in _md.parse(markdown):
        if token.type == "html_block":
            blocks.append(" ".join(_TAG.sub(" ", token.content).split()))
            continue
        if token.type != "inline" or not token.children:
            continue
        parts: list[str] = []
        href: list[str] = []
        for child in token.children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append("\n")
            elif child.type == "link_open":
                href.append(str(child.attrGet("href") or ""))
            elif child.type == "link_close" and href:
                url = href.pop()
                parts.append(f" ({url})" if url else "")
            elif child.type == "image":
                parts.append(child.content)
        blocks.append("".join(parts).strip())
    return "\n\n".join(b for b in blocks if b)


def version_url(site_url: str, row: ReportRow) -> str | None:
    if row.published_version is None:
        return None
    return f"{site_url.rstrip('/')}/a/{row.article_slug}/v/{row.published_version}"


def row_values(row: ReportRow, site_url: str) -> dict[str, Any]:
    """One row as typed values (lists stay lists, numbers numbers): the JSON item, flattened later for CSV."""
    return {
        "claim_id": row.claim_id,
        "article_title": row.article_title,
        "outlet": row.outlet,
        "article_url": row.article_url,
        "published_version_url": version_url(site_url, row),
        "claim_text": row.claim_text,
        "kind": row.kind,
        "claim_dates": row.claim_dates,
        "speaker": row.speaker,
        "status": row.status,
        "verdict_state": row.verdict_state,
        "rating_label": row.rating_label,
        "rating_value": row.rating_value,
        "summary": row.summary,
        "rationale": plain_text(row.rationale),
        "sources": [s.url for s in row.sources],
        "evidence_stances": [s.stance for s in row.sources],
        "reviewer": row.reviewer,
        "approver": row.approver,
        "imported_at": utc_z(row.imported_at),
        "verdict_at": utc_z(row.verdict_at),
        "approved_at": utc_z(row.approved_at),
        "published_at": utc_z(row.published_at),
    }


def stamp_name(what: str, extension: str, now: dt.datetime | None = None) -> str:
    """A file name that says what and when: verdicts-2026-11-27T2210Z.csv."""
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return f"{what}-{moment.strftime('%Y-%m-%dT%H%MZ')}.{extension}"
