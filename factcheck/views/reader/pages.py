"""Reader pages for published articles: versions, per-claim pages with ClaimReview, annotations, downloads.

Caching: a version never changes, so its article body is rendered once and stored on the Publication row
(`publishing.store_rendering`, the one write the immutability guard allows). Anonymous readers get whole pages
(layout included) from a per-process cache, as identity and gzip bytes, with an ETag and Cache-Control; a
matching If-None-Match answers 304. A cache hit touches neither the database nor a template: an entry is
trusted while no write to the publications or articles tables was committed in this process since it was
built, and is checked against the database (one small query) at most once a second, so a version published
by another worker shows within a second. Signed-in staff (and a reader with a flash message pending) get
the page rendered for them, privately.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import time
from dataclasses import dataclass
from typing import Any, cast

from flask import Flask, Response, abort, current_app, render_template, request, session
from flask.blueprints import BlueprintSetupState
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import event
from sqlalchemy.engine import Connection

from factcheck.extensions import db
from factcheck.models import Publication
from factcheck.services import publishing, reading
from factcheck.views.reader import context as ctx
from factcheck.views.reader.blueprint import bp

LAYOUT_TEMPLATES = ("base.html", "public/article_page.html")


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


def _body(page: reading.CachedPage) -> tuple[str, str]:
    """The stored body and ETag of a version, rendering and storing them the first time."""
    if page.html is not None and page.etag is not None:
        return page.html, page.etag
    pub = db.session.get(Publication, page.publication_id)
    assert pub is not None
    html = render_template("public/_article_body.html", **ctx.article_context(pub))
    etag = publishing.store_rendering(db.session(), pub, html)
    db.session.commit()
    return html, etag


# ---- the per-process page cache ------------------------------------------------------------------------

FRESH_FOR = 1.0  # seconds an entry is served before one query checks it against the database again
_PAGES_MAX = 256  # entries, and bytes (identity + gzip) per process: past either, the cache starts afresh
_PAGES_BYTES = 64 * 2**20
_WATCHED = ("publications", "articles")
_generation = 0  # bumped by every committed write to a watched table in this process


@dataclass
class CachedResponse:
    """A whole anonymous page: identity and gzip bodies, its ETag, and what it was built from."""

    etag: str
    body: bytes
    gz: bytes
    cache_control: str
    page_etag: str  # the stored body's ETag
    latest: int  # the article's latest version when built (the "newer version" notice depends on it)
    generation: int
    checked: float


def _note_write(conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    if not statement.lstrip()[:6].upper().startswith("SELECT") and any(t in statement for t in _WATCHED):
        conn.info["reader_pages_stale"] = True


def _on_commit(conn: Connection) -> None:
    global _generation
    if conn.info.pop("reader_pages_stale", False):
        _generation += 1


def _on_rollback(conn: Connection) -> None:
    conn.info.pop("reader_pages_stale", None)


@bp.record_once
def _watch_writes(state: BlueprintSetupState) -> None:
    with cast(Flask, state.app).app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", _note_write)
    event.listen(engine, "commit", _on_commit)
    event.listen(engine, "rollback", _on_rollback)


def _pages() -> dict[tuple[str, int | None], CachedResponse]:
    pages: dict[tuple[str, int | None], CachedResponse] = current_app.extensions.setdefault("reader_pages", {})
    return pages


def _latest_version(slug: str, version: int | None, page_version: int) -> int:
    if version is None:
        return page_version
    latest = reading.cached_page(db.session(), slug, with_html=False)
    return latest.version if latest is not None else page_version


def _still_good(entry: CachedResponse, slug: str, version: int | None) -> bool:
    if entry.generation != _generation:
        return False
    now = time.monotonic()
    if now - entry.checked < FRESH_FOR:
        return True
    meta = reading.cached_page(db.session(), slug, version, with_html=False)
    if meta is None or meta.etag != entry.page_etag or _latest_version(slug, version, meta.version) != entry.latest:
        return False
    entry.checked = now
    return True


def _send(entry: CachedResponse) -> Response:
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


def _serve(slug: str, version: int | None) -> Response:
    if "HTTP_COOKIE" not in request.environ and "HTTP_AUTHORIZATION" not in request.environ:
        anonymous = cacheable = True  # no session, no credentials: skip loading a user and a session
    else:
        anonymous = not current_user.is_authenticated
        cacheable = anonymous and not session.get("_flashes")
    key = (slug, version)
    if cacheable:
        entry = _pages().get(key)
        if entry is not None and _still_good(entry, slug, version):
            return _send(entry)
    generation = _generation  # before reading: a write committed meanwhile makes the new entry stale at once
    page = reading.cached_page(db.session(), slug, version)
    if page is None:
        abort(404)
    html, page_etag = _body(page)
    latest = _latest_version(slug, version, page.version)
    newer = latest if latest != page.version else None
    text = render_template(
        "public/article_page.html", body=Markup(html), page=page, slug=slug, title=page.title, newer=newer
    )
    if not cacheable:
        response = Response(text, content_type="text/html; charset=utf-8")
        response.headers["Cache-Control"] = "private, no-cache"
        response.vary.add("Cookie")
        return response
    body = text.encode("utf-8")
    entry = CachedResponse(
        etag=f"{page_etag.strip(chr(34))}-{_layout_digest()}-{newer or 0}",
        body=body,
        gz=gzip.compress(body, 9, mtime=0),
        cache_control=f"public, max-age={3600 if version is not None else 60}",
        page_etag=page_etag,
        latest=latest,
        generation=generation,
        checked=time.monotonic(),
    )
    pages = _pages()
    size = len(entry.body) + len(entry.gz)
    if len(pages) >= _PAGES_MAX or size + sum(len(e.body) + len(e.gz) for e in pages.values()) > _PAGES_BYTES:
        pages.clear()
    pages[key] = entry
    return _send(entry)


@bp.get("/a/<slug>")
def article(slug: str) -> Response:
    return _serve(slug, None)


@bp.get("/a/<slug>/v/<int:version>")
def article_version(slug: str, version: int) -> Response:
    return _serve(slug, version)
