"""The reader page cache in Redis (FACTCHECK_REDIS_URL): one cache for every worker and every instance.

`SharedPageCache` (what the app uses) keeps the pages it serves in this process's memory and reads Redis's
generation at most every `check_every` seconds: a hit costs no round trip, and an invalidation anywhere (a
publish or retraction on another host) empties every process's memory within that time. A miss reads the page
from Redis (built once by any process), and a page built here is kept in both.

`RedisPageCache`, the store in Redis: each page is a Redis hash under `<prefix>page:<kind>:<name>:<version>`
holding the entry's fields and the generation it was built in; `invalidate_all()` increments
`<prefix>generation`, and a read fetches the page and the generation in one round trip and ignores a page of an
older generation (so a page built from what was read before an invalidation is never served, wherever it was
built). Pages expire after `ttl` seconds, which also bounds how long a page survives an invalidation lost while
Redis was unreachable. Redis errors never fail a request: a read misses, a write is skipped, and both are logged.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import redis

from factcheck.services.page_cache import CHECK_EVERY, InProcessPageCache, PageEntry, PageKey

log = logging.getLogger(__name__)
TTL = 300


class RedisPageCache:
    def __init__(self, client: redis.Redis, prefix: str = "factcheck:pages:", ttl: int = TTL) -> None:
        self.client, self.prefix, self.ttl = client, prefix, ttl
        self._generation = f"{prefix}generation"

    @classmethod
    def from_url(cls, url: str, **kwargs: Any) -> RedisPageCache:
        client = redis.Redis.from_url(url, socket_timeout=1.0, socket_connect_timeout=1.0)
        return cls(client, **kwargs)

    def _key(self, key: PageKey) -> str:
        kind, name, version = key
        return f"{self.prefix}page:{kind}:{name}:{'latest' if version is None else version}"

    def _article(self, article_id: int) -> str:
        return f"{self.prefix}article:{article_id}"

    def generation(self) -> int | None:
        """The number of invalidations so far; None while Redis is unreachable."""
        try:
            return int(self.client.get(self._generation) or 0)
        except redis.RedisError as exc:
            log.warning("page cache: Redis unreachable (%s)", exc)
            return None

    def stamp(self) -> int:
        generation = self.generation()
        return -1 if generation is None else generation  # a page stamped -1 is never stored

    def get(self, key: PageKey) -> PageEntry | None:
        try:
            pipe = self.client.pipeline(transaction=False)
            pipe.get(self._generation)
            pipe.hgetall(self._key(key))
            generation, fields = pipe.execute()
        except redis.RedisError as exc:
            log.warning("page cache: Redis unreachable (%s)", exc)
            return None
        if not fields or int(fields[b"stamp"]) != int(generation or 0):
            return None
        return PageEntry(
            etag=fields[b"etag"].decode(),
            body=fields[b"body"],
            gz=fields[b"gz"],
            cache_control=fields[b"cache_control"].decode(),
            article_id=int(fields[b"article_id"]),
            publication_id=int(fields[b"publication_id"]),
            stamp=int(fields[b"stamp"]),
            status=int(fields[b"status"]),
            content_type=fields[b"content_type"].decode(),
        )

    def put(self, key: PageKey, page: PageEntry) -> None:
        if page.stamp < 0:
            return
        name = self._key(key)
        mapping: dict[str, str | bytes | int] = {
            "etag": page.etag,
            "body": page.body,
            "gz": page.gz,
            "cache_control": page.cache_control,
            "article_id": page.article_id,
            "publication_id": page.publication_id,
            "stamp": page.stamp,
            "status": page.status,
            "content_type": page.content_type,
        }
        try:
            pipe = self.client.pipeline(transaction=False)
            pipe.hset(name, mapping=mapping)  # type: ignore[arg-type]
            pipe.expire(name, self.ttl)
            pipe.sadd(self._article(page.article_id), name)
            pipe.expire(self._article(page.article_id), self.ttl)
            pipe.execute()
        except redis.RedisError as exc:
            log.warning("page cache: Redis unreachable (%s)", exc)

    def invalidate(self, key: PageKey) -> None:
        self._delete(self._key(key))

    def invalidate_article(self, article_id: int) -> None:
        try:
            names = [n.decode() for n in self.client.smembers(self._article(article_id))]  # type: ignore[union-attr]
        except redis.RedisError as exc:
            log.error("page cache: pages of article %s not invalidated (%s)", article_id, exc)
            return
        self._delete(*names, self._article(article_id))

    def invalidate_all(self) -> None:
        try:
            self.client.incr(self._generation)
        except redis.RedisError as exc:
            log.error("page cache: not invalidated, pages may stay stale up to %s s (%s)", self.ttl, exc)

    def _delete(self, *names: str) -> None:
        try:
            self.client.delete(*names)
        except redis.RedisError as exc:
            log.error("page cache: %s not invalidated (%s)", names, exc)


class SharedPageCache:
    """Pages served from this process's memory while Redis's generation stays put (looked at no more than every
    `check_every` seconds), else from Redis, else built; an invalidation goes to Redis, so every process drops
    its copies at its next look. With Redis unreachable, what this process holds is served and nothing new is
    kept until it is back."""

    def __init__(
        self,
        shared: RedisPageCache,
        local: InProcessPageCache | None = None,
        check_every: float = CHECK_EVERY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.shared, self.check_every, self.clock = shared, check_every, clock
        self.local = local if local is not None else InProcessPageCache()
        self._seen: int | None = None
        self._checked = float("-inf")
        self._emptied = clock()
        self._lock = threading.Lock()

    def _generation(self) -> int | None:
        now = self.clock()
        with self._lock:
            if now - self._checked < self.check_every:
                return self._seen
            self._checked = now
        generation = self.shared.generation()
        with self._lock:
            # Also emptied every `ttl` seconds, like the pages in Redis: an invalidation that could not reach
            # Redis (unreachable from the publishing host) leaves a stale copy here no longer than there.
            if (generation is not None and generation != self._seen) or now - self._emptied >= self.shared.ttl:
                self.local.invalidate_all()
                self._seen, self._emptied = generation, now
            return self._seen if generation is not None else None

    def _keep(self, key: PageKey, page: PageEntry) -> None:
        with self._lock:
            if self._seen is not None and page.stamp == self._seen:
                self.local.put(key, dataclasses.replace(page, stamp=self.local.stamp()))

    def stamp(self) -> int:
        generation = self._generation()
        return -1 if generation is None else generation

    def get(self, key: PageKey) -> PageEntry | None:
        self._generation()
        page = self.local.get(key)
        if page is None:
            page = self.shared.get(key)
            if page is not None:
                self._keep(key, page)
        return page

    def put(self, key: PageKey, page: PageEntry) -> None:
        self._keep(key, page)
        self.shared.put(key, page)

    def invalidate(self, key: PageKey) -> None:
        self.local.invalidate(key)
        self.shared.invalidate(key)

    def invalidate_article(self, article_id: int) -> None:
        self.local.invalidate_article(article_id)
        self.shared.invalidate_article(article_id)

    def invalidate_all(self) -> None:
        self.shared.invalidate_all()
        with self._lock:
            self.local.invalidate_all()
            self._checked = float("-inf")  # the next read learns the new generation
