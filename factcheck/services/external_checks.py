"""Import other fact-checkers' ClaimReviews into the store of external checks ("checked by <org>").

`import_text` reads any form `claims.claimreview_read` understands, skips and reports bad records and duplicates
(same canonical JSON as a stored or earlier record), stores the rest with their claim's sentence vector, and
flushes; the caller commits. `import_source` does the same for a file path or a URL, fetched through the
project's SSRF-safe fetcher.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.claims.claimreview_read import Problem, Review, read_reviews
from factcheck.fetch import FetchError, FetchPolicy, fetch
from factcheck.models import ExternalCheck
from factcheck.services.errors import DomainError, ValidationError

ACCEPT = "application/ld+json, application/json;q=0.9, text/html;q=0.8, */*;q=0.1"
BATCH = 500


@dataclass
class ImportReport:
    added: int = 0
    duplicates: int = 0
    problems: list[Problem] = field(default_factory=list)


def _store(session: Session, reviews: list[Review], report: ImportReport) -> None:
    digests = [r.digest for r in reviews]
    known = set(session.scalars(select(ExternalCheck.digest).where(ExternalCheck.digest.in_(digests))))
    fresh: list[Review] = []
    for review in reviews:
        if review.digest in known:
            report.duplicates += 1
            continue
        known.add(review.digest)
        fresh.append(review)
    encoder = embeddings.encoder()
    vectors = encoder.encode([r.claim_text for r in fresh]) if encoder is not None and fresh else None
    for i, r in enumerate(fresh):
        session.add(
            ExternalCheck(
                claim_text=r.claim_text,
                rating_text=r.rating_text,
                rating_value=r.rating_value,
                reviewer_name=r.reviewer_name,
                reviewer_url=r.reviewer_url,
                review_url=r.review_url,
                reviewed_on=r.reviewed_on,
                claim_author=r.claim_author,
                claim_appearance=r.claim_appearance,
                raw=r.raw,
                digest=r.digest,
                embedding_model=embeddings.MODEL_NAME if vectors is not None else None,
                embedding=embeddings.to_bytes(vectors[i]) if vectors is not None else None,
            )
        )
    report.added += len(fresh)
    session.flush()


def import_text(session: Session, text: str) -> ImportReport:
    """Store every new review in `text`; report duplicates and records that could not be used."""
    report = ImportReport()
    pending: list[Review] = []
    for item in read_reviews(text):
        if isinstance(item, Problem):
            report.problems.append(item)
            continue
        pending.append(item)
        if len(pending) >= BATCH:
            _store(session, pending, report)
            pending = []
    if pending:
        _store(session, pending, report)
    return report


def import_url(session: Session, url: str, policy: FetchPolicy) -> ImportReport:
    """Import what a URL serves, fetched through the SSRF-safe fetcher under `policy`; ValidationError (on the
    form's `url` field) when it cannot be fetched."""
    url = url.strip()
    try:
        result = fetch(url, policy, accept=ACCEPT)
    except FetchError as exc:
        raise ValidationError(f"Could not fetch {url}: {exc.reason}", fields={"url": exc.code}) from exc
    return import_text(session, result.text())


def import_upload(session: Session, data: bytes) -> ImportReport:
    """Import an uploaded file's bytes (UTF-8, a byte-order mark allowed; undecodable bytes replaced)."""
    return import_text(session, data.decode("utf-8-sig", errors="replace"))


def import_source(session: Session, source: str, policy: FetchPolicy) -> ImportReport:
    """Import from a URL (fetched under `policy`) or a file path (the command line only: never from a request).
    Raises DomainError when neither can be read."""
    if source.startswith(("http://", "https://")):
        return import_url(session, source, policy)
    path = Path(source)
    if not path.is_file():
        raise DomainError(f"no such file: {source}")
    return import_upload(session, path.read_bytes())


def count(session: Session) -> int:
    from sqlalchemy import func

    return int(session.scalar(select(func.count()).select_from(ExternalCheck)) or 0)
