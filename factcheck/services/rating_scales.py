"""Admins create and edit rating scales: each rating's label, value on the ladder, definition, colour and icon
(from the bundled set, factcheck/rating_icons.py). A rating some verdict uses cannot be removed; published
versions keep the labels they were published with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from slugify import slugify
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import policy
from factcheck.models import Rating, RatingScale, User, Verdict
from factcheck.models.rating import ICON_NAMES as NAMES
from factcheck.services import audit
from factcheck.services.errors import PermissionDenied, ValidationError

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class RatingRow:
    label: str
    value: int | None
    definition: str
    colour: str
    icon: str
    rating_id: int | None = None  # the rating this row edits (None: a new one)


def _check(name: str, rows: list[RatingRow]) -> list[RatingRow]:
    if not name.strip() or len(name.strip()) > 120:
        raise ValidationError("The scale needs a name of 1 to 120 characters.", fields={"name": "invalid"})
    kept = [r for r in rows if r.label.strip()]
    if len(kept) < 2:
        raise ValidationError("A scale needs at least two ratings.", fields={"ratings": "too few"})
    labels = [r.label.strip().casefold() for r in kept]
    if len(set(labels)) != len(labels):
        raise ValidationError("Two ratings have the same label.", fields={"ratings": "duplicate label"})
    for r in kept:
        if len(r.label.strip()) > 80:
            raise ValidationError(
                f"The label {r.label[:40]!r}… is longer than 80 characters.", fields={"ratings": "long"}
            )
        if not _COLOUR.match(r.colour):
            raise ValidationError(f"{r.label}: the colour must look like #2e7d32.", fields={"ratings": "colour"})
        if r.icon not in NAMES:
            raise ValidationError(f"{r.label}: pick an icon from the list.", fields={"ratings": "icon"})
        if r.value is not None and not 0 <= r.value <= 100:
            raise ValidationError(f"{r.label}: the value must be 0 to 100, or empty.", fields={"ratings": "value"})
    return kept


def _unique_slug(session: Session, name: str) -> str:
    base = slugify(name, max_length=50) or "scale"
    slug, n = base, 2
    while session.scalar(select(RatingScale.id).where(RatingScale.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    return slug


def save_scale(
    session: Session, actor: User, scale: RatingScale | None, *, name: str, description: str, rows: list[RatingRow]
) -> RatingScale:
    """Create a scale (scale=None) or replace an existing scale's name, description and ratings, in the given order."""
    if not policy.can_manage_settings(actor):
        raise PermissionDenied("Only admins edit rating scales.")
    kept = _check(name, rows)
    if scale is None:
        scale = RatingScale(slug=_unique_slug(session, name), name="", description="")
        session.add(scale)
        session.flush()
    scale.name, scale.description = name.strip(), description.strip()[:2000]
    existing = {r.id: r for r in scale.ratings}
    removed = set(existing) - {r.rating_id for r in kept if r.rating_id is not None}
    if removed:
        used = (
            session.scalar(select(func.count(func.distinct(Verdict.claim_id))).where(Verdict.rating_id.in_(removed)))
            or 0
        )
        if used:
            names = ", ".join(sorted(existing[i].label for i in removed))
            raise ValidationError(
                f"{names}: used by the verdicts of {used} claim(s), so it stays on the scale.",
                fields={"ratings": "used"},
            )
        for rating_id in removed:
            scale.ratings.remove(existing[rating_id])
    for n, rating in enumerate(scale.ratings):  # out of the way of the new order (unique per scale)
        rating.position = -1 - n
    session.flush()
    for position, row in enumerate(kept):
        found = existing.get(row.rating_id) if row.rating_id is not None else None
        rating = found if found is not None else Rating(scale_id=scale.id, position=position, label="")
        if found is None:
            scale.ratings.append(rating)
        rating.position, rating.label, rating.value = position, row.label.strip(), row.value
        rating.definition, rating.colour, rating.icon = row.definition.strip()[:2000], row.colour, row.icon
    session.flush()
    session.refresh(scale, ["ratings"])
    audit.record(
        session, actor, "ratings.save_scale", "rating_scale", scale.id, {"name": scale.name, "ratings": len(kept)}
    )
    return scale
