"""Publications: immutable, numbered versions of a checked article, as readers saw them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.article import Article, ArticleRevision
from factcheck.models.base import Base, utcnow
from factcheck.models.user import User


class Publication(Base):
    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    version: Mapped[int]
    kind: Mapped[str] = mapped_column(String(12), default="publication")  # publication | retraction
    revision_id: Mapped[int] = mapped_column(ForeignKey("article_revisions.id"))
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    correction_note: Mapped[str] = mapped_column(Text, default="")
    published_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    published_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    html: Mapped[str | None] = mapped_column(Text)  # rendered once, served from here
    etag: Mapped[str | None] = mapped_column(String(80))

    article: Mapped[Article] = relationship()
    revision: Mapped[ArticleRevision] = relationship()
    published_by: Mapped[User] = relationship()


class ReaderRequest(Base):
    """A reader's claim suggestion or correction request, waiting in the editors' queue."""

    __tablename__ = "reader_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # suggestion | correction
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(2000), default="")
    contact: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | accepted | declined
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Setting(Base):
    """Organisation settings an admin edits (about, contact, funding, team pages; ClaimReview author)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
