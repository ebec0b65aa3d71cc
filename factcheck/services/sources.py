"""Sources (one row per URL, shared across claims) and evidence passages located in their archived text."""

from __future__ import annotations

import datetime as dt
import hashlib

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extraction import HTML_TYPES, ExtractionError, extract_article
from factcheck.fetch import FetchError, FetchPolicy, FetchResult, HTTPStatusError, check_url, fetch
from factcheck.models import (
    Article,
    Claim,
    Evidence,
    Job,
    Publication,
    PublicationKind,
    Source,
    Stance,
    User,
    utcnow,
)
from factcheck.netpolicy import any_address_policy
from factcheck.rendering import unquoted
from factcheck.services import audit, jobs, verdicts
from factcheck.services.errors import ValidationError, parse_choice
from factcheck.services.pdf_text import DocumentError, pdf_text

TEXT_TYPES = {"text/plain", "text/markdown", "text/csv"}
PDF_TYPES = {"application/pdf", "application/x-pdf"}

FOUND_THRESHOLD = 85.0


def archived_source(
    session: Session,
    actor: User | None,
    *,
    url: str,
    title: str,
    publisher: str,
    text: str,
    fetched_at: dt.datetime,
    status: int = 200,
    content_type: str = "text/html",
) -> Source:
    """Record a source whose archived copy is already in hand (demo data, imports from archives)."""
    source = session.scalar(select(Source).where(Source.url == url))
    if source is not None:
        return source
    source = Source(
        url=url,
        final_url=url,
        title=title,
        publisher=publisher,
        http_status=status,
        content_type=content_type,
        fetched_at=fetched_at,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        archived_text=text,
        created_by_id=actor.id if actor else None,
    )
    session.add(source)
    session.flush()
    audit.record(session, actor, "source.create", "source", source.id, {"url": url})
    return source


def locate_passage(archived: str | None, passage: str) -> tuple[int, int, float] | None:
    """Where the passage is in the archived text: exact first, then fuzzy (rapidfuzz); None if absent. Quotation
    marks the reviewer typed around it are not part of it."""
    passage = " ".join(unquoted(passage).split())
    if not archived or not passage:
        return None
    index = archived.find(passage)
    if index >= 0:
        return index, index + len(passage), 100.0
    collapsed = " ".join(archived.split())
    alignment = fuzz.partial_ratio_alignment(passage, collapsed, score_cutoff=FOUND_THRESHOLD)
    if alignment is None:
        return None
    # Map offsets in the whitespace-collapsed text back to the archived text.
    mapping = [i for i, ch in enumerate(archived) if not ch.isspace() or (i > 0 and not archived[i - 1].isspace())]
    start = mapping[min(alignment.dest_start, len(mapping) - 1)]
    end = mapping[min(alignment.dest_end, len(mapping)) - 1] + 1
    return start, end, round(alignment.score, 1)


def _selected(archived: str | None, passage: str, anchor: tuple[int, int] | None) -> tuple[int, int, float] | None:
    if archived is None or anchor is None:
        return None
    start, end = anchor
    if not 0 <= start < end <= len(archived):
        return None
    if " ".join(archived[start:end].split()) != " ".join(passage.split()):
        return None
    return start, end, 100.0


def add_evidence(
    session: Session,
    actor: User,
    claim: Claim,
    source: Source,
    *,
    stance: Stance | str,
    passage: str,
    note: str = "",
    anchor: tuple[int, int] | None = None,
) -> Evidence:
    """Link `source` to the claim with a passage. `anchor` is where a reviewer selected the passage in the
    archived copy (start, end): kept when the text there is the passage, else the passage is looked up."""
    stance = parse_choice(Stance, stance, "The stance must be supports, refutes or context.", "stance")
    if len(passage) > 20_000 or len(note) > 20_000:
        raise ValidationError(
            "The passage and the note are limited to 20,000 characters each.", fields={"passage": "too long"}
        )
    found = _selected(source.archived_text, passage, anchor) or locate_passage(source.archived_text, passage)
    evidence = Evidence(
        claim_id=claim.id,
        source_id=source.id,
        stance=stance,
        passage=passage.strip(),
        note=note.strip(),
        created_by_id=actor.id,
    )
    if found is not None:
        evidence.match_start, evidence.match_end, evidence.match_score = found
    session.add(evidence)
    session.flush()
    audit.record(
        session,
        actor,
        "evidence.add",
        "claim",
        claim.id,
        {"evidence": evidence.id, "source": source.id, "stance": stance, "found": evidence.match_score},
    )
    verdicts.approved_content_changed(session, actor, claim, "evidence.add", {"evidence": evidence.id})
    return evidence


def _archive(result: FetchResult) -> tuple[str | None, str, str, str | None, tuple[str, ...]]:
    """(archived text, title, publisher, error, notes) from a fetched page. The text is decoded by
    `FetchResult.decoded`: NUL characters are dropped and undecodable ones replaced, each noted."""
    decoded = result.decoded()
    if result.content_type in HTML_TYPES:
        try:
            page = extract_article(decoded.text, result.final_url)
        except ExtractionError as exc:
            return None, "", "", f"fetched, but {exc.reason}", decoded.notes
        return page.text, page.title or "", page.sitename or "", None, decoded.notes
    if result.content_type in TEXT_TYPES:
        return decoded.text, "", "", None, decoded.notes
    if result.content_type in PDF_TYPES:
        try:
            text, title = pdf_text(result.body)
        except DocumentError as exc:
            return None, "", "", f"fetched, but {exc.reason}", ()
        return text, title, "", None, ()
    return None, "", "", f"fetched, but {result.content_type} cannot be archived as text", ()


