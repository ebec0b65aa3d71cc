"""Admins create and edit rating scales (services/rating_scales.py); icons come from the bundled set."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from factcheck import rating_icons
from factcheck.models import Claim, Rating
from factcheck.services import ratings
from factcheck.services.errors import PermissionDenied, ValidationError
from factcheck.services.rating_scales import RatingRow, save_scale
from tests.support.people import make_user

ROWS = [
    RatingRow("Wrong", 1, "Not so.", "#b3261e", "cross"),
    RatingRow("Right", 2, "So.", "#2e7d32", "check"),
    RatingRow("", None, "", "#000000", "check"),  # an empty row is left out
]


def test_create_then_edit_a_scale(db: Session) -> None:
    admin = make_user(db, "admin")
    scale = save_scale(db, admin, None, name="Two steps", description="A short ladder.", rows=ROWS)
    assert scale.slug == "two-steps" and [r.label for r in scale.ratings] == ["Wrong", "Right"]
    wrong, right = scale.ratings
    edited = save_scale(
        db,
        admin,
        scale,
        name="Three steps",
        description="",
        rows=[
            RatingRow("Wrong", 1, "Not so.", "#b3261e", "cross", wrong.id),
            RatingRow("Halfway", 2, "Partly.", "#c99a06", "half"),
            RatingRow("Right", 3, "So.", "#2e7d32", "star", right.id),
        ],
    )
    assert [(r.label, r.position, r.icon) for r in edited.ratings] == [
        ("Wrong", 0, "cross"),
        ("Halfway", 1, "half"),
        ("Right", 2, "star"),
    ]
    assert edited.ratings[2].id == right.id  # edited in place: verdicts keep pointing at it
    save_scale(
        db,
        admin,
        edited,
        name="Two again",
        description="",
        rows=ROWS[:2]
        and [
            RatingRow("Wrong", 1, "Not so.", "#b3261e", "cross", wrong.id),
            RatingRow("Right", 3, "So.", "#2e7d32", "star", right.id),
        ],
    )
    assert db.query(Rating).filter(Rating.scale_id == scale.id).count() == 2


def test_refusals(db: Session, make_claim: Callable[..., Claim]) -> None:
    admin = make_user(db, "admin")
    editor = make_user(db, "editor")
    with pytest.raises(PermissionDenied):
        save_scale(db, editor, None, name="X", description="", rows=ROWS)
    with pytest.raises(ValidationError, match="at least two"):
        save_scale(db, admin, None, name="X", description="", rows=ROWS[:1])
    with pytest.raises(ValidationError, match="same label"):
        save_scale(db, admin, None, name="X", description="", rows=[ROWS[0], ROWS[0]])
    with pytest.raises(ValidationError, match="icon"):
        save_scale(db, admin, None, name="X", description="", rows=[ROWS[0], RatingRow("Odd", 2, "", "#000000", "🎉")])
    with pytest.raises(ValidationError, match="colour"):
        save_scale(db, admin, None, name="X", description="", rows=[ROWS[0], RatingRow("Odd", 2, "", "red", "check")])
    # A rating a verdict uses stays on the scale.
    make_claim(status="approved")
    active = ratings.active_scale(db)
    assert active is not None
    used = next(r for r in active.ratings if r.label == "True")
    others = [
        RatingRow(r.label, r.value, r.definition, r.colour, "check", r.id) for r in active.ratings if r is not used
    ]
    with pytest.raises(ValidationError, match=r"True: used by the verdicts of 1 claim\(s\)"):
        save_scale(db, admin, active, name=active.name, description="", rows=others)


def test_icons_are_bundled_svg_and_old_symbols_map_to_them() -> None:
    for name in rating_icons.NAMES:
        svg = rating_icons.svg(name)
        assert (svg.startswith('<svg class="rating-icon" aria-hidden="true"') and "<path" in svg) or "<circle" in svg
    assert rating_icons.svg("✓") == rating_icons.svg("check")
    assert rating_icons.svg("4P") == rating_icons.svg("nose")
    assert rating_icons.svg("🎉") == ""
