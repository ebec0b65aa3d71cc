"""A published version's article body: rendered when it is published and stored on its row, so that a reader's
GET only reads. Versions published before bodies were stored at publication are rendered for each page built
from them, and not stored (run `flask pages render` once to store them)."""

from __future__ import annotations

from flask import current_app, has_request_context, render_template
from sqlalchemy.orm import Session

import factcheck.views.reader.context as ctx
from factcheck.extensions import db
from factcheck.models import Publication
from factcheck.services import publishing, reading

BODY_TEMPLATE = "reader/_article_body.html"


def render_article_body(session: Session, pub: Publication) -> str:
    """The body template for `pub` (a `publishing.Renderer`). Outside a request (the CLI), links are built
    against SITE_URL."""
    if has_request_context():
        return render_template(BODY_TEMPLATE, **ctx.article_context(session, pub))
    with current_app.test_request_context(base_url=str(current_app.config["SITE_URL"])):
        return render_template(BODY_TEMPLATE, **ctx.article_context(session, pub))


def article_body(page: reading.CachedPage) -> tuple[str, str]:
    """The stored body of a version and its ETag; rendered (not stored) for a version stored without one."""
    if page.html is not None and page.etag is not None:
        return page.html, page.etag
    pub = db.session.get(Publication, page.publication_id)
    assert pub is not None
    html = render_article_body(db.session(), pub)
    return html, publishing.rendering_etag(pub.version, html)
