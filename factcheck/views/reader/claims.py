"""A published claim's own page (with its one ClaimReview), served from the page cache like the article page
(views/reader/cached.py), and the archived copy of a source it cites."""

from __future__ import annotations

from functools import partial

from flask import Response, abort, render_template, url_for
from markupsafe import Markup

import factcheck.views.reader.context as ctx
from factcheck.exports import json_ld_for_html
from factcheck.extensions import db
from factcheck.models import PublicationKind
from factcheck.rendering import render_markdown
from factcheck.services import reading
from factcheck.views.reader.blueprint import bp
from factcheck.views.reader.cached import Built, serve


@bp.get("/claims/<int:claim_id>")
def claim(claim_id: int) -> Response:
    return serve(("claim", str(claim_id), None), partial(_build, claim_id))


def _build(claim_id: int) -> Built:
    found = reading.published_claim(db.session(), claim_id)
    if found is None:
        abort(404)
    article_row, pub, item = found
    claim = item if "id" in item else None  # a retraction shows nothing of the claim
    scale = pub.snapshot.get("scale")
    published = pub.kind is PublicationKind.PUBLICATION
    review = ctx.claim_review_for(pub, claim) if claim and claim["checked"] and published else None
    text = render_template(
        "reader/claim.html",
        article=article_row,
        pub=pub,
        claim=item,
        scale=scale,
        tone=ctx.tone(claim, scale) if claim else "none",
        icon=ctx.icon(claim, scale) if claim else "",
        render_md=render_markdown,
        archived=reading.archived_source_ids(db.session(), pub.snapshot),
        claim_review=Markup(json_ld_for_html(review)) if review else None,
        canonical=ctx.claim_url(claim_id),
        article_link=url_for("reader.article", slug=article_row.slug) + f"#claim-{claim_id}",
    )
    return Built(text, article_row.id, pub.id, latest=True, status=200 if published else 410)


@bp.get("/sources/<int:source_id>/archive")
def source_copy(source_id: int) -> str:
    """The archived text of a source cited by a published claim (confidential sources are never shown)."""
    source = reading.published_source(db.session(), source_id)
    if source is None:
        abort(404)
    return render_template("reader/source_copy.html", source=source)
