"""The bundled rating icons (static/icons/ratings/*.svg, drawn for this project): a rating stores an icon's name;
pages inline the SVG, which needs no emoji font. Icons stored before the set existed (emoji and symbols such as
"✓" or "4P") are shown as the icon of the same meaning."""

from __future__ import annotations

import functools
from pathlib import Path

from markupsafe import Markup

from factcheck.models.rating import ICON_NAMES as NAMES
from factcheck.models.rating import icon_name as name_of

__all__ = ["NAMES", "name_of", "svg"]

FOLDER = Path(__file__).resolve().parents[1] / "static" / "icons" / "ratings"


@functools.cache
def _svg(name: str) -> str:
    return (FOLDER / f"{name}.svg").read_text(encoding="utf-8").strip()


def svg(icon: str) -> Markup:
    """The icon as inline SVG (hidden from screen readers: the rating's label says it in words); empty if none."""
    name = name_of(icon)
    if name is None:
        return Markup("")
    return Markup(_svg(name).replace("<svg ", '<svg class="rating-icon" aria-hidden="true" focusable="false" ', 1))
