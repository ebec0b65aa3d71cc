"""`flask feeds add URL | list | poll [ID ...]`: the monitored feeds from a shell (polls run here, not queued)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.models import Feed, utcnow
from factcheck.services import feed_poll, feeds
from factcheck.services.errors import DomainError

feeds_cli = AppGroup("feeds", help="Monitored RSS/Atom feeds: add, list, poll.")


@feeds_cli.command("add")
@click.argument("url")
@click.option("--title", default="", help="A name (default: the feed's own title).")
@click.option("--outlet", default="", help="The outlet its articles are filed under.")
@click.option("--every", "poll_minutes", default=60, show_default=True, help="Minutes between polls.")
def add(url: str, title: str, outlet: str, poll_minutes: int) -> None:
    """Monitor the feed at URL (due for a poll at once)."""
    try:
        feed = feeds.add(
            db.session(),
            None,
            url,
            title=title,
            outlet=outlet,
            poll_minutes=poll_minutes,
            fetch_policy=fetch_policy(current_app.config),
        )
    except DomainError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    click.echo(f"feed {feed.id}: {feed.url} every {feed.poll_minutes} min")


@feeds_cli.command("list")
def list_feeds() -> None:
    """Every feed: id, interval, articles imported, last poll, and the last error of a failing one."""
    for feed in feeds.all_feeds(db.session()):
        polled = f"{feed.last_polled_at:%Y-%m-%d %H:%M}" if feed.last_polled_at else "never polled"
        state = "paused" if not feed.active else ("FAILING" if feed.last_error else "ok")
        click.echo(f"{feed.id}\t{state}\t{feed.poll_minutes} min\t{feed.items_imported} imported\t{polled}\t{feed.url}")
        if feed.last_error:
            click.echo(f"\t{feed.last_error}")


@feeds_cli.command("poll")
@click.argument("feed_ids", nargs=-1, type=int)
@click.option("--all", "everything", is_flag=True, help="Every active feed, due or not.")
def poll(feed_ids: tuple[int, ...], everything: bool) -> None:
    """Poll the given feeds now (default: the due ones), each in its own transaction; one failing never stops
    the others."""
    session = db.session()
    if feed_ids:
        chosen = [f for f in (session.get(Feed, i) for i in feed_ids) if f is not None]
    elif everything:
        chosen = [f for f in feeds.all_feeds(session) if f.active]
    else:
        chosen = feeds.due(session)
    ids = [f.id for f in chosen]
    policy, max_chars = fetch_policy(current_app.config), int(current_app.config["MAX_ARTICLE_CHARS"])
    failed = 0
    for feed_id in ids:
        feed = db.session.get(Feed, feed_id)
        assert feed is not None
        try:
            result = feed_poll.poll(db.session(), None, feed, policy, max_chars=max_chars)
            feed.next_poll_at = utcnow() + feeds.interval(feed)
            db.session.commit()
        except Exception as exc:  # an unexpected error in one feed is recorded on it; the others go on
            db.session.rollback()
            feed = db.session.get(Feed, feed_id)
            assert feed is not None
            feed.last_error, feed.error_count = (
                f"The poll failed: {type(exc).__name__}: {exc}"[:2000],
                feed.error_count + 1,
            )
            db.session.commit()
            failed += 1
            click.echo(f"feed {feed_id}: failed ({type(exc).__name__})", err=True)
            continue
        failed += result.state == "failed"
        detail = result.error or f"{result.imported} imported, {result.skipped} seen before, {result.claims} claims"
        click.echo(f"feed {feed_id}: {result.state}: {detail}")
    if failed:
        click.echo(f"{failed} of {len(ids)} feeds failed", err=True)
