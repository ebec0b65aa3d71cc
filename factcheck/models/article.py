"""Articles and their immutable text revisions."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Article(Base):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_newest", "created_at", "id"),  # the workbench home's recent articles
        Index("ix_articles_outlet", "outlet"),  # the queue's outlet filter choices
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(160), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    outlet: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str | None] = mapped_column(String(2000), unique=True)
    author: Mapped[str] = mapped_column(String(300), default="")
    published_on: Mapped[dt.date | None]
    language: Mapped[str] = mapped_column(String(16), default="en")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    revisions: Mapped[list[ArticleRevision]] = relationship(back_populates="article", order_by="ArticleRevision.number")

    @property
    def current_revision(self) -> ArticleRevision | None:
        return self.revisions[-1] if self.revisions else None


class ArticleRevision(Base):
    """The text of an article at one moment. Never edited: a change is a new revision."""

    __tablename__ = "article_revisions"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(8))  # paste | file | url | demo
    source_url: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    article: Mapped[Article] = relationship(back_populates="revisions")
