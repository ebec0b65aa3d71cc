"""The reader page cache: bounds, invalidation by key, by article and of everything (a page read before an
invalidation is not kept), the engine listeners that invalidate on a committed write, the cache emptied when the
database's publication generation moves, and the Redis cache shared by processes (FACTCHECK_TEST_REDIS_URL)."""

from __future__ import annotations

import dataclasses
import os
import socket
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from factcheck.services import publishing
from factcheck.services.page_cache import (
    GenerationCheckedCache,
    InProcessPageCache,
    PageEntry,
    PageKey,
    publication_generation,
    watch_writes,
)
from factcheck.services.page_cache_redis import TTL, RedisPageCache, SharedPageCache
from tests.support.scenes import make_newsroom


def _page(cache: InProcessPageCache, article_id: int = 1, size: int = 10, stamp: int | None = None) -> PageEntry:
    return PageEntry(
        etag=f'"e{article_id}"',
        body=b"x" * size,
        gz=b"",
        cache_control="public, max-age=60",
        article_id=article_id,
        publication_id=article_id * 10,
        stamp=cache.stamp() if stamp is None else stamp,
    )


def test_get_put_and_invalidate_one_key_or_one_article() -> None:
    cache = InProcessPageCache()
    keys: list[PageKey] = [("article", "a", None), ("article", "a", 1), ("article", "b", None)]
    for key, article in zip(keys, (1, 1, 2), strict=True):
        cache.put(key, _page(cache, article))
    assert cache.get(("article", "a", 1)) is not None and len(cache) == 3
    cache.invalidate(("article", "a", 1))
    assert cache.get(("article", "a", 1)) is None and cache.get(("article", "a", None)) is not None
    cache.put(("article", "a", 1), _page(cache, 1))
    cache.invalidate_article(1)
    assert (
        cache.get(("article", "a", None)) is None
        and cache.get(("article", "a", 1)) is None
        and cache.get(("article", "b", None)) is not None
    )
    assert cache.bytes == 10


def test_a_page_read_before_an_invalidation_is_not_kept() -> None:
    cache = InProcessPageCache()
    stamp = cache.stamp()
    cache.put(("article", "a", None), _page(cache))
    cache.invalidate_all()
    assert cache.get(("article", "a", None)) is None and cache.bytes == 0
    cache.put(("article", "a", None), _page(cache, stamp=stamp))  # built from what was read before the invalidation
    assert cache.get(("article", "a", None)) is None
    cache.put(("article", "a", None), _page(cache))
    assert cache.get(("article", "a", None)) is not None


def test_bounded_by_entries_and_bytes_least_recently_used_first() -> None:
    cache = InProcessPageCache(max_entries=3, max_bytes=100)
    for n in range(3):
        cache.put(("article", f"s{n}", None), _page(cache, n))
    cache.get(("article", "s0", None))  # used: s1 is now the oldest
    cache.put(("article", "s3", None), _page(cache, 3))
    assert cache.get(("article", "s1", None)) is None and len(cache) == 3
    cache.put(("article", "big", None), _page(cache, 9, size=90))
    assert cache.bytes <= 100 and cache.get(("article", "big", None)) is not None and len(cache) == 2
    cache.put(("article", "huge", None), _page(cache, 8, size=101))  # larger than the whole cache: not kept
    assert cache.get(("article", "huge", None)) is None and cache.get(("article", "big", None)) is not None
    cache.put(("article", "big", None), _page(cache, 9, size=50))  # replacing a key counts its bytes once
    assert cache.bytes == 60


def test_committed_writes_to_watched_tables_invalidate_everything(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'watch.db'}")
    cache = InProcessPageCache()
    watch_writes(engine, cache)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE publications (id INTEGER PRIMARY KEY)"))
        conn.execute(text("CREATE TABLE users (id INTEGER PRIMARY KEY)"))
    cache.put(("article", "a", None), _page(cache))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id) VALUES (1)"))
        conn.execute(text("SELECT id FROM publications"))
    assert cache.get(("article", "a", None)) is not None  # neither a write to a watched table nor a read invalidates
    with engine.connect() as conn:
        conn.execute(text("INSERT INTO publications (id) VALUES (1)"))
        assert cache.get(("article", "a", None)) is not None
        conn.rollback()
    assert cache.get(("article", "a", None)) is not None  # rolled back: nothing changed
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO publications (id) VALUES (2)"))
        assert cache.get(("article", "a", None)) is not None  # not before the commit
    assert cache.get(("article", "a", None)) is None
    engine.dispose()


def test_the_generation_checked_cache_empties_when_the_generation_moves_looking_at_most_so_often() -> None:
    generation, now, probes = [(1, 1)], [100.0], []

    def probe() -> tuple[int, int]:
        probes.append(now[0])
        return generation[0]

    cache = GenerationCheckedCache(probe, check_every=0.5, clock=lambda: now[0])
    cache.put(("article", "a", None), _page(cache.local))
    assert cache.get(("article", "a", None)) is not None and probes == [100.0]  # the first look only learns it
    generation[0] = (2, 2)  # another process published
    now[0] = 100.4
    assert cache.get(("article", "a", None)) is not None and len(probes) == 1  # not looked at again yet
    now[0] = 100.5
    assert cache.get(("article", "a", None)) is None and len(probes) == 2
    cache.put(("article", "a", None), _page(cache.local))
    now[0] = 101.0
    assert cache.get(("article", "a", None)) is not None and len(probes) == 3  # unchanged: kept
    stamp = cache.stamp()
    generation[0] = (3, 2)  # a version with a smaller id committed after the newest one: counted
    now[0] = 101.5
    cache.put(("article", "b", 1), _page(cache.local, stamp=stamp))
    assert cache.get(("article", "b", 1)) is None
    cache.put(("article", "b", 1), _page(cache.local))
    cache.invalidate(("article", "b", 1))
    assert cache.get(("article", "b", 1)) is None


