"""Feed jobs: every five minutes the due feeds are queued, one poll job each (services/feeds.py), and a poll
imports a feed's new entries (services/feed_poll.py). A feed that fails records its error and waits for its next
time; it never fails another feed's job."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from factcheck.config import fetch_policy
from factcheck.models import Feed
from factcheck.services import feed_poll, feeds
from factcheck.services.errors import NotFound
from factcheck.tasks.registry import Outcome, TaskContext, periodic, task


@task(feeds.POLL_JOB)
def poll(ctx: TaskContext) -> Outcome:
    feed = ctx.session.get(Feed, int(ctx.args["feed_id"]))
    if feed is None:
        raise NotFound(f"Feed {ctx.args['feed_id']} is no longer monitored.")
    ctx.progress(0.1, "fetching the feed and its new articles")
    result = feed_poll.poll(
        ctx.session, ctx.actor, feed, fetch_policy(ctx.config), max_chars=int(ctx.config["MAX_ARTICLE_CHARS"])
    )
    return Outcome(result.as_dict())


@periodic("poll_due_feeds", minute="*/5")
def poll_due(session: Session, _config: Mapping[str, Any]) -> list[int]:
    return feeds.queue_due(session)
