"""Reader pages for published articles: versions, per-claim pages with ClaimReview, annotations, downloads.

Caching: a version never changes, so its article body is rendered once and stored on the Publication row
(`publishing.store_rendering`, the one write the immutability guard allows). Anonymous readers get the stored
body inside the layout with an ETag (the version's page hash plus the layout's) and Cache-Control; a matching
If-None-Match answers 304 without rendering. Signed-in staff see the same body without shared caching.
"""

from __future__ import annotations

import functools
import hashlib
import json

from flask import Blueprint, Response, abort, current_app, render_template, request, session, url_for
from flask_login import current_user
from markupsafe import Markup

from factcheck.exports import json_ld_for_html
from factcheck.exports.annotations import MEDIA_TYPE
from factcheck.extensions import db
from factcheck.models import Publication
from factcheck.rendering import render_markdown
from factcheck.services import publishing, reading
from factcheck.views import reader_context as ctx

bp = Blueprint("reader", __name__)

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


def _publication(slug: str, version: int | None) -> Publication:
    page = reading.cached_page(db.session(), slug, version)
    if page is None:
        abort(404)
    pub = db.session.get(Publication, page.publication_id)
    assert pub is not None
    return pub


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


# Whole anonymous pages by ETag, per process: a version's page never changes, so a hit skips loading the
# stored body and rendering the layout. Bounded; cleared when full.
_PAGES: dict[str, bytes] = {}
_PAGES_MAX = 256


def _serve(slug: str, version: int | None) -> Response:
    meta = reading.cached_page(db.session(), slug, version, with_html=False)
    if meta is None:
        abort(404)
    anonymous = not current_user.is_authenticated
    etag = f'{(meta.etag or "").strip(chr(34))}-{_layout_digest()}-{int(version is None)}'
    cacheable = anonymous and meta.etag is not None and not session.get("_flashes")
    if cacheable and request.if_none_match.contains(etag):
        response = Response(status=304)
    elif cacheable and version is None and etag in _PAGES:
        response = Response(_PAGES[etag], content_type="text/html; charset=utf-8")
    else:
        page = reading.cached_page(db.session(), slug, version)
        assert page is not None
        html, page_etag = _body(page)
        etag = f'{page_etag.strip(chr(34))}-{_layout_digest()}-{int(version is None)}'
        latest = reading.cached_page(db.session(), slug) if version is not None else page
        response = Response(render_template(
            "public/article_page.html", body=Markup(html), page=page, slug=slug, title=page.title,
            newer=latest.version if latest and latest.version != page.version else None))
        if anonymous and version is None and not session.get("_flashes"):
            if len(_PAGES) >= _PAGES_MAX:
                _PAGES.clear()
            _PAGES[etag] = response.get_data()
    if anonymous:
        response.set_etag(etag)
        response.headers["Cache-Control"] = f"public, max-age={3600 if version is not None else 60}"
    else:
        response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


@bp.get("/a/<slug>")
def article(slug: str) -> Response:
    return _serve(slug, None)


@bp.get("/a/<slug>/v/<int:version>")
def article_version(slug: str, version: int) -> Response:
    return _serve(slug, version)


@bp.get("/a/<slug>/versions")
def versions(slug: str) -> str:
    pub = _publication(slug, None)
    return render_template("public/versions.html", article=pub.article, slug=slug,
                           versions=reading.versions(db.session(), pub.article_id))


@bp.get("/a/<slug>/annotations.jsonld", defaults={"version": None}, endpoint="annotations")
@bp.get("/a/<slug>/v/<int:version>/annotations.jsonld", endpoint="annotations")
def annotations_jsonld(slug: str, version: int | None) -> Response:
    pub = _publication(slug, version)
    if pub.kind != "publication":
        abort(410)
    body = json.dumps(ctx.annotation_collection_for(pub), ensure_ascii=False, indent=1)
    response = Response(body, content_type=MEDIA_TYPE)
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/a/<slug>/download.html", defaults={"version": None})
@bp.get("/a/<slug>/v/<int:version>/download.html")
def download(slug: str, version: int | None) -> Response:
    """One self-contained file (inline CSS, ClaimReview and Web Annotation embedded) for archives."""
    pub = _publication(slug, version)
    if pub.kind != "publication":
        abort(410)
    context = ctx.article_context(pub)
    reviews = [ctx.claim_review_for(pub, c) for c in context["claims"] if c.get("checked")]
    html = render_template(
        "public/download.html", **context, canonical=ctx.site_url(request.path),
        claim_reviews=Markup(json_ld_for_html(reviews)),
        annotations_json=Markup(json_ld_for_html(ctx.annotation_collection_for(pub))))
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-v{pub.version}.html"'
    return response


@bp.get("/claims/<int:claim_id>")
def claim(claim_id: int) -> tuple[str, int]:
    found = reading.published_claim(db.session(), claim_id)
    if found is None:
        abort(404)
    article_row, pub, item = found
    review = ctx.claim_review_for(pub, item) if item.get("checked") and pub.kind == "publication" else None
    scale = pub.snapshot.get("scale")
    return render_template(
        "public/claim.html", article=article_row, pub=pub, claim=item, scale=scale,
        tone=ctx.tone(item, scale) if item else "none", icon=ctx.icon(item, scale) if item else "",
        render_md=render_markdown,
        claim_review=Markup(json_ld_for_html(review)) if review else None,
        canonical=ctx.claim_url(claim_id),
        article_link=url_for("reader.article", slug=article_row.slug) + f"#claim-{claim_id}",
    ), 200 if pub.kind == "publication" else 410


@bp.get("/sources/<int:source_id>/archive")
def source_copy(source_id: int) -> str:
    """The archived text of a source cited by a published claim (confidential sources are never shown)."""
    source = reading.published_source(db.session(), source_id)
    if source is None:
        abort(404)
    return render_template("public/source_copy.html", source=source)
