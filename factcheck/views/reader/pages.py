"""The reader's article pages, `/a/<slug>` (latest version) and `/a/<slug>/v/<n>`; a GET never writes.

A version's article body is rendered when it is published and stored on its row (reader/body.py). Anonymous
readers get whole pages (layout included) from the page cache (services/page_cache.py), as identity and gzip
bytes, with an ETag and Cache-Control; a matching If-None-Match answers 304. A hit touches no template, and no
database for FRESH_FOR seconds after the entry was last confirmed; then one small query confirms it again, so a
version published by another process shows within a second (this process's own commits invalidate the cache
at once). Signed-in staff (and a reader with a flash message pending) get the page rendered for them, privately.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import time

from flask import Response, abort, current_app, render_template, request, session
from flask_login import current_user
from markupsafe import Markup

from factcheck.extensions import db
from factcheck.services import reading
from factcheck.services.page_cache import PageCache, PageEntry, PageKey
from factcheck.views.reader.blueprint import bp
from factcheck.views.reader.body import article_body

LAYOUT_TEMPLATES = ("base.html", "reader/article_page.html")
FRESH_FOR = 1.0  # seconds an entry is served before one query confirms it against the database again


def page_cache() -> PageCache:
    cache: PageCache = current_app.extensions["page_cache"]
    return cache


@functools.cache
def _layout_digest() -> str:
    """Changes when the layout around a stored body changes (a deploy), so old ETags stop matching."""
    digest = hashlib.sha256()
    loader = current_app.jinja_env.loader
    assert loader is not None
    for name in LAYOUT_TEMPLATES:
        source, _filename, _uptodate = loader.get_source(current_app.jinja_env, name)
        digest.update(source.encode("utf-8"))
    return digest.hexdigest()[:12]


def _latest_version(slug: str, version: int | None, page_version: int) -> int:
    if version is None:
        return page_version
    latest = reading.cached_page(db.session(), slug, with_html=False)
    return latest.version if latest is not None else page_version


def _confirmed(cache: PageCache, key: PageKey, entry: PageEntry) -> bool:
    """True while the entry still shows what the database holds (checked at most once per FRESH_FOR)."""
    now = time.time()
    if 0 <= now - entry.checked < FRESH_FOR:
        return True
    slug, version = key
    meta = reading.cached_page(db.session(), slug, version, with_html=False)
    if meta is None:
        cache.invalidate(key)
        return False
    latest = _latest_version(slug, version, meta.version)
    if (meta.publication_id, meta.etag, latest) != (entry.publication_id, entry.source_etag, entry.latest):
        cache.invalidate_article(entry.article_id)  # a new version or a retraction: every page of it changed
        return False
    cache.put(key, dataclasses.replace(entry, checked=now))
    return True


def _send(entry: PageEntry) -> Response:
    """The cached page (gzip when the client takes it), or 304 when the client has this representation."""
    gz = request.accept_encodings["gzip"] > 0
    etag = f"{entry.etag}-gz" if gz else entry.etag
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(entry.gz if gz else entry.body, content_type="text/html; charset=utf-8")
        if gz:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    response.headers["Cache-Control"] = entry.cache_control
    response.headers["Vary"] = "Cookie, Accept-Encoding"
    return response


def _cacheable() -> bool:
    """An anonymous reader with no message pending (no cookie and no credentials: skip loading either)."""
    if "HTTP_COOKIE" not in request.environ and "HTTP_AUTHORIZATION" not in request.environ:
        return True
    return not current_user.is_authenticated and not session.get("_flashes")


def _serve(slug: str, version: int | None) -> Response:
    cacheable, cache, key = _cacheable(), page_cache(), (slug, version)
    if cacheable:
        entry = cache.get(key)
        if entry is not None and _confirmed(cache, key, entry):
            return _send(entry)
    stamp, checked = cache.stamp(), time.time()  # before reading: what is committed later is not in this page
    page = reading.cached_page(db.session(), slug, version)
    if page is None:
        abort(404)
    html, body_etag = article_body(page)
    latest = _latest_version(slug, version, page.version)
    newer = latest if latest != page.version else None
    text = render_template(
        "reader/article_page.html", body=Markup(html), page=page, slug=slug, title=page.title, newer=newer
    )
    if not cacheable:
        response = Response(text, content_type="text/html; charset=utf-8")
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Cookie")
        return response
    body = text.encode("utf-8")
    entry = PageEntry(
        etag=f"{body_etag.strip(chr(34))}-{_layout_digest()}-{newer or 0}",
        body=body,
        gz=gzip.compress(body, 9, mtime=0),
        cache_control=f"public, max-age={3600 if version is not None else 60}",
        article_id=page.article_id,
        publication_id=page.publication_id,
        source_etag=page.etag,
        latest=latest,
        stamp=stamp,
        checked=checked,
    )
    cache.put(key, entry)
    return _send(entry)


@bp.get("/a/<slug>")
def article(slug: str) -> Response:
    return _serve(slug, None)


@bp.get("/a/<slug>/v/<int:version>")
def article_version(slug: str, version: int) -> Response:
    return _serve(slug, version)
