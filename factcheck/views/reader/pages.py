"""The reader's article pages, `/a/<slug>` (latest version) and `/a/<slug>/v/<n>`; a GET never writes.

A version's article body is rendered when it is published and stored on its row (reader/body.py). Anonymous
readers get whole pages (layout included) from the page cache (views/reader/cached.py): the latest page
revalidates (no-cache with its ETag), a numbered version is immutable. Signed-in staff (and a reader with a flash
message pending) get the page rendered for them, privately.
"""

from __future__ import annotations

from functools import partial

from flask import Response, abort, render_template
from markupsafe import Markup

from factcheck.extensions import db
from factcheck.services import reading
from factcheck.views.reader.blueprint import bp
from factcheck.views.reader.body import article_body
from factcheck.views.reader.cached import Built, serve


def _latest_version(slug: str, version: int | None, page_version: int) -> int:
    if version is None:
        return page_version
    latest = reading.cached_page(db.session(), slug, with_html=False)
    return latest.version if latest is not None else page_version


def _build(slug: str, version: int | None) -> Built:
    page = reading.cached_page(db.session(), slug, version)
    if page is None:
        abort(404)
    html, _etag = article_body(page)
    latest = _latest_version(slug, version, page.version)
    newer = latest if latest != page.version else None
    text = render_template(
        "reader/article_page.html", body=Markup(html), page=page, slug=slug, title=page.title, newer=newer
    )
    return Built(text, page.article_id, page.publication_id, latest=version is None)


@bp.get("/a/<slug>")
def article(slug: str) -> Response:
    return serve(("article", slug, None), partial(_build, slug, None))


@bp.get("/a/<slug>/v/<int:version>")
def article_version(slug: str, version: int) -> Response:
    return serve(("article", slug, version), partial(_build, slug, version))
