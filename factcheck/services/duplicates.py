"""Duplicate imports: an article whose text is the same as another's once case, punctuation and spacing are
ignored (`text_key`, indexed), or nearly the same (rapidfuzz on the opening of the recent articles' texts).
Importing the same URL again adds a revision to its article instead (services/articles.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rapidfuzz import fuzz
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, ArticleRevision

SIMILAR = 90.0  # rapidfuzz ratio (0-100) of the openings above which two texts count as one article
OPENING = 3000  # characters of each text compared
RECENT = 300  # revisions compared by similarity: the newest ones


@dataclass(frozen=True)
class Duplicate:
    article: Article
    how: str  # "same text" | "similar text (93%)"


def _opening(text: str) -> str:
    return " ".join(text[:OPENING].casefold().split())


def duplicates_of(session: Session, article: Article) -> list[Duplicate]:
    """Other articles whose text is the same or nearly the same as this article's current text."""
    revision = article.current_revision
    if revision is None:
        return []
    found: dict[int, str] = {}
    if revision.text_key:
        same = select(ArticleRevision.article_id).where(
            ArticleRevision.text_key == revision.text_key, ArticleRevision.article_id != article.id
        )
        found.update({int(a): "same text" for a in session.scalars(same.distinct())})
    mine = _opening(revision.text)
    recent = session.execute(
        select(ArticleRevision.article_id, func.substr(ArticleRevision.text, 1, OPENING))
        .where(ArticleRevision.article_id != article.id)
        .order_by(ArticleRevision.id.desc())
        .limit(RECENT)
    )
    for article_id, opening in recent:
        if int(article_id) in found or not mine:
            continue
        score = fuzz.ratio(mine, _opening(str(opening)), score_cutoff=SIMILAR)
        if score:
            found[int(article_id)] = f"similar text ({score:.0f}%)"
    if not found:
        return []
    others = session.scalars(select(Article).where(Article.id.in_(found)).order_by(Article.created_at, Article.id))
    return [Duplicate(a, found[a.id]) for a in others]


def describe(article: Article) -> str:
    """How a list tells two articles with one title apart: outlet, publication date, import date."""
    parts = [article.outlet or "no outlet"]
    if article.published_on:
        parts.append(f"published {article.published_on.isoformat()}")
    created = article.created_at
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    parts.append(f"imported {created.astimezone(dt.UTC).date().isoformat()}")
    return " · ".join(parts)
