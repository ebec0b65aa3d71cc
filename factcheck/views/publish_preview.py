"""The publish page's preview: the article body exactly as readers will see the next version (the same template
and context as a published version's stored body), from a snapshot that is not saved."""

from __future__ import annotations

from flask import render_template
from markupsafe import Markup

import factcheck.views.reader.context as ctx
from factcheck.extensions import db
from factcheck.models import Article, Publication, PublicationKind, utcnow
from factcheck.models.snapshot import Snapshot
from factcheck.views.reader.body import BODY_TEMPLATE


def preview(article: Article, snapshot: Snapshot, version: int) -> Markup:
    """The body readers would get if the editor published now. The Publication is transient (never added to
    the session), so nothing is written."""
    pub = Publication(
        article_id=article.id,
        version=version,
        kind=PublicationKind.PUBLICATION,
        snapshot=snapshot,
        correction_note="",
        published_at=utcnow(),
    )
    return Markup(render_template(BODY_TEMPLATE, **ctx.article_context(db.session(), pub)))
