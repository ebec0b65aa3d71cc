"""An RSS or Atom document's bytes to the entries a poll may import, with feedparser (which never fetches here: it
is given bytes, never a URL). Whatever the bytes, `parse` returns a ParsedFeed or raises FeedUnreadable."""

from __future__ import annotations

import calendar
import datetime as dt
import html
import re
import time
import urllib.parse
from dataclasses import dataclass
from typing import Any

import feedparser
import nh3

MAX_ENTRIES = 100  # the newest first, as feeds list them; the rest wait (a feed this long is a firehose)
_BLOCK_END = re.compile(r"(?i)</(p|div|li|h[1-6]|blockquote)\s*>|<br\s*/?>")


class FeedUnreadable(Exception):
    """The document is neither RSS nor Atom (an HTML page, garbage) or lists nothing usable."""


@dataclass(frozen=True)
class Entry:
    guid: str  # the entry's id (GUID), else its link: what "already seen in this feed" compares
    url: str | None  # the article's address (absolute http(s)), if it has one
    title: str
    text: str  # the entry's own content or summary as plain text (used when the page cannot be fetched)
    author: str = ""
    published_on: dt.date | None = None


@dataclass(frozen=True)
class ParsedFeed:
    title: str
    entries: list[Entry]
    warning: str = ""  # feedparser's complaint about a malformed but still readable document


def _str(value: Any, limit: int) -> str:
    """A feed value as one clean line: feedparser's values are str, but a hostile document may make them odd."""
    text = value if isinstance(value, str) else ""
    text = "".join(ch for ch in text if ch.isprintable() or ch == " ")
    return " ".join(text.split())[:limit]


def plain_text(markup: str) -> str:
    """Feed HTML (a summary, an entry's content) as paragraphs of plain text."""
    spaced = _BLOCK_END.sub("\n\n", markup)
    text = html.unescape(nh3.clean(spaced, tags=set()))
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable())
    paragraphs = (" ".join(block.split()) for block in re.split(r"\n\s*\n", text))
    return "\n\n".join(p for p in paragraphs if p)


def _absolute(link: Any, base: str) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        url = urllib.parse.urljoin(base, link.strip())
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 2000:
        return None
    if any(ch.isspace() or not ch.isprintable() for ch in url):  # NUL, controls, lone surrogates: not an address
        return None
    return url


def _date(entry: Any) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if isinstance(value, time.struct_time):
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC).date()
            except (OverflowError, ValueError, OSError):
                continue
    return None


def _text(entry: Any) -> str:
    parts = entry.get("content") or []
    bodies = [p.get("value", "") for p in parts if isinstance(p, dict)]
    body = max((b for b in bodies if isinstance(b, str)), key=len, default="")
    summary = entry.get("summary", "")
    chosen = body if len(body) >= len(summary if isinstance(summary, str) else "") else summary
    return plain_text(chosen) if isinstance(chosen, str) else ""


def _entry(raw: Any, base: str) -> Entry | None:
    url = _absolute(raw.get("link"), base)
    guid = _str(raw.get("id"), 500) or (url or "")[:500]
    if not guid:
        return None
    return Entry(
        guid=guid,
        url=url,
        title=_str(raw.get("title"), 500),
        text=_text(raw),
        author=_str(raw.get("author"), 300),
        published_on=_date(raw),
    )


def parse(data: bytes, base_url: str, content_type: str = "application/xml") -> ParsedFeed:
    """The feed's title and entries (newest first as listed, no GUID twice); FeedUnreadable when it is not a
    feed. A malformed document feedparser can still read is read, with the complaint kept as a warning.
    `content_type` is the answer's Content-Type header (its charset counts)."""
    headers = {"content-location": base_url, "content-type": content_type or "application/xml"}
    try:
        parsed = feedparser.parse(data, response_headers=headers, sanitize_html=True)
    except Exception as exc:  # a parser bug on hostile input is an unreadable feed, not a crash
        raise FeedUnreadable(f"the feed could not be parsed ({type(exc).__name__})") from None
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if not parsed.get("version") and not parsed.get("entries"):
        reason = f" ({_str(str(problem), 200)})" if problem is not None else ""
        raise FeedUnreadable(f"the document is not an RSS or Atom feed{reason}")
    entries: list[Entry] = []
    seen: set[str] = set()
    for raw in parsed.get("entries", [])[:MAX_ENTRIES]:
        entry = _entry(raw, base_url)
        if entry is not None and entry.guid not in seen:
            seen.add(entry.guid)
            entries.append(entry)
    feed_info = parsed.get("feed") or {}
    warning = _str(str(problem), 300) if problem is not None else ""
    return ParsedFeed(title=_str(feed_info.get("title"), 300), entries=entries, warning=warning)
