"""Claim intelligence: stored sentence vectors, checks by other fact-checkers, match decisions, learned rankers.

Full-text search over `external_checks.claim_text` lives outside these models, as for claims: an FTS5 table on
SQLite and a stored `tsvector` column on PostgreSQL, both created by the migration (see migrations/env.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.models.base import Base, utcnow


class ClaimEmbedding(Base):
    """One claim's sentence vector for one model: float16, little-endian (768 bytes for MiniLM)."""

    __tablename__ = "claim_embeddings"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    model: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    text_sha256: Mapped[str] = mapped_column(String(64))  # of the text embedded: a changed quote needs a new vector
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ExternalCheck(Base):
    """A ClaimReview published by another fact-checker, imported to be found by "previously checked"."""

    __tablename__ = "external_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_text: Mapped[str] = mapped_column(Text)
    rating_text: Mapped[str] = mapped_column(String(200), default="")
    rating_value: Mapped[float | None]  # 0 (worst) .. 1 (best) where the review gives a numeric scale
    reviewer_name: Mapped[str] = mapped_column(String(200), default="")
    reviewer_url: Mapped[str] = mapped_column(String(2000), default="")
    review_url: Mapped[str] = mapped_column(String(2000), default="")
    reviewed_on: Mapped[dt.date | None]
    claim_author: Mapped[str] = mapped_column(String(200), default="")
    claim_appearance: Mapped[str] = mapped_column(String(2000), default="")
    raw: Mapped[dict[str, Any]] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the canonical JSON: imports dedup
    embedding_model: Mapped[str | None] = mapped_column(String(64))
    embedding: Mapped[bytes | None] = mapped_column(LargeBinary)
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class RankerModel(Base):
    """A learned check-worthiness ranker, serialised as versioned JSON bytes so every host reads the same one."""

    __tablename__ = "ranker_models"

    id: Mapped[int] = mapped_column(primary_key=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    decisions: Mapped[int]
    positives: Mapped[int]
    cv_average_precision: Mapped[float]
    heldout_model_ap: Mapped[float]  # the model and the default scorer on the same held-out decisions
    heldout_default_ap: Mapped[float]
    active: Mapped[bool] = mapped_column(default=False, index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    trained_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class MatchDecision(Base):
    """A reviewer's decision on a "previously checked" match: the same claim (its verdict reused) or not the same."""

    __tablename__ = "match_decisions"
    __table_args__ = (
        CheckConstraint("decision IN ('same', 'different')", name="decision_kind"),
        CheckConstraint("(matched_claim_id IS NULL) != (external_check_id IS NULL)", name="one_match"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    matched_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    external_check_id: Mapped[int | None] = mapped_column(ForeignKey("external_checks.id"), index=True)
    decision: Mapped[str] = mapped_column(String(12))
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id"))  # the draft a reuse created
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ClaimScore(Base):
    """A learned ranker's score of one claim, computed in bulk when the model is trained (and for claims created
    while it is active), so the queue sorts by it without scoring anything per page view."""

    __tablename__ = "claim_scores"
    __table_args__ = (Index("ix_claim_scores_model_score", "model_id", "score"),)

    model_id: Mapped[int] = mapped_column(ForeignKey("ranker_models.id", ondelete="CASCADE"), primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    score: Mapped[float]
