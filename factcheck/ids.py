"""Parsing ids that come from outside (query strings, form values, CLI options), shared by views and services.

`str.isdigit()` is not enough: it accepts characters such as "²" that `int()` refuses, and the database's
integer columns are 32-bit, so a longer number overflows in the driver (OverflowError on SQLite, DataError on
PostgreSQL). Anything `parse_id` returns can be bound to an id, version or offset column."""

from __future__ import annotations

import re

MAX_ID = 2**31 - 1  # ids, versions and offsets are 32-bit signed integers in the database

_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(raw: str | None) -> int | None:
    """`raw` as a non-negative integer that fits the database, or None: ASCII digits only, at most MAX_ID."""
    if raw is None or not _DIGITS.fullmatch(raw):
        return None
    value = int(raw)
    return value if value <= MAX_ID else None
