"""The reviewer's workbench: home, articles, claims."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from factcheck import policy
from factcheck.extensions import db
from factcheck.models import Article, Claim
from factcheck.services import reading
from factcheck.views.helpers import get_or_404, require

bp = Blueprint("work", __name__, url_prefix="/work")


@bp.get("/")
@require(policy.can_view_work)
def home() -> str:
    return render_template(
        "work/home.html",
        articles=reading.recent_articles(db.session()),
        counts=reading.status_counts(db.session()),
        mine=reading.claims_assigned_to(db.session(), current_user.id),
    )


@bp.get("/articles/<int:article_id>")
@require(policy.can_view_work)
def article(article_id: int) -> str:
    art = get_or_404(Article, article_id)
    claims = list(db.session.scalars(
        select(Claim).where(Claim.article_id == art.id).order_by(Claim.start, Claim.id)
    ))
    return render_template("work/article.html", article=art, revision=art.current_revision, claims=claims)
