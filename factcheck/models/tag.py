"""Claim tags: the desk's topics ("health", "election 2026"), several per claim, for filtering the queue."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.models.base import Base


class ClaimTag(Base):
    __tablename__ = "claim_tags"

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(60), primary_key=True, index=True)  # stored lower-case
