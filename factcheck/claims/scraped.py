"""The scraped-article format of the seed corpus.

Line 1: `` date YYYY-MM-DD <breadcrumbs> <title>`` (note the leading space); then, after optional blank lines,
the title again; then the body (leading blank lines removed).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_HEADER = re.compile(r"^ ?date (\d{4})-(\d{2})-(\d{2})(?: [^\r\n]*)?$")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True)
class ScrapedArticle:
    published: dt.date
    title: str
    body: str
    body_offset: int  # where `body` starts in the scraped text: text[body_offset:].startswith(body)


def _skip_blank_lines(text: str, pos: int) -> int:
    while (line := _LINE.match(text, pos)) is not None and line.end() > pos and not line.group(0).strip():
        pos = line.end()
    return pos


def parse_scraped(text: str) -> ScrapedArticle | None:
    """Split a scraped article into date, title and body; None when `text` is not in that format."""
    first = _LINE.match(text)
    if first is None:
        return None
    header = first.group(0).rstrip("\r\n")
    m = _HEADER.match(header)
    if m is None:
        return None
    try:
        published = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    pos = _skip_blank_lines(text, first.end())
    second = _LINE.match(text, pos)
    title = second.group(0).strip() if second else ""
    if not title or second is None:
        return None
    pos = _skip_blank_lines(text, second.end())
    return ScrapedArticle(published=published, title=title, body=text[pos:], body_offset=pos)
