"""Rating scales (the newsroom's ladder of verdicts) and their ordered ratings."""

from __future__ import annotations

import re

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base


class RatingScale(Base):
    __tablename__ = "rating_scales"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=False)

    ratings: Mapped[list[Rating]] = relationship(
        back_populates="scale", order_by="Rating.position", cascade="all, delete-orphan"
    )

    @property
    def numeric_ratings(self) -> list[Rating]:
        return [r for r in self.ratings if r.value is not None]

    @property
    def best(self) -> int | None:
        values = [r.value for r in self.numeric_ratings if r.value is not None]
        return max(values) if values else None

    @property
    def worst(self) -> int | None:
        values = [r.value for r in self.numeric_ratings if r.value is not None]
        return min(values) if values else None


class Rating(Base):
    __tablename__ = "ratings"
    __table_args__ = (
        UniqueConstraint("scale_id", "label"),
        UniqueConstraint("scale_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("rating_scales.id"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(80))
    value: Mapped[int | None]  # None: a label off the ordinal ladder (Satire, Unproven, ...)
    definition: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(16), default="#777777")
    icon: Mapped[str] = mapped_column(String(16), default="")

    scale: Mapped[RatingScale] = relationship(back_populates="ratings")


def mentions_label(text: str, label: str) -> bool:
    """Whether `text` names the verdict `label` as a word ("False" is not in "falsehood")."""
    label = label.strip()
    return bool(label) and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", text, re.IGNORECASE) is not None