def test_while_the_database_cannot_be_asked_cached_pages_are_still_served(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'gone' / 'x.db'}")  # a folder that does not exist
    cache = GenerationCheckedCache(publication_generation(engine), check_every=0.0)
    cache.put(("article", "a", None), _page(cache.local))
    assert cache.get(("article", "a", None)) is not None
    engine.dispose()


def test_the_publication_generation_counts_versions_and_takes_the_newest(db: Session) -> None:
    probe = publication_generation(db.get_bind())  # type: ignore[arg-type]
    assert probe() == (0, 0)
    room = make_newsroom(db)
    db.commit()
    first = probe()
    assert first == (1, room.publication.id)
    publishing.publish(db, room.editor, room.article, "A second look at the figures.")
    db.commit()
    assert probe() == (2, room.publication.id + 1)


def _redis() -> Any:
    url = os.environ.get("FACTCHECK_TEST_REDIS_URL", "").strip()
    if not url:
        pytest.skip("set FACTCHECK_TEST_REDIS_URL=redis://127.0.0.1:6379/<db> to test the Redis page cache")
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis at FACTCHECK_TEST_REDIS_URL={url}: {exc}")
    client.flushdb()
    return client


def test_the_redis_cache_is_shared_and_never_serves_a_page_older_than_an_invalidation() -> None:
    client = _redis()
    one, other = RedisPageCache(client, prefix="t:"), RedisPageCache(client, prefix="t:")  # two processes
    key: PageKey = ("claim", "7", None)
    stamp = one.stamp()
    page = dataclasses.replace(_page(InProcessPageCache(), 3), stamp=stamp, status=410, content_type="x/y")
    one.put(key, page)
    assert other.get(key) == page
    one.put(("article", "s", 1), dataclasses.replace(page, article_id=4))
    other.invalidate_article(3)
    assert one.get(key) is None and one.get(("article", "s", 1)) is not None
    one.put(key, page)
    other.invalidate(key)
    assert one.get(key) is None
    one.put(key, page)
    other.invalidate_all()
    assert one.get(key) is None and one.stamp() == stamp + 1
    one.put(key, page)  # built from what was read before the invalidation: stored, never served
    assert other.get(key) is None
    assert 0 < client.ttl("t:page:claim:7:latest") <= TTL
    client.flushdb()


def test_an_unreachable_redis_misses_and_skips_rather_than_failing(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cache = RedisPageCache.from_url(f"redis://127.0.0.1:{port}/0")
    key: PageKey = ("article", "a", None)
    assert cache.stamp() == -1
    cache.put(key, _page(InProcessPageCache(), stamp=0))
    assert cache.get(key) is None
    cache.invalidate(key)
    cache.invalidate_article(1)
    cache.invalidate_all()
    assert "not invalidated" in caplog.text


def test_processes_sharing_redis_serve_their_own_copies_until_the_generation_moves() -> None:
    client = _redis()
    now = [10.0]
    a, b = (
        SharedPageCache(RedisPageCache(client, prefix="t:", ttl=60), check_every=0.5, clock=lambda: now[0])
        for _ in range(2)
    )
    key: PageKey = ("article", "s", None)
    page = dataclasses.replace(_page(InProcessPageCache()), stamp=a.stamp())
    a.put(key, page)
    assert b.get(key) is not None  # built once by A, read from Redis by B (and kept by B)
    client.delete("t:page:article:s:latest")
    assert a.get(key) is not None and b.get(key) is not None  # hits in memory: no round trip needed
    stale = b.stamp()
    a.invalidate_all()  # A publishes
    assert a.get(key) is None  # at once on A
    assert b.get(key) is not None  # B has not looked at the generation again yet
    now[0] += 0.5
    assert b.get(key) is None  # B has: dropped within check_every
    b.put(key, dataclasses.replace(page, stamp=stale))  # built from what B read before A's invalidation
    assert b.get(key) is None and a.get(key) is None
    b.put(key, dataclasses.replace(page, stamp=b.stamp()))
    assert b.get(key) is not None
    now[0] += 60  # past the Redis pages' lifetime: memory is emptied too
    client.delete("t:page:article:s:latest")
    assert b.get(key) is None
    b.put(key, dataclasses.replace(page, stamp=b.stamp()))
    b.invalidate(key)
    assert a.get(key) is None and b.get(key) is None
    b.put(key, dataclasses.replace(page, stamp=b.stamp()))
    b.invalidate_article(page.article_id)
    assert b.get(key) is None
    client.flushdb()


def test_with_redis_unreachable_the_shared_cache_builds_every_page_without_failing() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cache = SharedPageCache(RedisPageCache.from_url(f"redis://127.0.0.1:{port}/0"), check_every=0.0)
    key: PageKey = ("claim", "1", None)
    assert cache.stamp() == -1
    cache.put(key, dataclasses.replace(_page(InProcessPageCache()), stamp=-1))
    assert cache.get(key) is None
    cache.invalidate_all()
