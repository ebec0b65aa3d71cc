"""Rating scales (the newsroom's ladder of verdicts) and their ordered ratings."""

from __future__ import annotations

import re
import unicodedata

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


ICON_NAMES: dict[str, str] = {  # the bundled icons (static/icons/ratings/<name>.svg) -> words for the menu
    "check": "check mark",
    "cross": "cross",
    "quarter": "circle, a quarter filled",
    "half": "circle, half filled",
    "three-quarters": "circle, three quarters filled",
    "circle": "empty circle",
    "question": "question mark",
    "exclaim": "exclamation mark",
    "ellipsis": "three dots",
    "hourglass": "hourglass",
    "smile": "smiling face",
    "nose": "Pinocchio's nose",
    "minus": "dash",
    "star": "star",
}

LEGACY_ICONS: dict[str, str] = {  # icons stored before the set existed -> the icon of the same meaning
    "✓": "check",
    "✔": "check",
    "✗": "cross",
    "✘": "cross",
    "◔": "quarter",
    "◐": "half",
    "◑": "half",
    "◕": "three-quarters",
    "○": "circle",
    "?": "question",
    "!": "exclaim",
    "…": "ellipsis",
    "⌛": "hourglass",
    "☺": "smile",
    "1P": "nose",
    "2P": "nose",
    "3P": "nose",
    "4P": "nose",
}


def icon_name(icon: str) -> str | None:
    """The bundled set's name for a stored icon (a name, or an older emoji or symbol); None when it has no match."""
    icon = (icon or "").strip()
    return icon if icon in ICON_NAMES else LEGACY_ICONS.get(icon)


# Code points that are invisible but not of category Cf (default-ignorable fillers): removed like format characters.
_INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u17b4\u17b5\u2800")
_DROPPED_CATEGORIES = frozenset({"Cf", "Cc", "Mn", "Me"})


def comparable(text: str) -> str:
    """`text` folded for matching words as a reader sees them: compatibility forms (fullwidth, ligatures,
    mathematical letters) to their plain letters, case folded, accents and other combining marks, format
    characters (zero-width spaces and joiners, soft hyphens, bidi controls) and invisible fillers removed, and
    every run of white space made one space."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in decomposed
        if ch.isspace() or (unicodedata.category(ch) not in _DROPPED_CATEGORIES and ch not in _INVISIBLE)
    )
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKD", kept.casefold()))
    folded = "".join(ch for ch in folded if unicodedata.category(ch) not in _DROPPED_CATEGORIES)
    return " ".join(folded.split())


def mentions_label(text: str, label: str) -> bool:
    """Whether `text` names the verdict `label` as a word ("False" is not in "falsehood"), however it is spelled
    in Unicode: both are compared in their `comparable` form, so "F\u200bALSE", "fal\u00adse", "ＦＡＬＳＥ" and
    "fálse" all name "False"."""
    wanted = comparable(label)
    if not wanted:
        return False
    return re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", comparable(text)) is not None
