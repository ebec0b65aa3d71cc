"""Reader pages around an article: its list of versions, the Web Annotation collection, the one-file download."""

from __future__ import annotations

import json
from functools import partial

from flask import Response, abort, render_template, request
from markupsafe import Markup

import factcheck.views.reader.context as ctx
from factcheck.exports import json_ld_for_html
from factcheck.exports.annotations import MEDIA_TYPE
from factcheck.extensions import db
from factcheck.models import Publication, PublicationKind
from factcheck.services import reading
from factcheck.views.reader.blueprint import bp
from factcheck.views.reader.cached import Built, serve


def _publication(slug: str, version: int | None) -> Publication:
    page = reading.cached_page(db.session(), slug, version, with_html=False)
    if page is None:
        abort(404)
    pub = db.session.get(Publication, page.publication_id)
    assert pub is not None
    return pub


@bp.get("/a/<slug>/versions")
def versions(slug: str) -> str:
    pub = _publication(slug, None)
    return render_template(
        "reader/versions.html", article=pub.article, slug=slug, versions=reading.versions(db.session(), pub.article_id)
    )


@bp.get("/a/<slug>/annotations.jsonld", defaults={"version": None}, endpoint="annotations")
@bp.get("/a/<slug>/v/<int:version>/annotations.jsonld", endpoint="annotations")
def annotations_jsonld(slug: str, version: int | None) -> Response:
    """The Web Annotation collection of a version, built once and served from the page cache."""
    return serve(("annotations", slug, version), partial(_annotations, slug, version), personal=False)


def _annotations(slug: str, version: int | None) -> Built:
    pub = _publication(slug, version)
    if pub.kind is not PublicationKind.PUBLICATION:
        abort(410)
    body = json.dumps(ctx.annotation_collection_for(pub), ensure_ascii=False, indent=1)
    return Built(body, pub.article_id, pub.id, latest=version is None, content_type=MEDIA_TYPE)


@bp.get("/a/<slug>/download.html", defaults={"version": None})
@bp.get("/a/<slug>/v/<int:version>/download.html")
def download(slug: str, version: int | None) -> Response:
    """One self-contained file (inline CSS, ClaimReview and Web Annotation embedded) for archives, in a fixed
    number of statements (the organisation is read once, not once per checked claim)."""
    pub = _publication(slug, version)
    if pub.kind is not PublicationKind.PUBLICATION:
        abort(410)
    context = ctx.article_context(db.session(), pub)
    org = ctx.organisation()
    reviews = [ctx.claim_review_for(pub, c, org) for c in context["claims"] if c.get("checked")]
    html = render_template(
        "reader/download.html",
        **context,
        canonical=ctx.site_url(request.path),
        claim_reviews=Markup(json_ld_for_html(reviews)),
        annotations_json=Markup(json_ld_for_html(ctx.annotation_collection_for(pub, org))),
    )
    response = Response(html, content_type="text/html; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-v{pub.version}.html"'
    return response
