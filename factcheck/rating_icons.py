"""The bundled rating icons (static/icons/ratings/*.svg, drawn for this project): a rating stores an icon's name;
pages inline the SVG, which needs no emoji font. Icons stored before the set existed (emoji and symbols such as
"✓" or "4P") are shown as the icon of the same meaning."""

from __future__ import annotations

import functools
from pathlib import Path

from markupsafe import Markup

FOLDER = Path(__file__).resolve().parents[1] / "static" / "icons" / "ratings"

NAMES: dict[str, str] = {  # name -> what an admin reads in the icon menu
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

LEGACY: dict[str, str] = {
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


def name_of(icon: str) -> str | None:
    """The set's name for a stored icon (a name, or an older emoji or symbol); None when it has no match."""
    icon = (icon or "").strip()
    return icon if icon in NAMES else LEGACY.get(icon)


@functools.cache
def _svg(name: str) -> str:
    return (FOLDER / f"{name}.svg").read_text(encoding="utf-8").strip()


def svg(icon: str) -> Markup:
    """The icon as inline SVG (hidden from screen readers: the rating's label says it in words); empty if none."""
    name = name_of(icon)
    if name is None:
        return Markup("")
    return Markup(_svg(name).replace("<svg ", '<svg class="rating-icon" aria-hidden="true" focusable="false" ', 1))
