"""Sources (fetched, archived, hashed; shared across claims) and the evidence linking them to claims."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, StrEnumType, utcnow
from factcheck.models.claim import Claim


class Stance(enum.StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class SourceKind(enum.StrEnum):
    WEB = "web"  # fetched from its URL
    DOCUMENT = "document"  # uploaded by the desk: PDF, HTML or plain text
    PERSON = "person"  # an interview, a phone call, an e-mail: who, organisation, date, method


class ContactMethod(enum.StrEnum):
    INTERVIEW = "interview"
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    MESSAGE = "message"


class Source(Base):
    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)  # documents: document:<sha256>; people: person:<id>
    kind: Mapped[SourceKind] = mapped_column(StrEnumType(SourceKind, 16), default=SourceKind.WEB)
    final_url: Mapped[str | None] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(500), default="")
    publisher: Mapped[str] = mapped_column(String(300), default="")
    http_status: Mapped[int | None]
    content_type: Mapped[str | None] = mapped_column(String(120))
    fetched_at: Mapped[dt.datetime | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    archived_text: Mapped[str | None] = mapped_column(Text)
    fetch_error: Mapped[str | None] = mapped_column(Text)
    confidential: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    file_name: Mapped[str | None] = mapped_column(String(300))  # an uploaded document's name
    person: Mapped[str] = mapped_column(String(200), default="")  # who was interviewed or wrote
    organisation: Mapped[str] = mapped_column(String(300), default="")
    contacted_on: Mapped[dt.date | None]
    method: Mapped[ContactMethod | None] = mapped_column(StrEnumType(ContactMethod, 16))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    link_checked_at: Mapped[dt.datetime | None]  # the last re-fetch by the link check (models/link_check.py)

    @property
    def reachable(self) -> bool:
        return self.fetch_error is None and self.archived_text is not None


class Evidence(Base):
    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    stance: Mapped[Stance] = mapped_column(StrEnumType(Stance, 8), default=Stance.CONTEXT)
    passage: Mapped[str] = mapped_column(Text, default="")
    match_start: Mapped[int | None]  # where the passage was found in source.archived_text
    match_end: Mapped[int | None]
    match_score: Mapped[float | None]  # 100 exact, lower fuzzy, None not found
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    claim: Mapped[Claim] = relationship()
    source: Mapped[Source] = relationship()
