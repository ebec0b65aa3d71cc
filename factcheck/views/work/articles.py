"""The workbench home and an article's work page (its text with the claims highlighted)."""

from __future__ import annotations

from flask import abort, render_template
from flask_login import current_user

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.claims import ClaimActionForm, NewClaimForm
from factcheck.rendering import highlight
from factcheck.services import claim_page, reading
from factcheck.views.helpers import require
from factcheck.views.work.blueprint import bp
from factcheck.views.work.common import now_iso


@bp.get("/")
@require(policy.can_view_work)
def home() -> str:
    return render_template(
        "work/home.html",
        articles=reading.recent_articles(db.session()),
        counts=reading.status_counts(db.session()),
        cap=reading.COUNT_CAP,
        mine=reading.claims_assigned_to(db.session(), current_user.id),
    )


@bp.get("/articles/<int:article_id>")
@require(policy.can_view_work)
def article(article_id: int) -> str:
    page = claim_page.article_page(db.session(), article_id)
    if page is None:
        abort(404)
    text = page.revision.text if page.revision else ""
    base = {"seen": now_iso()}
    return render_template(
        "work/article.html",
        p=page,
        article=page.article,
        revision=page.revision,
        claims=page.claims,
        text_html=highlight(text, page.highlighted),
        new_claim=NewClaimForm(formdata=None),
        action=ClaimActionForm(formdata=None, version=1, **base),
        seen=base["seen"],
    )
