"""Keyset (seek) pagination: a page starts after the last row of the page before it, found through an index,
so page 1,000 costs what page 1 costs (OFFSET reads and throws away every row before the page).

An order is a tuple of `(column, descending)` keys ending in a unique column. A cursor is the values of those
keys in the row it points at, JSON in URL-safe base64; a cursor that does not decode is no cursor (page 1).
Rows inserted while a reader pages never shift the rows of the pages still to come: every row is on exactly one
page, whatever is inserted before or after the cursor.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, and_, or_

Key = tuple[Any, bool]  # (a mapped column, descending?)
Value = int | float | str | dt.datetime


def encode(values: Sequence[Value]) -> str:
    """The cursor of a row, from its key values."""
    plain = [v.isoformat() if isinstance(v, dt.datetime) else v for v in values]
    raw = json.dumps(plain, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(cursor: str, kinds: Sequence[type]) -> list[Value] | None:
    """The key values in `cursor`, converted to `kinds` (int, float, str, datetime); None when malformed."""
    if not cursor or len(cursor) > 400:
        return None
    try:
        plain = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        return None
    if not isinstance(plain, list) or len(plain) != len(kinds):
        return None
    values: list[Value] = []
    for value, kind in zip(plain, kinds, strict=True):
        try:
            if kind is dt.datetime and isinstance(value, str):
                parsed = dt.datetime.fromisoformat(value)
                values.append(parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC))
            elif kind is int and isinstance(value, int) and not isinstance(value, bool):
                values.append(value)
            elif kind is float and isinstance(value, int | float) and not isinstance(value, bool):
                values.append(float(value))
            elif kind is str and isinstance(value, str):
                values.append(value)
            else:
                return None
        except ValueError:
            return None
    return values


def order_by(keys: Sequence[Key], *, backwards: bool = False) -> list[ColumnElement[Any]]:
    """ORDER BY terms of the order (reversed when paging backwards)."""
    return [column.desc() if desc != backwards else column.asc() for column, desc in keys]


def beyond(keys: Sequence[Key], values: Sequence[Value], *, backwards: bool = False) -> ColumnElement[bool]:
    """Rows strictly after the row with `values` in the order (strictly before it when `backwards`).

    The OR of the exact condition is not something an index range can use, so the first key's bound (<= or >=,
    implied by it) comes first: the database seeks to the cursor instead of reading every row before it."""
    terms = []
    for n, (column, desc) in enumerate(keys):
        later = column < values[n] if desc != backwards else column > values[n]
        terms.append(and_(*[c == v for (c, _), v in zip(keys[:n], values[:n], strict=True)], later))
    first, desc = keys[0]
    bound = first <= values[0] if desc != backwards else first >= values[0]
    return and_(bound, or_(*terms))
