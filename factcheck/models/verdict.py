"""Verdicts (appended, never updated: each state change is a new row) and comments on claims."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, StrEnumType, utcnow
from factcheck.models.claim import Claim
from factcheck.models.rating import Rating
from factcheck.models.user import User


class VerdictState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class Verdict(Base):
    __tablename__ = "verdicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"))
    summary: Mapped[str] = mapped_column(String(500))  # schema.org claimReviewed
    rationale: Mapped[str] = mapped_column(Text, default="")  # Markdown source
    state: Mapped[VerdictState] = mapped_column(StrEnumType(VerdictState, 12), default=VerdictState.DRAFT)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    approver_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decision_comment: Mapped[str] = mapped_column(Text, default="")
    # On approved rows: what the editor approved besides the verdict itself, as they saw it: the evidence ids
    # and the claim's span (revision_id, start, end, quote, prefix, suffix). Publication shows exactly this.
    scope: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)

    claim: Mapped[Claim] = relationship()
    rating: Mapped[Rating] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    approver: Mapped[User | None] = relationship(foreign_keys=[approver_id])


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    author: Mapped[User] = relationship()
