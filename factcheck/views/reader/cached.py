"""Reader responses served from the page cache (services/page_cache.py): an article page, a claim page, an
annotation collection. Anonymous readers get the response as first built, as identity or gzip bytes, with an ETag
(a digest of the body); a matching If-None-Match answers 304. A hit touches no template and, within the cache's
own check interval, no database. A numbered version never changes: `public, max-age=…, immutable`. What shows
the latest version (an article's latest page, a claim page, the latest annotations) may be corrected or
retracted at any time: `public, no-cache`, so that a browser or shared cache revalidates every time (a cheap 304)
and never shows a retracted page. Signed-in staff (and a reader with a flash message pending) get pages that
depend on who asks rendered for them, privately.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from flask import Response, current_app, request, session
from flask_login import current_user

from factcheck.services.page_cache import HTML, PageCache, PageEntry, PageKey

IMMUTABLE = "public, max-age=86400, immutable"
REVALIDATE = "public, no-cache"


@dataclass(frozen=True)
class Built:
    """A response as built for an anonymous reader, and what it shows."""

    text: str
    article_id: int
    publication_id: int
    latest: bool  # shows the latest version of something (no-cache) rather than a numbered one (immutable)
    status: int = 200
    content_type: str = HTML


def page_cache() -> PageCache:
    cache: PageCache = current_app.extensions["page_cache"]
    return cache


def send(entry: PageEntry) -> Response:
    """The cached response (gzip when the client takes it), or 304 when the client has this representation."""
    gz = request.accept_encodings["gzip"] > 0
    etag = f"{entry.etag}-gz" if gz else entry.etag
    if request.if_none_match.contains_weak(etag):
        response = Response(status=304)
    else:
        response = Response(entry.gz if gz else entry.body, status=entry.status, content_type=entry.content_type)
        if gz:
            response.headers["Content-Encoding"] = "gzip"
    response.set_etag(etag)
    response.headers["Cache-Control"] = entry.cache_control
    response.headers["Vary"] = "Cookie, Accept-Encoding"
    return response


def anonymous() -> bool:
    """An anonymous reader with no message pending (no cookie and no credentials: skip loading either)."""
    if "HTTP_COOKIE" not in request.environ and "HTTP_AUTHORIZATION" not in request.environ:
        return True
    return not current_user.is_authenticated and not session.get("_flashes")


def serve(key: PageKey, build: Callable[[], Built], *, personal: bool = True) -> Response:
    """The response under `key` from the cache, else built (`build` may abort), cached and sent. A `personal`
    response (an HTML page with the site's layout) is built privately, not cached, for a signed-in user."""
    shared = not personal or anonymous()
    cache = page_cache()
    if shared:
        entry = cache.get(key)
        if entry is not None:
            return send(entry)
    stamp = cache.stamp()  # before reading: what is committed later is not in this page
    built = build()
    if not shared:
        response = Response(built.text, status=built.status, content_type=built.content_type)
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Cookie")
        return response
    body = built.text.encode("utf-8")
    entry = PageEntry(
        etag=hashlib.sha256(body).hexdigest()[:24],
        body=body,
        gz=gzip.compress(body, 9, mtime=0),
        cache_control=REVALIDATE if built.latest else IMMUTABLE,
        article_id=built.article_id,
        publication_id=built.publication_id,
        stamp=stamp,
        status=built.status,
        content_type=built.content_type,
    )
    cache.put(key, entry)
    return send(entry)
