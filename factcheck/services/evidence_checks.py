"""What is unverified in a claim's evidence: passages not found in their archived copy and sources that could not
be fetched. Editors confirm before approving such evidence (services/verdicts.py); readers see it labelled."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from factcheck.models import Claim, Evidence, Source, SourceKind, UnfoundPassage


def unverified(session: Session, claim: Claim) -> list[str]:
    """What an editor is asked to confirm before approving: passages not found in their archived copy and sources
    that could not be fetched, among the claim's current evidence."""
    rows = session.scalars(
        select(Evidence)
        .where(Evidence.claim_id == claim.id, Evidence.superseded_at.is_(None))
        .options(joinedload(Evidence.source))
        .order_by(Evidence.id)
    )
    return warnings(rows)


def warnings(evidence: Iterable[Evidence]) -> list[str]:
    """`unverified` over evidence already loaded (with its sources), in order; superseded evidence is skipped."""
    out: list[str] = []
    seen: set[int] = set()
    for e in evidence:
        if e.superseded_at is not None:
            continue
        s = e.source
        name = "a confidential source" if s.confidential else (s.title or s.url)
        if s.id not in seen and unreachable(s):
            seen.add(s.id)
            out.append(f"The source {name} could not be fetched ({s.fetch_error or f'HTTP {s.http_status}'}).")
        if e.passage and e.match_score is None:
            shown = "readers see it as the reviewer's summary" if e.unfound == UnfoundPassage.SUMMARY else "left out"
            out.append(f"A passage from {name} was not found in the archived copy ({shown}).")
    return out


def unreachable(source: Source) -> bool:
    """A web source that answered an error or could not be fetched at all."""
    if source.kind != SourceKind.WEB:
        return False
    return source.fetch_error is not None or (source.http_status is not None and source.http_status >= 400)