def fetch_source(session: Session, actor: User | None, url: str, policy: FetchPolicy) -> Source:
    """The source for `url`, fetched and archived now if it is new. A failed fetch is recorded, not raised.

    The fetch happens before any write, so no database lock is held while waiting on the network.
    """
    url = url.strip()
    try:
        check_url(url, any_address_policy())  # the form only; where it points is checked when fetching
    except FetchError as exc:
        raise ValidationError(
            f"{url!r} is not a URL that can be fetched: {exc.reason}", fields={"url": exc.code}
        ) from exc
    existing = session.scalar(select(Source).where(Source.url == url))
    if existing is not None:
        return existing
    source = Source(url=url, created_by_id=actor.id if actor else None)
    notes: tuple[str, ...] = ()
    try:
        result = fetch(url, policy)
    except HTTPStatusError as exc:
        source.http_status, source.fetch_error, source.fetched_at = exc.status, exc.reason, utcnow()
    except FetchError as exc:
        source.fetch_error, source.fetched_at = exc.reason, utcnow()
    else:
        text, title, publisher, error, notes = _archive(result)
        source.final_url, source.http_status = result.final_url, result.status
        source.content_type, source.fetched_at, source.sha256 = result.content_type, result.fetched_at, result.sha256
        source.archived_text, source.fetch_error = text, error
        source.title, source.publisher = title[:500], publisher[:300]
    session.add(source)
    session.flush()
    audit.record(
        session,
        actor,
        "source.fetch",
        "source",
        source.id,
        {"url": url, "status": source.http_status, "error": source.fetch_error, "sha256": source.sha256}
        | ({"text_notes": list(notes)} if notes else {}),
    )
    return source


def attach_source(
    session: Session,
    actor: User,
    claim: Claim,
    url: str,
    policy: FetchPolicy,
    *,
    stance: str,
    passage: str = "",
    note: str = "",
    confidential: bool = False,
) -> Evidence:
    """Fetch (or reuse) the source at `url` and link it to the claim with a stance and a quoted passage."""
    source = fetch_source(session, actor, url, policy)
    if confidential and not source.confidential:
        set_confidential(session, actor, source, True)
    return add_evidence(session, actor, claim, source, stance=stance, passage=passage, note=note)


def set_confidential(session: Session, actor: User, source: Source, confidential: bool) -> Source:
    """Mark a source confidential (never shown to readers or in public exports, its archived copy private to the
    desk) or open it again. Published versions are frozen: the reader's archived copy is withheld at once."""
    if source.confidential != confidential:
        source.confidential = confidential
        session.flush()
        audit.record(session, actor, "source.confidential", "source", source.id, {"confidential": confidential})
    return source


def published_citers(session: Session, source: Source) -> list[Article]:
    """The published articles whose claims cite `source`: their published versions keep what they showed until
    the desk publishes again (a confidential source then leaves them)."""
    citing = (
        select(Claim.article_id).join(Evidence, Evidence.claim_id == Claim.id).where(Evidence.source_id == source.id)
    )
    published = select(Publication.article_id).where(Publication.kind == PublicationKind.PUBLICATION)
    stmt = select(Article).where(Article.id.in_(citing), Article.id.in_(published)).order_by(Article.title)
    return list(session.scalars(stmt))


def evidence_for(session: Session, claim: Claim) -> list[Evidence]:
    """The claim's current evidence (withdrawn and corrected rows left out)."""
    stmt = select(Evidence).where(Evidence.claim_id == claim.id, Evidence.superseded_at.is_(None))
    return list(session.scalars(stmt.order_by(Evidence.id)))


ATTACH_JOB = "source.attach"  # factcheck/tasks/sources.py runs it


def request_attach(
    session: Session,
    actor: User,
    claim: Claim,
    url: str,
    *,
    stance: str,
    passage: str = "",
    note: str = "",
    confidential: bool = False,
) -> Job:
    """Check what can be checked now (the URL's form, the stance, the lengths) and queue the fetch and the
    attachment as a job: the request answers at once, the claim page shows "fetching…" until it is done."""
    url = url.strip()
    try:
        check_url(url, any_address_policy())
    except FetchError as exc:
        raise ValidationError(
            f"{url!r} is not a URL that can be fetched: {exc.reason}", fields={"url": exc.code}
        ) from exc
    stance = parse_choice(Stance, stance, "The stance must be supports, refutes or context.", "stance")
    if len(passage) > 20_000 or len(note) > 20_000:
        raise ValidationError(
            "The passage and the note are limited to 20,000 characters each.", fields={"passage": "too long"}
        )
    arguments = {
        "claim_id": claim.id,
        "url": url,
        "stance": str(stance),
        "passage": passage,
        "note": note,
        "confidential": confidential,
    }
    return jobs.enqueue(session, actor, ATTACH_JOB, arguments, subject=("claim", claim.id))
