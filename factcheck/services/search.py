"""The readers' search: published versions only. An article is found by its title or outlet, by the words of the
text its current version published (full-text: SQLite FTS5 over article_revisions, PostgreSQL a GIN index on the
first 200,000 characters), or by the words of a claim that version shows as checked. Nothing unpublished (a draft
revision, a claim checked since) is ever searched."""

from __future__ import annotations

from sqlalchemy import Integer, Select, TextClause, column, func, or_, select, text
from sqlalchemy.orm import Session

from factcheck.claims.matching import terms
from factcheck.models import Article, Claim, Publication, PublicationKind
from factcheck.services.reading import PublishedArticle

_SQLITE_TEXT = "SELECT rowid AS id FROM article_revisions_fts WHERE article_revisions_fts MATCH :q"
_TSV = "to_tsvector('english', left(text, 200000))"  # the expression the GIN index is on
_POSTGRES_TEXT = f"SELECT id FROM article_revisions WHERE {_TSV} @@ plainto_tsquery('english', :q)"
_SQLITE_CLAIMS = "SELECT rowid AS id FROM claims_fts WHERE claims_fts MATCH :q"
_POSTGRES_CLAIMS = "SELECT id FROM claims WHERE quote_tsv @@ plainto_tsquery('english', :q)"
CLAIM_CANDIDATES = 500


def _latest_publications() -> Select[Article, Publication]:
    latest = (
        select(Publication.article_id, func.max(Publication.version).label("version"))
        .group_by(Publication.article_id)
        .subquery()
    )
    return (
        select(Article, Publication)
        .join(latest, latest.c.article_id == Article.id)
        .join(Publication, (Publication.article_id == latest.c.article_id) & (Publication.version == latest.c.version))
        .where(Publication.kind == PublicationKind.PUBLICATION)
    )


def _ids(sql: str, expression: str) -> TextClause:
    return text(sql).bindparams(q=expression)


def _checked_claim_articles(session: Session, sqlite: bool, expression: str) -> set[int]:
    """Articles whose current published version shows a matching claim as checked."""
    stmt = _ids(_SQLITE_CLAIMS if sqlite else _POSTGRES_CLAIMS, expression).columns(column("id", Integer))
    claim_ids = set(session.scalars(select(stmt.subquery().c.id).limit(CLAIM_CANDIDATES)))
    if not claim_ids:
        return set()
    article_ids = set(session.scalars(select(Claim.article_id).where(Claim.id.in_(claim_ids)).distinct()))
    found = set()
    for article, publication in session.execute(_latest_publications().where(Article.id.in_(article_ids))):
        if any(c["id"] in claim_ids and c["checked"] for c in publication.snapshot.get("claims", [])):
            found.add(article.id)
    return found


def search_published(session: Session, query: str, *, limit: int = 50) -> list[PublishedArticle]:
    """Published articles matching every word of `query` (title, outlet, text, checked claims), newest first."""
    words = terms(query)
    stmt = _latest_publications().order_by(Publication.published_at.desc()).limit(limit)
    like = f"%{query.strip()}%"
    by_name = or_(Article.title.ilike(like), Article.outlet.ilike(like))
    if not words:
        return [_listed(a, p) for a, p in session.execute(stmt.where(by_name))] if query.strip() else []
    sqlite = session.get_bind().dialect.name == "sqlite"
    expression = " ".join(f'"{w}"' for w in words) if sqlite else " ".join(words)
    revisions = _ids(_SQLITE_TEXT if sqlite else _POSTGRES_TEXT, expression).columns(column("id", Integer))
    by_text = Publication.revision_id.in_(select(revisions.subquery().c.id))
    by_claims = Article.id.in_(_checked_claim_articles(session, sqlite, expression))
    return [_listed(a, p) for a, p in session.execute(stmt.where(or_(by_name, by_text, by_claims)))]


def _listed(article: Article, publication: Publication) -> PublishedArticle:
    return PublishedArticle(
        article.id,
        article.slug,
        article.title,
        article.outlet,
        article.published_on,
        publication.version,
        publication.published_at,
    )
