"""The reader page cache: bounds, invalidation by key, by article and of everything (a page read before an
invalidation is not kept), and the engine listeners that invalidate on a committed write."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, text

from factcheck.services.page_cache import InProcessPageCache, PageEntry, PageKey, watch_writes


def _page(cache: InProcessPageCache, article_id: int = 1, size: int = 10, stamp: int | None = None) -> PageEntry:
    return PageEntry(
        etag=f'"e{article_id}"',
        body=b"x" * size,
        gz=b"",
        cache_control="public, max-age=60",
        article_id=article_id,
        publication_id=article_id * 10,
        source_etag=None,
        latest=1,
        stamp=cache.stamp() if stamp is None else stamp,
        checked=0.0,
    )


def test_get_put_and_invalidate_one_key_or_one_article() -> None:
    cache = InProcessPageCache()
    keys: list[PageKey] = [("a", None), ("a", 1), ("b", None)]
    for key, article in zip(keys, (1, 1, 2), strict=True):
        cache.put(key, _page(cache, article))
    assert cache.get(("a", 1)) is not None and len(cache) == 3
    cache.invalidate(("a", 1))
    assert cache.get(("a", 1)) is None and cache.get(("a", None)) is not None
    cache.put(("a", 1), _page(cache, 1))
    cache.invalidate_article(1)
    assert cache.get(("a", None)) is None and cache.get(("a", 1)) is None and cache.get(("b", None)) is not None
    assert cache.bytes == 10


def test_a_page_read_before_an_invalidation_is_not_kept() -> None:
    cache = InProcessPageCache()
    stamp = cache.stamp()
    cache.put(("a", None), _page(cache))
    cache.invalidate_all()
    assert cache.get(("a", None)) is None and cache.bytes == 0
    cache.put(("a", None), _page(cache, stamp=stamp))  # built from what was read before the invalidation
    assert cache.get(("a", None)) is None
    cache.put(("a", None), _page(cache))
    assert cache.get(("a", None)) is not None


def test_bounded_by_entries_and_bytes_least_recently_used_first() -> None:
    cache = InProcessPageCache(max_entries=3, max_bytes=100)
    for n in range(3):
        cache.put((f"s{n}", None), _page(cache, n))
    cache.get(("s0", None))  # used: s1 is now the oldest
    cache.put(("s3", None), _page(cache, 3))
    assert cache.get(("s1", None)) is None and len(cache) == 3
    cache.put(("big", None), _page(cache, 9, size=90))
    assert cache.bytes <= 100 and cache.get(("big", None)) is not None and len(cache) == 2
    cache.put(("huge", None), _page(cache, 8, size=101))  # larger than the whole cache: not kept
    assert cache.get(("huge", None)) is None and cache.get(("big", None)) is not None
    cache.put(("big", None), _page(cache, 9, size=50))  # replacing a key counts its bytes once
    assert cache.bytes == 60


def test_committed_writes_to_watched_tables_invalidate_everything(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'watch.db'}")
    cache = InProcessPageCache()
    watch_writes(engine, cache)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE publications (id INTEGER PRIMARY KEY)"))
        conn.execute(text("CREATE TABLE users (id INTEGER PRIMARY KEY)"))
    cache.put(("a", None), _page(cache))
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO users (id) VALUES (1)"))
        conn.execute(text("SELECT id FROM publications"))
    assert cache.get(("a", None)) is not None  # neither a write to a watched table nor a read invalidates
    with engine.connect() as conn:
        conn.execute(text("INSERT INTO publications (id) VALUES (1)"))
        assert cache.get(("a", None)) is not None
        conn.rollback()
    assert cache.get(("a", None)) is not None  # rolled back: nothing changed
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO publications (id) VALUES (2)"))
        assert cache.get(("a", None)) is not None  # not before the commit
    assert cache.get(("a", None)) is None
    engine.dispose()
