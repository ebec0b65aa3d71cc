"""Link checks: re-fetch the sources cited by published checks and record what changed since last seen.

A source's archived copy stays as first fetched; a change found later is a `LinkCheck` row: gone (404, 410),
moved (a redirect to another final URL), changed (the bytes' hash differs), unreachable (any other failure),
restored (answering again with the content last seen). A check that finds the state of the last row (or of the
source, before any row) adds nothing. The fetch happens before any write, with no lock held.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from factcheck.fetch import FetchError, FetchPolicy, HTTPStatusError, fetch
from factcheck.models import (
    Article,
    Claim,
    Evidence,
    Job,
    LinkChange,
    LinkCheck,
    Publication,
    PublicationKind,
    Source,
    SourceKind,
    utcnow,
)
from factcheck.services import jobs

CHECK_JOB = "link.check"  # factcheck/tasks/links.py runs it
RECHECK_AFTER = dt.timedelta(days=1)
BATCH = 200  # sources queued by one periodic run; the next run takes the next ones
GONE_STATUSES = (404, 410)
LIST_SIZE = 100


@dataclass(frozen=True)
class Seen:
    """What a source looked like at one point: reachable or not, and the content last seen."""

    change: LinkChange | None  # None: as first archived
    final_url: str | None
    sha256: str | None


def last_seen(session: Session, source: Source) -> Seen:
    stmt = select(LinkCheck).where(LinkCheck.source_id == source.id).order_by(LinkCheck.id.desc()).limit(1)
    row = session.scalar(stmt)
    if row is not None:
        return Seen(row.change, row.final_url, row.sha256)
    if source.fetch_error is not None and source.sha256 is None:
        gone = source.http_status in GONE_STATUSES
        return Seen(LinkChange.GONE if gone else LinkChange.UNREACHABLE, source.final_url, None)
    return Seen(None, source.final_url or source.url, source.sha256)


@dataclass(frozen=True)
class Found:
    change: LinkChange | None  # None: nothing new
    http_status: int | None
    final_url: str | None
    sha256: str | None
    error: str | None = None


def _compare(before: Seen, status: int | None, final_url: str | None, sha256: str | None, error: str | None) -> Found:
    if error is not None:
        change = LinkChange.GONE if status in GONE_STATUSES else LinkChange.UNREACHABLE
        new = None if before.change is change else change
        return Found(new, status, before.final_url, before.sha256, error)
    if final_url != before.final_url and before.final_url is not None:
        return Found(LinkChange.MOVED, status, final_url, sha256)
    if sha256 != before.sha256 and before.sha256 is not None:
        return Found(LinkChange.CHANGED, status, final_url, sha256)
    failed = before.change in (LinkChange.GONE, LinkChange.UNREACHABLE)
    return Found(LinkChange.RESTORED if failed else None, status, final_url, sha256)


def probe(source: Source, before: Seen, policy: FetchPolicy) -> Found:
    """Fetch the source's URL now and compare with `before` (no database access)."""
    try:
        result = fetch(source.url, policy)
    except HTTPStatusError as exc:
        return _compare(before, exc.status, None, None, exc.reason)
    except FetchError as exc:
        return _compare(before, None, None, None, exc.reason)
    return _compare(before, result.status, result.final_url, result.sha256, None)


def record(session: Session, source: Source, found: Found) -> LinkCheck | None:
    """Write what a probe found: the source's check time, and a history row when something changed."""
    source.link_checked_at = utcnow()
    row = None
    if found.change is not None:
        row = LinkCheck(
            source_id=source.id,
            change=found.change,
            http_status=found.http_status,
            final_url=found.final_url,
            sha256=found.sha256,
            error=found.error,
        )
        session.add(row)
    session.flush()
    return row


def check(session: Session, source: Source, policy: FetchPolicy) -> LinkCheck | None:
    return record(session, source, probe(source, last_seen(session, source), policy))


def published_sources(session: Session, *, due_before: dt.datetime | None = None, limit: int = BATCH) -> list[Source]:
    """Web sources cited by claims of published articles, least recently checked first."""
    published = select(Publication.article_id).where(Publication.kind == PublicationKind.PUBLICATION)
    cited = select(Evidence.source_id).join(Claim, Claim.id == Evidence.claim_id).where(Claim.article_id.in_(published))
    stmt = select(Source).where(Source.id.in_(cited), Source.kind == SourceKind.WEB)
    if due_before is not None:
        stmt = stmt.where(or_(Source.link_checked_at.is_(None), Source.link_checked_at < due_before))
    stmt = stmt.order_by(Source.link_checked_at.is_(None).desc(), Source.link_checked_at, Source.id).limit(limit)
    return list(session.scalars(stmt))


def due_before(now: dt.datetime | None = None) -> dt.datetime:
    """Sources checked before this are due again."""
    return (now or utcnow()) - RECHECK_AFTER


def queue_due(session: Session, now: dt.datetime | None = None) -> list[Job]:
    """One check job for each published source not checked for `RECHECK_AFTER` (at most `BATCH`)."""
    due = due_before(now)
    return [
        jobs.enqueue(session, None, CHECK_JOB, {"source_id": s.id}, subject=("source", s.id), max_attempts=2)
        for s in published_sources(session, due_before=due)
    ]


def changes(session: Session, limit: int = LIST_SIZE) -> list[LinkCheck]:
    """The latest changes found, newest first, with their sources (the editors' list)."""
    stmt = select(LinkCheck).options(joinedload(LinkCheck.source)).order_by(LinkCheck.id.desc()).limit(limit)
    return list(session.scalars(stmt))


def cited_by(session: Session, source_ids: list[int]) -> dict[int, list[Article]]:
    """The published articles citing each source (one query for the whole list)."""
    found: dict[int, list[Article]] = {sid: [] for sid in source_ids}
    if not source_ids:
        return found
    published = select(Publication.article_id).where(Publication.kind == PublicationKind.PUBLICATION)
    stmt = (
        select(Evidence.source_id, Article)
        .join(Claim, Claim.id == Evidence.claim_id)
        .join(Article, Article.id == Claim.article_id)
        .where(Evidence.source_id.in_(source_ids), Article.id.in_(published))
        .distinct()
        .order_by(Evidence.source_id, Article.title)
    )
    for source_id, article in session.execute(stmt):
        found[source_id].append(article)
    return found
