"""Reader-facing pages: home, methodology, corrections, organisation pages and the reader forms."""

from __future__ import annotations

from functools import partial
from typing import Any

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from factcheck import readiness
from factcheck.extensions import db, limiter
from factcheck.forms.public import CorrectionRequestForm, SuggestForm
from factcheck.ids import parse_id
from factcheck.rendering import render_markdown
from factcheck.services import articles, ratings, reader_requests, reading, search, settings
from factcheck.views.reader.cached import Built, serve

bp = Blueprint("public", __name__)
READER_FORM_LIMIT = "5 per minute;30 per day"
HOME_CACHED_PAGES = 20  # anonymous pages of the home page kept in the page cache


def _render_home(query: str, page: int) -> str:
    if query.strip():  # the text of the published versions and their checked claims (services/search.py)
        found, more = search.search_published(db.session(), query), False
    else:
        found, more = reading.published_articles(db.session(), page=page)
    return render_template("public/home.html", articles=found, query=query, page=page, more=more)


def _home_page(page: int) -> Built:
    return Built(_render_home("", page), article_id=0, publication_id=0, latest=True)


@bp.get("/")
def home() -> str | Response:
    """The published articles, newest first. An anonymous reader's first pages come from the page cache, like
    the article pages (views/reader/cached.py: revalidated with the ETag, rebuilt after a publication,
    correction or retraction, within a second when another process made it); searches are built each time."""
    query = request.args.get("q", "", type=str)[:200]
    page = max(1, request.args.get("page", 1, type=int) or 1)
    if query or page > HOME_CACHED_PAGES:
        return _render_home(query, page)
    return serve(("home", str(page), None), partial(_home_page, page))


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    """Liveness: the process answers (it touches nothing else)."""
    return {"status": "ok"}


@bp.get("/readyz")
def readyz() -> tuple[dict[str, Any], int, dict[str, str]]:
    """Readiness for the load balancer: 200 when every check (database, Redis, queue) passes, else 503."""
    checks = readiness.run_checks(current_app.extensions)
    ready = all(outcome == "ok" for outcome in checks.values())
    body = {"status": "ready" if ready else "unavailable", "checks": checks}
    return body, 200 if ready else 503, {"Cache-Control": "no-store"}


@bp.get("/methodology")
def methodology() -> str:
    values = settings.all_settings(db.session())
    return render_template(
        "public/methodology.html",
        scale=ratings.active_scale(db.session()),
        intro=render_markdown(values["methodology"]),
    )


@bp.get("/corrections")
def corrections() -> str:
    return render_template("public/corrections.html", items=reading.corrections(db.session()))


TITLES = {"about": "About us", "team": "Our team", "funding": "Funding", "contact": "Contact"}


def _org_page(page: str) -> str:
    values = settings.all_settings(db.session())
    return render_template("public/org_page.html", page=page, title=TITLES[page], body=render_markdown(values[page]))


@bp.get("/about")
def about() -> str:
    return _org_page("about")


@bp.get("/team")
def team() -> str:
    return _org_page("team")


@bp.get("/funding")
def funding() -> str:
    return _org_page("funding")


@bp.get("/contact")
def contact() -> str:
    return _org_page("contact")


@bp.route("/suggest", methods=["GET", "POST"])
@limiter.limit(READER_FORM_LIMIT, methods=["POST"])
def suggest() -> Response | tuple[str, int]:
    form = SuggestForm()
    if not form.validate_on_submit():
        return render_template("public/suggest.html", form=form), 422 if request.method == "POST" else 200
    reader_requests.submit(
        db.session(),
        kind="suggestion",
        body=form.body.data or "",
        url=form.url.data or "",
        contact=form.contact.data or "",
    )
    db.session.commit()
    flash("Thank you: your suggestion is in our editors' queue.", "info")
    return redirect(url_for("public.suggest"))


@bp.route("/corrections/request", methods=["GET", "POST"])
@limiter.limit(READER_FORM_LIMIT, methods=["POST"])
def request_correction() -> Response | tuple[str, int]:
    form = CorrectionRequestForm()
    if request.method == "GET":
        form.article.data = request.args.get("article", "", type=str)[:160]
        form.claim.data = request.args.get("claim", "", type=str)[:12]
    if not form.validate_on_submit():
        return render_template("public/request_correction.html", form=form), (422 if request.method == "POST" else 200)
    article = articles.by_slug(db.session(), form.article.data or "")
    claim_id = parse_id(form.claim.data)
    reader_requests.submit(
        db.session(),
        kind="correction",
        body=form.body.data or "",
        url=form.url.data or "",
        contact=form.contact.data or "",
        article=article,
        claim_id=claim_id,
    )
    db.session.commit()
    flash("Thank you: your correction request is in our editors' queue.", "info")
    return redirect(url_for("public.request_correction"))
