"""The cache of whole reader responses, behind an interface that a store shared by several processes implements.

A value is one anonymous reader response as sent (an article page, a claim page, an annotation collection):
identity and gzip bytes, status, content type, ETag and Cache-Control, and the article and publication it
shows. Keys name a kind, a slug or id, and a version (None: the latest). Three backends:
- `InProcessPageCache`: a dict in this process, bounded by entries and bytes (one process: `flask run`);
- `GenerationCheckedCache` (several processes, no Redis): the in-process cache, emptied when the database's
  publication generation (`publication_generation`: how many versions exist and the newest id; publications are
  only ever inserted) moves, which it asks at most once per `check_every` seconds, so a publish or retraction
  by another process shows within that time;
- `RedisPageCache` (services/page_cache_redis.py, when FACTCHECK_REDIS_URL is set): one cache shared by every
  process; an invalidation anywhere is seen by the next read everywhere.

Invalidation:
- `invalidate(key)`: one page; `invalidate_article(article_id)`: every page of an article.
- `invalidate_all()`: every page, including one that a reader started building before the call and puts after
  it: a page carries the `stamp()` taken before its sources were read, and a page whose stamp an invalidation
  has passed is never served.
- `watch_writes(engine, cache)`: a committed transaction that wrote to the publications or articles table calls
  `invalidate_all()` (this process's writes show at once; with Redis, every process's).
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import event, func, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError

from factcheck.models import Publication

log = logging.getLogger(__name__)
PageKey = tuple[str, str, int | None]  # (kind, article slug or claim id, version; None for the latest version)
WATCHED_TABLES = ("publications", "articles")
MAX_ENTRIES = 256
MAX_BYTES = 64 * 2**20
CHECK_EVERY = 0.5  # seconds between two looks at the database's publication generation
HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class PageEntry:
    etag: str  # of the identity body (the gzip body is sent as f"{etag}-gz")
    body: bytes
    gz: bytes
    cache_control: str
    article_id: int
    publication_id: int
    stamp: int  # the cache's stamp() before the page's sources were read
    status: int = 200
    content_type: str = HTML

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
        if not conn.invalidated:  # a dropped connection has no info left to read, and wrote nothing that counts
            conn.info.pop(flag, None)

    event.listen(engine, "after_cursor_execute", note_write)
    event.listen(engine, "commit", on_commit)
    event.listen(engine, "rollback", on_rollback)


Generation = tuple[int, int]


def publication_generation(engine: Engine) -> Callable[[], Generation]:
    """A probe of what versions exist: (how many, the newest id). Publications are only inserted (a publish, a
    correction and a retraction each add one), so any of them moves it; counting as well as taking the maximum
    notices a transaction that committed after one holding a larger id."""
    stmt = select(func.count(Publication.id), func.coalesce(func.max(Publication.id), 0))

    def probe() -> Generation:
        with engine.connect() as conn:
            count, newest = conn.execute(stmt).one()
        return int(count), int(newest)

    return probe


class GenerationCheckedCache:
    """An in-process cache emptied when a generation kept elsewhere (the database) moves, checked at most once
    per `check_every` seconds by the first read after that time. Several processes on one database then see each
    other's publications within `check_every` seconds (plus the reading request's own time)."""

    def __init__(
        self,
        probe: Callable[[], Generation],
        local: InProcessPageCache | None = None,
        check_every: float = CHECK_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.local = local if local is not None else InProcessPageCache()
        self.probe, self.check_every, self.clock = probe, check_every, clock
        self._seen: Generation | None = None
        self._checked = float("-inf")
        self._lock = threading.Lock()

    def _check(self) -> None:
        now = self.clock()
        with self._lock:
            if now - self._checked < self.check_every:
                return
            self._checked = now
        try:
            seen = self.probe()
        except DBAPIError as exc:  # the database is unreachable: nothing can be published meanwhile either
            log.warning("page cache: publication generation not read (%s); serving cached pages", exc)
            return
        with self._lock:
            moved = self._seen is not None and seen != self._seen
            self._seen = seen
        if moved:
            self.local.invalidate_all()

    def stamp(self) -> int:
        self._check()
        return self.local.stamp()

    def get(self, key: PageKey) -> PageEntry | None:
        self._check()
        return self.local.get(key)

    def put(self, key: PageKey, page: PageEntry) -> None:
        self.local.put(key, page)

    def invalidate(self, key: PageKey) -> None:
        self.local.invalidate(key)

    def invalidate_article(self, article_id: int) -> None:
        self.local.invalidate_article(article_id)

    def invalidate_all(self) -> None:
        self.local.invalidate_all()
