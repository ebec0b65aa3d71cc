"""Administration of the monitored feeds: add, change, pause, remove, poll now; failing feeds with their error."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from factcheck import policy
from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.forms.common import EmptyForm
from factcheck.forms.feeds import FeedEditForm, FeedForm
from factcheck.models import Feed
from factcheck.services import feeds
from factcheck.services.errors import DomainError
from factcheck.views.admin import bp
from factcheck.views.helpers import get_or_404, require


def _list_page(form: FeedForm, status: int = 200) -> tuple[str, int]:
    listed = feeds.all_feeds(db.session())
    return render_template("admin/feeds.html", feeds=listed, form=form, button=EmptyForm()), status


@bp.get("/feeds")
@require(policy.can_manage_feeds)
def feeds_page() -> tuple[str, int]:
    return _list_page(FeedForm())


@bp.post("/feeds")
@require(policy.can_manage_feeds)
def feed_add() -> Response | tuple[str, int]:
    form = FeedForm()
    if not form.validate_on_submit():
        return _list_page(form, 422)
    try:
        feed = feeds.add(
            db.session(),
            current_user,
            form.url.data or "",
            title=form.title.data or "",
            outlet=form.outlet.data or "",
            poll_minutes=int(form.poll_minutes.data or 60),
            fetch_policy=fetch_policy(current_app.config),
        )
        feeds.queue_poll(db.session(), current_user, feed)
    except DomainError as exc:
        db.session.rollback()
        form.url.errors = [*form.url.errors, exc.message]
        return _list_page(form, 422)
    db.session.commit()  # the first poll is handed to the queue here
    flash(f"Monitoring {feed.url}: the first poll is on its way.", "info")
    return redirect(url_for("admin.feeds_page"))


@bp.route("/feeds/<int:feed_id>", methods=["GET", "POST"])
@require(policy.can_manage_feeds)
def feed_edit(feed_id: int) -> Response | tuple[str, int]:
    feed = get_or_404(Feed, feed_id)
    form = FeedEditForm(obj=feed)
    if form.validate_on_submit():
        try:
            feeds.update(
                db.session(),
                current_user,
                feed,
                title=form.title.data or "",
                outlet=form.outlet.data or "",
                poll_minutes=int(form.poll_minutes.data or feed.poll_minutes),
                active=bool(form.active.data),
            )
        except DomainError as exc:
            db.session.rollback()
            form.poll_minutes.errors = [*form.poll_minutes.errors, exc.message]
        else:
            db.session.commit()
            flash(f"Saved {feed.name}.", "info")
            return redirect(url_for("admin.feeds_page"))
    status = 422 if form.is_submitted() else 200
    return render_template("admin/feed.html", feed=feed, form=form, button=EmptyForm()), status


@bp.post("/feeds/<int:feed_id>/poll")
@require(policy.can_manage_feeds)
def feed_poll(feed_id: int) -> Response:
    feed = get_or_404(Feed, feed_id)
    if not EmptyForm().validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("admin.feeds_page"))
    job = feeds.queue_poll(db.session(), current_user, feed)
    db.session.commit()
    if job is None:
        flash(f"{feed.name} is being polled already.", "info")
        return redirect(url_for("admin.feeds_page"))
    return redirect(url_for("work.job_page", job_id=job.id))


@bp.post("/feeds/<int:feed_id>/remove")
@require(policy.can_manage_feeds)
def feed_remove(feed_id: int) -> Response:
    feed = get_or_404(Feed, feed_id)
    if not EmptyForm().validate_on_submit():
        flash("The form expired; try again.", "error")
        return redirect(url_for("admin.feeds_page"))
    name = feed.name
    feeds.remove(db.session(), current_user, feed)
    db.session.commit()
    flash(f"{name} is no longer monitored; the articles it brought stay.", "info")
    return redirect(url_for("admin.feeds_page"))
