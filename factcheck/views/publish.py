"""Editors publish and retract articles from the browser, and accept or decline readers' requests."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.forms.publish import PublishForm, RequestDecisionForm, RetractForm
from factcheck.models import Article, ReaderRequest, RequestStatus
from factcheck.services import publish_review, publishing, reader_requests, reading, snapshots
from factcheck.services.errors import DomainError, ValidationError
from factcheck.views.helpers import get_or_404, refuse, require
from factcheck.views.publish_preview import preview
from factcheck.views.reader.body import render_article_body

bp = Blueprint("publish", __name__, url_prefix="/publish")


@bp.get("/")
@require(policy.can_publish_article)
def index() -> str:
    latest = publishing.latest_versions(db.session())
    return render_template(
        "publish/index.html",
        articles=reading.recent_articles(db.session(), limit=100),
        latest=latest,
        requests=reader_requests.open_requests(db.session()),
    )


@bp.post("/requests/<int:request_id>")
@require(policy.can_publish_article)
def decide_request(request_id: int) -> Response:
    """Accept or decline a reader's request; it leaves the open list either way."""
    found = get_or_404(ReaderRequest, request_id)
    form = RequestDecisionForm()
    if not form.validate_on_submit():
        raise ValidationError("Choose to accept or to decline the request.", fields={"decision": "required"})
    if found.status is not RequestStatus.OPEN:
        flash(f"That request was already {found.status}.", "info")
        return redirect(url_for("publish.index"))
    reader_requests.decide(db.session(), current_user, found, form.decision.data or "")  # errors: views/errors.py
    db.session.commit()
    if form.decision.data == RequestStatus.ACCEPTED.value:
        flash("Request accepted: it is now a claim in the review queue (new, from a reader).", "info")
    else:
        flash(f"Request {found.status}.", "info")
    return redirect(url_for("publish.index"))


def _page(
    article: Article, form: PublishForm | None = None, retract: RetractForm | None = None, status: int = 200
) -> tuple[str, int]:
    """The publish page: the claims and what readers will see of each, the warnings, and a preview of the next
    version exactly as readers will see it (with "being checked" as the form has it)."""
    if form is None:
        args = request.args
        form = PublishForm(
            formdata=None,
            being_checked=args.get("being_checked") == "y",
            outlet=args.get("outlet", "")[:200],
            url=args.get("url", "")[:2000],
            correction_note=args.get("correction_note", "")[:5000],
        )
    session = db.session()
    snapshot = snapshots.build_snapshot(session, article, being_checked=bool(form.being_checked.data))
    previous = publishing.latest_publication(session, article)
    checked, total = reading.coverage(snapshot)
    shown = previous.version if previous else 0  # the page shows this version: the form sends it back
    form.version.data, form.version.raw_data = shown, [str(shown)]
    return render_template(
        "publish/article.html",
        article=article,
        previous=previous,
        checked=checked,
        total=total,
        needs_note=publishing.correction_needed(previous, snapshot),
        form=form,
        retract=retract or RetractForm(formdata=None),
        rows=publish_review.claim_rows(session, article, snapshot),
        warnings=publish_review.warnings(snapshot),
        missing=publish_review.missing_details(article),
        preview=preview(article, snapshot, shown + 1) if checked else None,
    ), status


@bp.get("/articles/<int:article_id>")
@require(policy.can_publish_article)
def article(article_id: int) -> tuple[str, int]:
    return _page(get_or_404(Article, article_id))


@bp.post("/articles/<int:article_id>")
@require(policy.can_publish_article)
def publish(article_id: int) -> Response | tuple[str, int]:
    art = get_or_404(Article, article_id)
    form = PublishForm()
    if not form.validate_on_submit():
        return _page(art, form=form, status=422)
    try:
        publish_review.complete_details(
            db.session(), current_user, art, outlet=form.outlet.data or "", url=form.url.data or ""
        )
        pub = publishing.publish(
            db.session(),
            current_user,
            art,
            form.correction_note.data or "",
            render=render_article_body,
            expected_version=form.version.data,
            being_checked=bool(form.being_checked.data),
        )
    except DomainError as exc:
        return _page(art, form=form, status=refuse(form, exc, "correction_note"))
    db.session.commit()
    flash(f"Published version {pub.version}.", "info")
    return redirect(url_for("reader.article_version", slug=art.slug, version=pub.version))


@bp.post("/articles/<int:article_id>/retract")
@require(policy.can_publish_article)
def retract(article_id: int) -> Response | tuple[str, int]:
    art = get_or_404(Article, article_id)
    form = RetractForm()
    if not form.validate_on_submit():
        return _page(art, retract=form, status=422)
    try:
        pub = publishing.retract(db.session(), current_user, art, form.notice.data or "", render=render_article_body)
    except DomainError as exc:
        return _page(art, retract=form, status=refuse(form, exc, "notice"))
    db.session.commit()
    flash(f"Retracted: version {pub.version} carries the notice.", "info")
    return redirect(url_for("reader.article", slug=art.slug))
