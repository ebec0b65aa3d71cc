"""Sources the desk brings itself: an uploaded document (PDF, HTML or plain text, archived with its hash and its
text extracted) and a person or correspondence (an interview, a phone call, an e-mail: who, organisation, date,
method and the reviewer's notes, which are the archived copy the passages are quoted from)."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from pathlib import PurePath

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import textin
from factcheck.extraction import ExtractionError, extract_article
from factcheck.models import Claim, ContactMethod, Evidence, Source, SourceKind, User, utcnow
from factcheck.services import audit, sources
from factcheck.services.errors import ValidationError, parse_choice
from factcheck.services.importing import decode_text_file
from factcheck.services.pdf_text import DocumentError, clean, pdf_text

PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv"}


def document_text(filename: str, data: bytes) -> tuple[str, str, str]:
    """(text, title, content type) of an uploaded document, by its suffix; ValidationError when unusable."""
    suffix = PurePath(filename or "").suffix.lower()
    if not data.strip():
        raise ValidationError("The file is empty.", fields={"file": "empty"})
    try:
        if suffix in PDF_SUFFIXES:
            text, title = pdf_text(data)
            return text, title, "application/pdf"
        if suffix in HTML_SUFFIXES:
            page = extract_article(_decoded(data))
            return page.text, page.title or "", "text/html"
        if suffix in TEXT_SUFFIXES:
            return _decoded(data), "", "text/plain"
    except (DocumentError, ExtractionError) as exc:
        raise ValidationError(
            f"No text could be taken from {filename}: {exc.reason}.", fields={"file": "no text"}
        ) from exc
    raise ValidationError(
        f"Upload a PDF, HTML or plain-text file, not {suffix or 'a file without a suffix'}.",
        fields={"file": "unsupported type"},
    )


def _decoded(data: bytes) -> str:
    return clean(decode_text_file(data))


def upload_document(
    session: Session,
    actor: User,
    *,
    filename: str,
    data: bytes,
    title: str = "",
    publisher: str = "",
    confidential: bool = False,
) -> Source:
    """The source for an uploaded document: one per content (sha256), archived with its extracted text."""
    text, found_title, content_type = document_text(filename, data)
    digest = hashlib.sha256(data).hexdigest()
    url = f"document:{digest}"
    source = session.scalar(select(Source).where(Source.url == url))
    if source is not None:
        if confidential and not source.confidential:
            source.confidential = True
            audit.record(session, actor, "source.confidential", "source", source.id, {"confidential": True})
        return source
    name = textin.scrub_surrogates(PurePath(filename).name)[0][:300]
    source = Source(
        url=url,
        kind=SourceKind.DOCUMENT,
        title=(title.strip() or found_title or name)[:500],
        publisher=publisher.strip()[:300],
        content_type=content_type,
        fetched_at=utcnow(),
        sha256=digest,
        archived_text=text,
        file_name=name,
        confidential=confidential,
        created_by_id=actor.id,
    )
    session.add(source)
    session.flush()
    audit.record(
        session, actor, "source.upload", "source", source.id, {"file": name, "sha256": digest, "chars": len(text)}
    )
    return source


def record_contact(
    session: Session,
    actor: User,
    *,
    person: str,
    organisation: str = "",
    contacted_on: dt.date | None,
    method: ContactMethod | str,
    notes: str = "",
    confidential: bool = False,
) -> Source:
    """A person or correspondence as a source. The reviewer's notes are its archived copy (hashed), private to
    the desk like every person source's; readers see "Interview with …, 9 Dec 2018" or "a confidential source"."""
    method = parse_choice(ContactMethod, method, "Choose how the person was contacted.", "method")
    person = " ".join(person.split())
    if not person:
        raise ValidationError(
            "Name the person (or describe them if they are confidential).", fields={"person": "empty"}
        )
    if contacted_on is not None and contacted_on > utcnow().date():
        raise ValidationError("The contact date is in the future.", fields={"contacted_on": "future"})
    notes = clean(notes.strip())
    source = Source(
        url=f"person:{uuid.uuid4().hex}",
        kind=SourceKind.PERSON,
        title=person[:500],
        person=person[:200],
        organisation=" ".join(organisation.split())[:300],
        contacted_on=contacted_on,
        method=method,
        fetched_at=utcnow(),
        sha256=hashlib.sha256(notes.encode("utf-8")).hexdigest() if notes else None,
        archived_text=notes or None,
        content_type="text/plain",
        confidential=confidential,
        created_by_id=actor.id,
    )
    session.add(source)
    session.flush()
    audit.record(
        session, actor, "source.contact", "source", source.id, {"method": method, "confidential": confidential}
    )
    return source


def attach_document(
    session: Session,
    actor: User,
    claim: Claim,
    *,
    filename: str,
    data: bytes,
    title: str = "",
    publisher: str = "",
    confidential: bool = False,
    stance: str,
    passage: str = "",
    note: str = "",
) -> Evidence:
    """Upload (or reuse, by content) a document and link it to the claim with a stance and a passage."""
    source = upload_document(
        session, actor, filename=filename, data=data, title=title, publisher=publisher, confidential=confidential
    )
    return sources.add_evidence(session, actor, claim, source, stance=stance, passage=passage, note=note)


def attach_contact(
    session: Session,
    actor: User,
    claim: Claim,
    *,
    person: str,
    organisation: str = "",
    contacted_on: dt.date | None,
    method: ContactMethod | str,
    notes: str = "",
    confidential: bool = False,
    stance: str,
    passage: str = "",
    note: str = "",
) -> Evidence:
    """Record a person or correspondence and link it to the claim with a stance and what they said."""
    source = record_contact(
        session,
        actor,
        person=person,
        organisation=organisation,
        contacted_on=contacted_on,
        method=method,
        notes=notes,
        confidential=confidential,
    )
    return sources.add_evidence(session, actor, claim, source, stance=stance, passage=passage, note=note)
