"""Sources (one row per URL, shared across claims) and evidence passages located in their archived text."""

from __future__ import annotations

import datetime as dt
import hashlib

from rapidfuzz import fuzz
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Evidence, Source, Stance, User
from factcheck.services import audit
from factcheck.services.errors import ValidationError

FOUND_THRESHOLD = 85.0


def archived_source(
    session: Session, actor: User | None, *, url: str, title: str, publisher: str, text: str,
    fetched_at: dt.datetime, status: int = 200, content_type: str = "text/html",
) -> Source:
    """Record a source whose archived copy is already in hand (demo data, imports from archives)."""
    source = session.scalar(select(Source).where(Source.url == url))
    if source is not None:
        return source
    source = Source(url=url, final_url=url, title=title, publisher=publisher, http_status=status,
                    content_type=content_type, fetched_at=fetched_at,
                    sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(), archived_text=text,
                    created_by_id=actor.id if actor else None)
    session.add(source)
    session.flush()
    audit.record(session, actor, "source.create", "source", source.id, {"url": url})
    return source


def locate_passage(archived: str | None, passage: str) -> tuple[int, int, float] | None:
    """Where the passage is in the archived text: exact first, then fuzzy (rapidfuzz); None if absent."""
    passage = " ".join(passage.split())
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


def add_evidence(
    session: Session, actor: User, claim: Claim, source: Source, *, stance: str, passage: str, note: str = ""
) -> Evidence:
    if stance not in {s.value for s in Stance}:
        raise ValidationError("The stance must be supports, refutes or context.", fields={"stance": "unknown"})
    found = locate_passage(source.archived_text, passage)
    evidence = Evidence(claim_id=claim.id, source_id=source.id, stance=stance, passage=passage.strip(),
                        note=note.strip(), created_by_id=actor.id)
    if found is not None:
        evidence.match_start, evidence.match_end, evidence.match_score = found
    session.add(evidence)
    session.flush()
    audit.record(session, actor, "evidence.add", "claim", claim.id,
                 {"evidence": evidence.id, "source": source.id, "stance": stance,
                  "found": evidence.match_score})
    return evidence
