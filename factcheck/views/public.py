"""Reader-facing pages: home, methodology, corrections, organisation pages and the reader forms."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import time

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from factcheck.extensions import db, limiter
from factcheck.forms.public import CorrectionRequestForm, SuggestForm
from factcheck.ids import parse_id
from factcheck.rendering import render_markdown
from factcheck.services import articles, ratings, reader_requests, reading, search, settings
from factcheck.services.page_cache import PageCache, PageEntry, PageKey
from factcheck.views.reader.pages import FRESH_FOR, _cacheable, _send, page_cache

bp = Blueprint("public", __name__)
READER_FORM_LIMIT = "5 per minute;30 per day"


HOME_KEY = ":home"  # page cache key (":home", page number): no article slug starts with a colon
HOME_CACHED_PAGES = 20  # anonymous pages of the home page kept in the page cache


def _render_home(query: str, page: int) -> str:
    if query.strip():  # the text of the published versions and their checked claims (services/search.py)
        found, more = search.search_published(db.session(), query), False
    else:
        found, more = reading.published_articles(db.session(), page=page)
    return render_template("public/home.html", articles=found, query=query, page=page, more=more)


def _home_fresh(cache: PageCache, key: PageKey, entry: PageEntry) -> bool:
    """True while no version was published, corrected or retracted since the entry was built (checked with one
    small query at most once per FRESH_FOR; this process's own publications invalidate the cache at once)."""
    now = time.time()
    if 0 <= now - entry.checked < FRESH_FOR:
        return True
    if reading.publications_marker(db.session()) != entry.publication_id:
        cache.invalidate(key)
        return False
    cache.put(key, dataclasses.replace(entry, checked=now))
    return True


@bp.get("/")
def home() -> str | Response:
    """The published articles, newest first. An anonymous reader's page comes from the page cache, like the
    article pages: no query while it is fresh, one to confirm it, a rebuild after a publication."""
    query = request.args.get("q", "", type=str)[:200]
    page = max(1, request.args.get("page", 1, type=int) or 1)
    if query or page > HOME_CACHED_PAGES or not _cacheable():
        return _render_home(query, page)
    cache, key = page_cache(), (HOME_KEY, page)
    entry = cache.get(key)
    if entry is not None and _home_fresh(cache, key, entry):
        return _send(entry)
    stamp, checked = cache.stamp(), time.time()  # before reading: a later publication is not in this page
    marker = reading.publications_marker(db.session())
    body = _render_home(query, page).encode("utf-8")
    entry = PageEntry(
        etag=f"home-{hashlib.sha256(body).hexdigest()[:20]}",
        body=body,
        gz=gzip.compress(body, 6, mtime=0),
        cache_control="public, no-cache",  # shared caches revalidate (ETag): a retraction shows at once
        article_id=0,
        publication_id=marker,
        source_etag=None,
        latest=0,
        stamp=stamp,
        checked=checked,
    )
    cache.put(key, entry)
    return _send(entry)


@bp.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


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
