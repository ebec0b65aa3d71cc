"""Read-side queries shared by the pages (no writes here)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, ClaimStatus, Publication


@dataclass(frozen=True)
class PublishedArticle:
    article: Article
    publication: Publication


def published_articles(session: Session, *, query: str = "", limit: int = 50) -> list[PublishedArticle]:
    """The latest publication of each published (not retracted) article, newest first."""
    latest = (
        select(Publication.article_id, func.max(Publication.version).label("version"))
        .group_by(Publication.article_id)
        .subquery()
    )
    stmt = (
        select(Article, Publication)
        .join(latest, latest.c.article_id == Article.id)
        .join(Publication, (Publication.article_id == latest.c.article_id)
              & (Publication.version == latest.c.version))
        .where(Publication.kind == "publication")
        .order_by(Publication.published_at.desc())
        .limit(limit)
    )
    if query.strip():
        like = f"%{query.strip()}%"
        stmt = stmt.where(or_(Article.title.ilike(like), Article.outlet.ilike(like)))
    return [PublishedArticle(a, p) for a, p in session.execute(stmt)]


def recent_articles(session: Session, limit: int = 20) -> list[tuple[Article, int]]:
    """Articles with their claim counts (one query), newest first."""
    counts = (
        select(Claim.article_id, func.count(Claim.id).label("n"))
        .where(Claim.status != ClaimStatus.DISMISSED.value)
        .group_by(Claim.article_id)
        .subquery()
    )
    stmt = (
        select(Article, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.article_id == Article.id)
        .order_by(Article.created_at.desc(), Article.id.desc())
        .limit(limit)
    )
    return [(a, int(n)) for a, n in session.execute(stmt)]


def status_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Claim.status, func.count(Claim.id)).group_by(Claim.status))
    return {status: int(n) for status, n in rows}


def claims_assigned_to(session: Session, user_id: int, limit: int = 20) -> list[Claim]:
    stmt = (
        select(Claim)
        .where(Claim.assignee_id == user_id, Claim.status.in_(["new", "in_review", "returned"]))
        .order_by(Claim.checkworthiness.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))
