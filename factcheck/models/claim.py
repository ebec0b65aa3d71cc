"""Claims: checkable spans of an article revision, anchored by offsets and a quote selector."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.article import Article, ArticleRevision
from factcheck.models.base import Base, StrEnumType, utcnow
from factcheck.models.snapshot import ClaimDate
from factcheck.models.user import User


class ClaimStatus(enum.StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"
    PUBLISHED = "published"
    DISMISSED = "dismissed"


class AnchorState(enum.StrEnum):
    EXACT = "exact"
    FUZZY = "fuzzy"
    ORPHAN = "orphan"


class Claim(Base):
    __tablename__ = "claims"
    __table_args__ = (
        CheckConstraint('"end" >= start', name="span_order"),
        CheckConstraint("checkworthiness >= 0 AND checkworthiness <= 1", name="score_range"),
        # The queue's keyset orders (services/queue.py SORT_KEYS), each ending in the id, and the due predictions
        # (kind, then age). They replace the single-column indexes on article_id, checkworthiness, created_at and
        # kind, which are their first columns.
        Index("ix_claims_score_order", "checkworthiness", "id"),
        Index("ix_claims_position_order", "article_id", "start", "id"),
        Index("ix_claims_age_order", "created_at", "id"),
        Index("ix_claims_kind_age_order", "kind", "created_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    revision_id: Mapped[int] = mapped_column(ForeignKey("article_revisions.id"), index=True)
    start: Mapped[int]
    end: Mapped[int]
    quote: Mapped[str] = mapped_column(Text)
    prefix: Mapped[str] = mapped_column(String(64), default="")
    suffix: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(16), default="other")
    checkworthiness: Mapped[float] = mapped_column(default=0.0)
    score_reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    speaker: Mapped[str | None] = mapped_column(String(200), index=True)  # indexed: the queue lists speakers
    dates: Mapped[list[ClaimDate]] = mapped_column(JSON, default=list)
    revisit_on: Mapped[dt.date | None] = mapped_column(index=True)
    due_on: Mapped[dt.date | None] = mapped_column(index=True)  # when the desk wants the check done
    origin: Mapped[str] = mapped_column(String(8), default="auto")  # auto | manual | reader
    status: Mapped[ClaimStatus] = mapped_column(StrEnumType(ClaimStatus, 16), default=ClaimStatus.NEW, index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    anchor_state: Mapped[AnchorState] = mapped_column(StrEnumType(AnchorState, 8), default=AnchorState.EXACT)
    anchor_score: Mapped[float | None]
    needs_rereview: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    article: Mapped[Article] = relationship()
    revision: Mapped[ArticleRevision] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])

    # Optimistic locking: every UPDATE checks and bumps `version`; a stale writer gets StaleDataError.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
