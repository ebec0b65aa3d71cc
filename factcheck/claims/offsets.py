"""Convert between UTF-16 code unit offsets (what browsers report for a selection) and ``str`` indices.

Python ``str`` indices count Unicode code points; JavaScript counts UTF-16 code units, in which every character
outside the Basic Multilingual Plane (most emoji, for one) takes two units, a surrogate pair.
"""

from __future__ import annotations

import re

__all__ = ["codepoint_to_utf16", "utf16_to_codepoint"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def codepoint_to_utf16(text: str, index: int) -> int:
    """Convert a ``str`` index (code points) into a UTF-16 code unit offset, as JavaScript counts."""
    if not 0 <= index <= len(text):
        raise ValueError(f"index {index} outside a text of length {len(text)}")
    if text.isascii():
        return index
    return index + len(_ASTRAL.findall(text, 0, index))


def utf16_to_codepoint(text: str, utf16_offset: int) -> int:
    """Convert a UTF-16 code unit offset (a browser selection offset) into a ``str`` index.

    Raises ValueError when the offset is negative, beyond the end of the text, or falls between the two
    halves of a surrogate pair (a character outside the Basic Multilingual Plane, such as most emoji).
    """
    if utf16_offset < 0:
        raise ValueError(f"negative UTF-16 offset {utf16_offset}")
    if text.isascii():
        if utf16_offset > len(text):
            raise ValueError(f"UTF-16 offset {utf16_offset} beyond the end of the text ({len(text)} units)")
        return utf16_offset
    astral_before = 0
    for match in _ASTRAL.finditer(text):
        unit = match.start() + astral_before  # UTF-16 offset of this astral character
        if utf16_offset <= unit:
            break
        if utf16_offset == unit + 1:
            raise ValueError(f"UTF-16 offset {utf16_offset} falls inside a surrogate pair")
        astral_before += 1
    index = utf16_offset - astral_before
    if index > len(text):
        total = len(text) + len(_ASTRAL.findall(text))
        raise ValueError(f"UTF-16 offset {utf16_offset} beyond the end of the text ({total} units)")
    return index
