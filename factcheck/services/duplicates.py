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


# The similarity of two revisions' openings, by their ids and their texts' SHA-256 (a revision's text never
# changes): the article page compares its text with the RECENT newest revisions, some 7 ms of rapidfuzz at each
# view, now only for pairs not seen before. With the texts' hashes in the key, the answer is right whatever
# database asks (test databases reuse ids).
_SCORES: dict[tuple[int, str, int, str], float] = {}
SCORES_LIMIT = 100_000  # pairs (about 20 MB); the cache starts again when full


def _scores(session: Session, revision: ArticleRevision, others: list[tuple[int, str]]) -> dict[int, float]:
    """The similarity (0 below SIMILAR) of `revision`'s opening to each other revision's, given as (id, sha256),
    by the other's id; the texts of pairs not compared before are read in one statement."""
    mine = (revision.id, revision.sha256)
    todo = [ident for ident, sha in others if (*mine, ident, sha) not in _SCORES]
    if todo:
        opening = _opening(revision.text)
        rows = session.execute(
            select(ArticleRevision.id, ArticleRevision.sha256, func.substr(ArticleRevision.text, 1, OPENING)).where(
                ArticleRevision.id.in_(todo)
            )
        )
        if len(_SCORES) + len(todo) > SCORES_LIMIT:
            _SCORES.clear()
        for ident, sha, theirs in rows:
            score = fuzz.ratio(opening, _opening(str(theirs)), score_cutoff=SIMILAR) if opening else 0.0
            _SCORES[(*mine, int(ident), str(sha))] = float(score)
    return {ident: _SCORES.get((*mine, ident, sha), 0.0) for ident, sha in others}


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
    recent = session.execute(
        select(ArticleRevision.id, ArticleRevision.article_id, ArticleRevision.sha256)
        .where(ArticleRevision.article_id != article.id)
        .order_by(ArticleRevision.id.desc())
        .limit(RECENT)
    ).all()
    scores = _scores(session, revision, [(int(i), str(sha)) for i, a, sha in recent if int(a) not in found])
    for ident, article_id, _sha in recent:
        score = scores.get(int(ident), 0.0)
        if int(article_id) not in found and score:
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
