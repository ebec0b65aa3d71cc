"""Rating scale presets (STANDARDS.md) and the choice of the active scale."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.models import Rating, RatingScale, User
from factcheck.services import audit
from factcheck.services.errors import NotFound


@dataclass(frozen=True)
class PresetRating:
    label: str
    value: int | None
    definition: str
    colour: str
    icon: str


@dataclass(frozen=True)
class Preset:
    slug: str
    name: str
    description: str
    ratings: tuple[PresetRating, ...]


_RED, _ORANGE, _AMBER, _OLIVE, _GREEN, _GREY, _PURPLE = (
    "#b3261e",
    "#d9622b",
    "#c99a06",
    "#7a9a01",
    "#2e7d32",
    "#6b6b6b",
    "#6a1b9a",
)

PRESETS: tuple[Preset, ...] = (
    Preset(
        "default",
        "Five-point scale",
        "The five-point ladder of Google's ClaimReview example.",
        (
            PresetRating("False", 1, "The claim is inaccurate.", _RED, "cross"),
            PresetRating(
                "Mostly false",
                2,
                "The claim has an element of truth but ignores facts that would give a different impression.",
                _ORANGE,
                "quarter",
            ),
            PresetRating(
                "Half true",
                3,
                "The claim is partially accurate but leaves out details or takes things out of context.",
                _AMBER,
                "◑",
            ),
            PresetRating(
                "Mostly true",
                4,
                "The claim is accurate but needs clarification or additional information.",
                _OLIVE,
                "three-quarters",
            ),
            PresetRating("True", 5, "The claim is accurate and nothing significant is missing.", _GREEN, "check"),
            PresetRating(
                "Unproven", None, "The evidence available does not settle the claim either way.", _GREY, "question"
            ),
        ),
    ),
    Preset(
        "truth-o-meter",
        "Truth-O-Meter",
        "PolitiFact's six ratings.",
        (
            PresetRating(
                "Pants on Fire", 0, "The statement is not accurate and makes a ridiculous claim.", _PURPLE, "🔥"
            ),
            PresetRating("False", 1, "The statement is not accurate.", _RED, "cross"),
            PresetRating(
                "Mostly False",
                2,
                "The statement contains an element of truth but ignores critical "
                "facts that would give a different impression.",
                _ORANGE,
                "quarter",
            ),
            PresetRating(
                "Half True",
                3,
                "The statement is partially accurate but leaves out important details or takes things out of context.",
                _AMBER,
                "◑",
            ),
            PresetRating(
                "Mostly True",
                4,
                "The statement is accurate but needs clarification or additional information.",
                _OLIVE,
                "three-quarters",
            ),
            PresetRating(
                "True", 5, "The statement is accurate and there is nothing significant missing.", _GREEN, "check"
            ),
        ),
    ),
    Preset(
        "pinocchios",
        "Pinocchio Test",
        "The Washington Post Fact Checker's Pinocchios.",
        (
            PresetRating("Four Pinocchios", 1, "Whoppers.", _RED, "nose"),
            PresetRating(
                "Three Pinocchios", 2, "Significant factual error and/or obvious contradictions.", _ORANGE, "nose"
            ),
            PresetRating("Two Pinocchios", 3, "Significant omissions and/or exaggerations.", _AMBER, "nose"),
            PresetRating(
                "One Pinocchio", 4, "Some shading of the facts; selective telling of the truth.", _OLIVE, "nose"
            ),
            PresetRating(
                "Geppetto Checkmark", 5, "The truth, the whole truth and nothing but the truth.", _GREEN, "check"
            ),
            PresetRating(
                "Upside-Down Pinocchio",
                None,
                "A statement that represents a clear but unacknowledged change in a politician's position.",
                _GREY,
                "↕",
            ),
            PresetRating("Verdict Pending", None, "Too much is unknown to reach a verdict yet.", _GREY, "ellipsis"),
        ),
    ),
    Preset(
        "label-only",
        "Written conclusions",
        "No ladder: each check carries a written conclusion under one of these labels (Full Fact style).",
        (
            PresetRating("Correct", None, "The claim matches the evidence.", _GREEN, "check"),
            PresetRating("Incorrect", None, "The claim does not match the evidence.", _RED, "cross"),
            PresetRating(
                "Misleading", None, "Accurate in part, but likely to leave a false impression.", _ORANGE, "exclaim"
            ),
            PresetRating(
                "Missing context", None, "True as far as it goes; the context changes its meaning.", _AMBER, "ellipsis"
            ),
            PresetRating("Unproven", None, "The evidence available does not settle the claim.", _GREY, "question"),
            PresetRating("Satire", None, "Written as a joke; not meant to be taken literally.", _GREY, "smile"),
            PresetRating("Outdated", None, "Was true once; no longer is.", _GREY, "hourglass"),
        ),
    ),
)


def load_presets(session: Session, actor: User | None = None) -> int:
    """Insert the presets missing from the database; activate the default if none is active. Returns added."""
    existing = set(session.scalars(select(RatingScale.slug)))
    added = 0
    for preset in PRESETS:
        if preset.slug in existing:
            continue
        scale = RatingScale(slug=preset.slug, name=preset.name, description=preset.description)
        for position, r in enumerate(preset.ratings):
            scale.ratings.append(
                Rating(
                    position=position,
                    label=r.label,
                    value=r.value,
                    definition=r.definition,
                    colour=r.colour,
                    icon=r.icon,
                )
            )
        session.add(scale)
        added += 1
    session.flush()
    if session.scalar(select(RatingScale.id).where(RatingScale.active.is_(True))) is None:
        default = session.scalar(select(RatingScale).where(RatingScale.slug == "default"))
        if default is not None:
            default.active = True
    if added:
        audit.record(session, actor, "ratings.load_presets", "rating_scale", None, {"added": added})
    return added


def active_scale(session: Session) -> RatingScale | None:
    return session.scalar(select(RatingScale).where(RatingScale.active.is_(True)))


def activate(session: Session, actor: User | None, scale_id: int) -> RatingScale:
    scale = session.get(RatingScale, scale_id)
    if scale is None:
        raise NotFound(f"No rating scale with id {scale_id}.")
    session.execute(update(RatingScale).values(active=False))
    scale.active = True
    audit.record(session, actor, "ratings.activate", "rating_scale", scale.id, {"slug": scale.slug})
    return scale


def all_scales(session: Session) -> list[RatingScale]:
    return list(session.scalars(select(RatingScale).order_by(RatingScale.id)))


def rating_by_label(session: Session, label: str) -> Rating | None:
    """The rating called `label` on the active scale, if there is one."""
    scale = active_scale(session)
    if scale is None:
        return None
    return session.scalar(select(Rating).where(Rating.scale_id == scale.id, Rating.label == label))
