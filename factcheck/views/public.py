"""Reader-facing pages: the home page with published articles."""

from __future__ import annotations

from flask import Blueprint, render_template, request

from factcheck.extensions import db
from factcheck.services import reading

bp = Blueprint("public", __name__)


@bp.get("/")
def home() -> str:
    query = request.args.get("q", "", type=str)[:200]
    articles = reading.published_articles(db.session(), query=query)
    return render_template("public/home.html", articles=articles, query=query)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}
