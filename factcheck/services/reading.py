"""Read-side queries shared by the pages (no writes here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import exists, func, null, or_, select
from sqlalchemy.orm import Session, aliased, defer

from factcheck.models import (
    Article,
    Claim,
    ClaimStatus,
    Evidence,
    Publication,
    PublicationKind,
    Source,
    SourceKind,
    Triage,
)
from factcheck.models.snapshot import Snapshot, SnapshotClaim, WithdrawnClaim

COUNT_CAP = 1000  # the workbench counts claims exactly up to here, then shows "1,000+"


HOME_PER_PAGE = 50


@dataclass(frozen=True)
class PublishedArticle:
    """What the home page lists of an article's latest version (columns only: no snapshot, no stored page)."""

    article_id: int
    slug: str
    title: str
    outlet: str
    published_on: dt.date | None
    version: int
    published_at: dt.datetime


def published_articles(
    session: Session, *, query: str = "", page: int = 1, per_page: int = HOME_PER_PAGE
) -> tuple[list[PublishedArticle], bool]:
    """One page of the published (not retracted) articles, by their latest version, newest first, and whether
    a page follows. One statement: the index on publications.published_at walked newest first, each version
    kept when no newer version of its article exists (the unique (article_id, version) index answers that)."""
    newer = aliased(Publication)
    latest = ~exists().where(newer.article_id == Publication.article_id, newer.version > Publication.version)
    stmt = (
        select(
            Article.id,
            Article.slug,
            Article.title,
            Article.outlet,
            Article.published_on,
            Publication.version,
            Publication.published_at,
        )
        .join(Publication, Publication.article_id == Article.id)
        .where(Publication.kind == PublicationKind.PUBLICATION, latest)
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .limit(per_page + 1)
        .offset((max(1, page) - 1) * per_page)
    )
    if query.strip():
        like = f"%{query.strip()}%"
        stmt = stmt.where(or_(Article.title.ilike(like), Article.outlet.ilike(like)))
    rows = [PublishedArticle(*row) for row in session.execute(stmt)]
    return rows[:per_page], len(rows) > per_page


def recent_articles(session: Session, limit: int = 20) -> list[tuple[Article, int]]:
    """Articles with their claim counts (one query), newest first. Only the listed articles' claims are counted
    (a correlated count through the index on claims.article_id), never a GROUP BY over every claim."""
    counted = (
        select(func.count(Claim.id))
        .where(Claim.article_id == Article.id, Claim.triage != Triage.DISMISSED)
        .correlate(Article)
        .scalar_subquery()
    )
    stmt = select(Article, counted).order_by(Article.created_at.desc(), Article.id.desc()).limit(limit)
    return [(a, int(n)) for a, n in session.execute(stmt)]


def status_counts(session: Session, cap: int = COUNT_CAP) -> dict[str, int]:
    """Claims per status, each counted up to `cap` + 1 (one statement; the index on claims.status finds them, and
    no count reads past cap + 1 rows, so the workbench home costs the same at 100,000 claims)."""
    counts = [
        select(func.count())
        .select_from(select(Claim.id).where(Claim.status == status).limit(cap + 1).subquery())
        .scalar_subquery()
        for status in ClaimStatus
    ]
    counts.append(
        select(func.count())
        .select_from(select(Claim.id).where(Claim.triage == Triage.DISMISSED).limit(cap + 1).subquery())
        .scalar_subquery()
    )
    row = session.execute(select(*counts)).one()
    by_status = {status.value: int(n) for status, n in zip(ClaimStatus, row[:-1], strict=True)}
    return by_status | {"dismissed": int(row[-1])}  # triage, not a status: claims the desk will not check


