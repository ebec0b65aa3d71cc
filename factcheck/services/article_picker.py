"""The article picker of the queue's filters: a search over titles and outlets instead of a list of every article.

The browser asks `search` through a small JSON endpoint as the reviewer types (static/js/work.js); without
JavaScript the field is plain text, read as "#<id>" (an article) or as words a title contains.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.ids import parse_id
from factcheck.models import Article

PICKER_LIMIT = 20  # articles one search answers with


def escape_like(text: str) -> str:
    """`text` for a LIKE pattern with escape character backslash: its own % and _ match only themselves."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parse(value: str) -> tuple[int | None, str]:
    """The article filter as typed: (article id, "") for "#12", "#12 · title" or "12"; else (None, the words)."""
    value = value.strip()[:200]
    head = value.removeprefix("#").split(" ", 1)[0]
    if (value.startswith("#") or value.isdigit()) and (ident := parse_id(head)) is not None:
        return ident, ""
    return None, value


def search(session: Session, text: str, limit: int = PICKER_LIMIT) -> list[tuple[int, str, str]]:
    """(id, title, outlet) of the articles whose title or outlet contains `text` ("#12": article 12), by title."""
    ident, text = parse(text)
    stmt = select(Article.id, Article.title, Article.outlet).order_by(Article.title, Article.id).limit(limit)
    if ident is not None:
        stmt = stmt.where(Article.id == ident)
    elif text:
        like = f"%{escape_like(text)}%"
        stmt = stmt.where(Article.title.ilike(like, escape="\\") | Article.outlet.ilike(like, escape="\\"))
    return [(int(i), str(t), str(o)) for i, t, o in session.execute(stmt)]


def label(session: Session, article_id: int | None, typed: str) -> str:
    """What the article search field shows: "#12 · title" for an article (one statement), else the typed text."""
    if article_id is None:
        return typed
    title = session.scalar(select(Article.title).where(Article.id == article_id))
    return f"#{article_id} · {title}" if title is not None else f"#{article_id}"
