"""Form fields' HTML, remembered while a field shows nothing anyone typed: WTForms takes some 0.1-0.3 ms to render
a field (a select with its options most), and the workbench pages show many, the same ones on every claim (the
claim page's attach and verdict forms, the panels' forms when opened). The key is everything the widget's HTML
depends on (field and widget types, id, name, value, choices, validation flags, attributes), so a hit is the HTML
the widget would write; a field with errors or submitted input is rendered each time."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from wtforms import Field

LIMIT = 4000  # entries; the cache starts again when full (a few MB at most)
_LONGEST = 300  # characters of a value's repr worth keying on: longer values (a passage) are rendered each time
_html: dict[tuple[Any, ...], Markup] = {}


def _key(field: Field, kwargs: dict[str, Any]) -> tuple[Any, ...] | None:
    if field.errors or field.raw_data:
        return None
    value = repr(field.data)
    if len(value) > _LONGEST:
        return None
    return (
        type(field),
        type(field.widget),
        repr(vars(field.widget)),
        field.id,
        field.name,
        value,
        repr(getattr(field, "choices", None)),
        repr(field.flags),
        repr(field.render_kw),
        repr(sorted(kwargs.items())),
    )


def field_html(field: Field, **kwargs: Any) -> Markup:
    """`field(**kwargs)`, from the cache when the same field was rendered the same way before."""
    key = _key(field, kwargs)
    if key is None:
        return Markup(field(**kwargs))
    html = _html.get(key)
    if html is None:
        if len(_html) >= LIMIT:
            _html.clear()
        html = _html[key] = Markup(field(**kwargs))
    return html