def claims_assigned_to(session: Session, user_id: int, limit: int = 20) -> list[Claim]:
    stmt = (
        select(Claim)
        .where(
            Claim.assignee_id == user_id,
            Claim.status.in_([ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.RETURNED]),
            Claim.triage != Triage.DISMISSED,
        )
        .order_by(Claim.checkworthiness.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


# ---- reader pages ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CachedPage:
    """What the fast path of the article page needs, without loading the snapshot."""

    publication_id: int
    version: int
    kind: str
    etag: str | None
    html: str | None
    title: str
    article_id: int


def cached_page(
    session: Session,
    slug: str,
    version: int | None = None,
    *,
    with_html: bool = True,
) -> CachedPage | None:
    """One query: the given (or latest) version of the article with this slug (its stored page if asked)."""
    html_column = Publication.html if with_html else null().label("html")
    stmt = (
        select(
            Publication.id,
            Publication.version,
            Publication.kind,
            Publication.etag,
            html_column,
            Article.title,
            Publication.article_id,
        )
        .join(Article, Article.id == Publication.article_id)
        .where(Article.slug == slug)
    )
    stmt = (
        stmt.where(Publication.version == version)
        if version is not None
        else stmt.order_by(Publication.version.desc()).limit(1)
    )
    row = session.execute(stmt).first()
    return CachedPage(*row) if row else None


def unrendered_ids(session: Session) -> list[int]:
    """Ids of the versions stored without their rendered page (published before pages were stored at once)."""
    return list(session.scalars(select(Publication.id).where(Publication.html.is_(None)).order_by(Publication.id)))


def versions(session: Session, article_id: int) -> list[Publication]:
    """Every version of an article, newest first (snapshots and pages not loaded)."""
    stmt = (
        select(Publication)
        .options(defer(Publication.snapshot), defer(Publication.html))
        .where(Publication.article_id == article_id)
        .order_by(Publication.version.desc())
    )
    return list(session.scalars(stmt))


def corrections(session: Session, limit: int = 500) -> list[tuple[Article, Publication]]:
    """Every correction note and retraction notice, newest first."""
    stmt = (
        select(Article, Publication)
        .options(defer(Publication.snapshot), defer(Publication.html))
        .join(Publication, Publication.article_id == Article.id)
        .where(Publication.correction_note != "")
        .order_by(Publication.published_at.desc(), Publication.id.desc())
        .limit(limit)
    )
    return [(a, p) for a, p in session.execute(stmt)]


def published_claim(
    session: Session, claim_id: int
) -> tuple[Article, Publication, SnapshotClaim | WithdrawnClaim] | None:
    """The claim as the latest version of its article shows it ({} once the article is retracted; None if no
    version ever showed it, or the latest one that lists it does not show it checked)."""
    claim = session.get(Claim, claim_id)
    if claim is None:
        return None
    # Newest first, loading one snapshot at a time: the latest version nearly always holds the claim.
    ids = session.scalars(
        select(Publication.id).where(Publication.article_id == claim.article_id).order_by(Publication.version.desc())
    ).all()
    for pub_id in ids:
        pub = session.get(Publication, pub_id)
        assert pub is not None
        for item in pub.snapshot["claims"]:
            if item["id"] == claim_id:
                # Only a checked claim has a page of its own: anything else would be a page with nothing to say.
                return (claim.article, pub, item) if item["checked"] else None
        if pub.kind is PublicationKind.RETRACTION:
            return claim.article, pub, WithdrawnClaim()
    return None


def coverage(snapshot: Snapshot) -> tuple[int, int]:
    """(checked, checkable) claims of a snapshot: checkable are those the desk accepted for checking (listed, or
    only counted in `unshown_accepted`)."""
    claims = snapshot["claims"]
    return sum(1 for c in claims if c["checked"]), len(claims) + snapshot.get("unshown_accepted", 0)


def shown(claim: SnapshotClaim) -> bool:
    """Whether readers see the claim: checked, or listed as being checked (snapshots before triage listed every
    unchecked claim, and keep showing them as published)."""
    return bool(claim["checked"] or claim.get("being_checked", True))


@dataclass
class Piece:
    text: str
    claim: SnapshotClaim | None = None


@dataclass
class Paragraph:
    pieces: list[Piece] = field(default_factory=list)


def paragraphs(text: str, claims: Sequence[SnapshotClaim]) -> list[Paragraph]:
    """The text cut into paragraphs (blank-line breaks) of plain and claim pieces. Claims that overlap an
    earlier one or fall outside the text stay out of the text (they are still listed with the others);
    a claim never spans a paragraph break: it ends its paragraph."""
    out = [Paragraph()]

    def plain(chunk: str) -> None:
        parts = chunk.split("\n\n")
        for n, part in enumerate(parts):
            if n:
                out.append(Paragraph())
            if part.strip("\n"):
                out[-1].pieces.append(Piece(part.strip("\n") if not out[-1].pieces else part.rstrip("\n")))

    position = 0
    for claim in sorted(claims, key=lambda c: (c["start"], c["end"])):
        start, end = claim["start"], claim["end"]
        if start < position or end > len(text) or start >= end:
            continue
        plain(text[position:start])
        out[-1].pieces.append(Piece(text[start:end], claim))
        position = end
    plain(text[position:])
    return [p for p in out if p.pieces]


def _cited_sources(snapshot: Snapshot) -> set[int]:
    """Ids of the non-confidential sources a publication snapshot cites."""
    return {
        e["source"]["id"]
        for c in snapshot.get("claims", [])  # tolerant of a bare {} (the export benchmark writes those)
        for e in c["evidence"]
        if not e["source"]["confidential"]
    }


def archived_source_ids(session: Session, snapshot: Snapshot) -> set[int]:
    """The sources cited by a publication snapshot that have an archived copy to link to (one query).

    A sha256 alone does not mean a copy: PDFs and failed extractions are hashed but have no archived text."""
    ids = _cited_sources(snapshot)
    if not ids:
        return set()
    return set(
        session.scalars(
            select(Source.id).where(
                Source.id.in_(ids),
                Source.archived_text.is_not(None),
                Source.confidential.is_(False),
                Source.kind != SourceKind.PERSON,
            )
        )
    )


def published_source(session: Session, source_id: int) -> Source | None:
    """A source with an archived copy that the current (latest, not retracted) version of some article cites;
    never a confidential one. Evidence added to a published claim stays private until the article is published
    again, and a claim reopened after publication keeps its sources readable while its published version shows
    them. Two queries: the latest publications of the articles whose claims cite the source, then the source."""
    citing = (
        select(Claim.article_id)
        .join(Evidence, Evidence.claim_id == Claim.id)
        .where(Evidence.source_id == source_id)
        .distinct()
    )
    latest = (
        select(Publication.article_id, func.max(Publication.version).label("version"))
        .where(Publication.article_id.in_(citing))
        .group_by(Publication.article_id)
        .subquery()
    )
    snapshots = session.scalars(
        select(Publication.snapshot)
        .join(latest, (Publication.article_id == latest.c.article_id) & (Publication.version == latest.c.version))
        .where(Publication.kind == PublicationKind.PUBLICATION)
    )
    if not any(source_id in _cited_sources(snapshot) for snapshot in snapshots):
        return None
    stmt = select(Source).where(
        Source.id == source_id,
        Source.confidential.is_(False),
        Source.archived_text.is_not(None),
        Source.kind != SourceKind.PERSON,  # interview notes stay with the desk
    )
    return session.scalar(stmt)
