"""The cache of whole reader pages, behind an interface that a store shared by several processes can implement.

A value is one anonymous article page as sent: identity and gzip bytes, the ETag and Cache-Control, and what it
was built from (article, publication, the stored body's ETag, the article's latest version), so that the reader
view can check an entry against the database. The in-process backend keeps pages in a dict bounded by entries
and bytes; a shared backend (Redis) implements the same `PageCache` protocol.

Invalidation:
- `invalidate(key)`: one page; `invalidate_article(article_id)`: every page of an article (invalidation by
  publication: a new version or a retraction changes its latest page and the "newer version" notice on every
  older one).
- `invalidate_all()`: every page, including one that a reader started building before the call and puts after
  it: a page carries the `stamp()` taken before its sources were read, and `put` drops a page whose stamp an
  invalidation has passed.
- `watch_writes(engine, cache)`: a committed transaction that wrote to the publications or articles table calls
  `invalidate_all()` (this process's writes show at once). Another process's writes are caught by the reader
  view's recheck against the database (views/reader/pages.py), or, with a shared backend, by its invalidation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

PageKey = tuple[str, int | None]  # (article slug, version; None for the latest version)
WATCHED_TABLES = ("publications", "articles")
MAX_ENTRIES = 256
MAX_BYTES = 64 * 2**20


@dataclass(frozen=True)
class PageEntry:
    etag: str  # of the identity body (the gzip body is sent as f"{etag}-gz")
    body: bytes
    gz: bytes
    cache_control: str
    article_id: int
    publication_id: int
    source_etag: str | None  # the stored article body's ETag; None for a version stored without one
    latest: int  # the article's latest version when built (the "newer version" notice depends on it)
    stamp: int  # the cache's stamp() before the page's sources were read
    checked: float  # wall-clock time (time.time()) when last confirmed against the database

    @property
    def size(self) -> int:
        return len(self.body) + len(self.gz)


class PageCache(Protocol):
    def stamp(self) -> int:
        """Taken before reading what a page is built from; see `put`."""
        ...

    def get(self, key: PageKey) -> PageEntry | None: ...

    def put(self, key: PageKey, page: PageEntry) -> None:
        """Keep `page` unless `invalidate_all()` ran after `page.stamp` was taken (it may be stale)."""
        ...

    def invalidate(self, key: PageKey) -> None: ...

    def invalidate_article(self, article_id: int) -> None: ...

    def invalidate_all(self) -> None: ...


class InProcessPageCache:
    """Pages in this process's memory, least recently used evicted first past `max_entries` or `max_bytes`."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        self.max_entries, self.max_bytes = max_entries, max_bytes
        self._pages: OrderedDict[PageKey, PageEntry] = OrderedDict()
        self._bytes = 0
        self._generation = 0
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._pages)

    @property
    def bytes(self) -> int:
        return self._bytes

    def stamp(self) -> int:
        return self._generation

    def get(self, key: PageKey) -> PageEntry | None:
        with self._lock:
            page = self._pages.get(key)
            if page is not None:
                self._pages.move_to_end(key)
            return page

    def put(self, key: PageKey, page: PageEntry) -> None:
        with self._lock:
            if page.stamp != self._generation or page.size > self.max_bytes:
                return
            self._drop(key)
            while self._pages and (len(self._pages) >= self.max_entries or self._bytes + page.size > self.max_bytes):
                self._drop(next(iter(self._pages)))
            self._pages[key] = page
            self._bytes += page.size

    def invalidate(self, key: PageKey) -> None:
        with self._lock:
            self._drop(key)

    def invalidate_article(self, article_id: int) -> None:
        with self._lock:
            for key in [k for k, page in self._pages.items() if page.article_id == article_id]:
                self._drop(key)

    def invalidate_all(self) -> None:
        with self._lock:
            self._generation += 1
            self._pages.clear()
            self._bytes = 0

    def _drop(self, key: PageKey) -> None:
        page = self._pages.pop(key, None)
        if page is not None:
            self._bytes -= page.size


def watch_writes(engine: Engine, cache: PageCache, tables: tuple[str, ...] = WATCHED_TABLES) -> None:
    """After each committed transaction on `engine` that wrote to one of `tables`: `cache.invalidate_all()`."""
    flag = f"page_cache_stale_{id(cache)}"

    def note_write(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip()[:6].upper().startswith("SELECT") and any(t in statement for t in tables):
            conn.info[flag] = True

    def on_commit(conn: Connection) -> None:
        if conn.info.pop(flag, False):
            cache.invalidate_all()

    def on_rollback(conn: Connection) -> None:
        conn.info.pop(flag, None)

    event.listen(engine, "after_cursor_execute", note_write)
    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)
