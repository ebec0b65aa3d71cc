"""Publications: immutable, numbered versions of a checked article, as readers saw them.

A session listener refuses any change to a flushed Publication row (and any bulk UPDATE/DELETE of the table),
except filling its rendered-page cache (html, etag) once, from empty.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column, relationship

from factcheck.models.article import Article, ArticleRevision
from factcheck.models.base import Base, StrEnumType, utcnow
from factcheck.models.snapshot import Snapshot
from factcheck.models.user import User


class PublicationKind(enum.StrEnum):
    PUBLICATION = "publication"  # a version readers see
    RETRACTION = "retraction"  # withdraws the article; carries the public notice


class RequestKind(enum.StrEnum):
    SUGGESTION = "suggestion"  # a reader suggests a claim to check
    CORRECTION = "correction"  # a reader asks for a correction


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"


class Publication(Base):
    __tablename__ = "publications"
    __table_args__ = (UniqueConstraint("article_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    version: Mapped[int]
    kind: Mapped[PublicationKind] = mapped_column(StrEnumType(PublicationKind, 12), default=PublicationKind.PUBLICATION)
    revision_id: Mapped[int] = mapped_column(ForeignKey("article_revisions.id"))
    snapshot: Mapped[Snapshot] = mapped_column(JSON)  # frozen; its shape is models/snapshot.py
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
    kind: Mapped[RequestKind] = mapped_column(StrEnumType(RequestKind, 12))
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"))
    body: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(String(2000), default="")
    contact: Mapped[str] = mapped_column(String(254), default="")
    status: Mapped[RequestStatus] = mapped_column(StrEnumType(RequestStatus, 12), default=RequestStatus.OPEN)
    handled_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Setting(Base):
    """Organisation settings an admin edits (about, contact, funding, team pages; ClaimReview author)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PublicationImmutable(Exception):
    """A published version was about to be changed or deleted."""


# A version's rendered page may be filled in once (None -> value), after which it is frozen like the rest.
CACHE_COLUMNS = frozenset({"html", "etag"})


def _refuse_changes(session: Session, _context: object, _instances: object) -> None:
    for obj in session.deleted:
        if isinstance(obj, Publication):
            raise PublicationImmutable(f"publication {obj.id} is a published version: it cannot be deleted")
    for obj in session.dirty:
        if not isinstance(obj, Publication):
            continue
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            history = state.attrs[attr.key].history
            if not history.has_changes():
                continue
            filling_cache = attr.key in CACHE_COLUMNS and all(v is None for v in history.deleted)
            if not filling_cache:
                raise PublicationImmutable(
                    f"publication {obj.id} is a published version: {attr.key} cannot change; publish a new version"
                )


def _refuse_bulk(state: ORMExecuteState) -> None:
    if (
        (state.is_update or state.is_delete)
        and state.bind_mapper is not None
        and state.bind_mapper.class_ is Publication
    ):
        raise PublicationImmutable("published versions cannot be updated or deleted in bulk")


event.listen(Session, "before_flush", _refuse_changes)
event.listen(Session, "do_orm_execute", _refuse_bulk)
