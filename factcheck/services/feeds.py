"""Monitored feeds: adding, changing and removing them (admins), and which are due for a poll.

The polling itself is services/feed_poll.py; the periodic task that queues due polls is tasks/feeds.py.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from factcheck import policy
from factcheck.fetch import FetchError, FetchPolicy, check_url
from factcheck.models import Feed, FeedItem, Job, JobState, MonitoredClaim, User, utcnow
from factcheck.models.feed import MAX_POLL_MINUTES, MIN_POLL_MINUTES
from factcheck.services import audit, jobs
from factcheck.services.articles import check_article_url
from factcheck.services.errors import Conflict, PermissionDenied, ValidationError

POLL_JOB = "feed.poll"  # tasks/feeds.py runs it


def _require(actor: User | None) -> None:
    if actor is not None and not policy.can_manage_feeds(actor):
        raise PermissionDenied("Only an admin manages the monitored feeds.")


def _check(url: str, poll_minutes: int, fetch_policy: FetchPolicy | None) -> str:
    url = url.strip()
    check_article_url(url)
    if fetch_policy is not None:
        try:
            check_url(url, fetch_policy)
        except FetchError as exc:
            raise ValidationError(f"The feed cannot be fetched: {exc.reason}", fields={"url": exc.code}) from exc
    if not MIN_POLL_MINUTES <= poll_minutes <= MAX_POLL_MINUTES:
        raise ValidationError(
            f"Poll every {MIN_POLL_MINUTES} to {MAX_POLL_MINUTES:,} minutes.", fields={"poll_minutes": "out of range"}
        )
    return url


def add(
    session: Session,
    actor: User | None,
    url: str,
    *,
    title: str = "",
    outlet: str = "",
    poll_minutes: int = 60,
    fetch_policy: FetchPolicy | None = None,
) -> Feed:
    """A new feed, due for its first poll at once."""
    _require(actor)
    url = _check(url, poll_minutes, fetch_policy)
    if session.scalar(select(Feed.id).where(Feed.url == url)) is not None:
        raise Conflict(f"{url} is already monitored.")
    feed = Feed(
        url=url,
        title=title.strip()[:300],
        outlet=outlet.strip()[:200],
        poll_minutes=poll_minutes,
        next_poll_at=utcnow(),
        created_by_id=actor.id if actor else None,
    )
    session.add(feed)
    session.flush()
    audit.record(session, actor, "feed.add", "feed", feed.id, {"url": url, "poll_minutes": poll_minutes})
    return feed


def update(
    session: Session,
    actor: User | None,
    feed: Feed,
    *,
    title: str,
    outlet: str,
    poll_minutes: int,
    active: bool,
) -> Feed:
    """Rename, re-file, re-time, pause or resume a feed (its address stays: another address is another feed)."""
    _require(actor)
    _check(feed.url, poll_minutes, None)
    resumed = active and not feed.active
    feed.title, feed.outlet = title.strip()[:300], outlet.strip()[:200]
    feed.poll_minutes, feed.active = poll_minutes, active
    if resumed:
        feed.next_poll_at, feed.error_count = utcnow(), 0
    session.flush()
    audit.record(session, actor, "feed.update", "feed", feed.id, {"poll_minutes": poll_minutes, "active": active})
    return feed


def remove(session: Session, actor: User | None, feed: Feed) -> None:
    """Stop monitoring a feed. The articles and claims it brought stay; the Monitor page no longer lists them."""
    _require(actor)
    feed_id, url = feed.id, feed.url
    session.execute(delete(MonitoredClaim).where(MonitoredClaim.feed_id == feed_id))
    session.execute(delete(FeedItem).where(FeedItem.feed_id == feed_id))
    session.delete(feed)
    session.flush()
    audit.record(session, actor, "feed.remove", "feed", feed_id, {"url": url})


def all_feeds(session: Session) -> list[Feed]:
    """Every feed, failing ones first (they need an admin's eye), then by name."""
    feeds = list(session.scalars(select(Feed).order_by(Feed.id)))
    feeds.sort(key=lambda f: (f.last_error is None, f.name.lower()))
    return feeds


def by_url(session: Session, url: str) -> Feed | None:
    return session.scalar(select(Feed).where(Feed.url == url.strip()))


def _polling(session: Session, ids: list[int]) -> set[int]:
    """Feeds with a poll already queued or running (a slow poll is not queued twice)."""
    if not ids:
        return set()
    busy = select(Job.subject_id).where(
        Job.kind == POLL_JOB,
        Job.subject_type == "feed",
        Job.subject_id.in_(ids),
        Job.state.in_([JobState.QUEUED, JobState.RUNNING]),
    )
    return {int(i) for i in session.scalars(busy) if i is not None}


def due(session: Session, now: dt.datetime | None = None) -> list[Feed]:
    """Active feeds whose next poll time has come."""
    now = now or utcnow()
    stmt = (
        select(Feed)
        .where(Feed.active.is_(True), or_(Feed.next_poll_at.is_(None), Feed.next_poll_at <= now))
        .order_by(Feed.next_poll_at, Feed.id)
    )
    return list(session.scalars(stmt))


def interval(feed: Feed) -> dt.timedelta:
    return dt.timedelta(minutes=feed.poll_minutes)


def queue_poll(session: Session, actor: User | None, feed: Feed, now: dt.datetime | None = None) -> Job | None:
    """Queue a poll of `feed` (None if one is queued or running already) and set its next poll time."""
    if feed.id in _polling(session, [feed.id]):
        return None
    feed.next_poll_at = (now or utcnow()) + interval(feed)
    return jobs.enqueue(session, actor, POLL_JOB, {"feed_id": feed.id}, subject=("feed", feed.id), max_attempts=1)


def queue_due(session: Session, now: dt.datetime | None = None) -> list[int]:
    """Queue a poll of every due feed; the ids of the jobs queued (dispatched when the caller commits)."""
    now = now or utcnow()
    feeds = due(session, now)
    busy = _polling(session, [f.id for f in feeds])
    queued = [queue_poll(session, None, f, now) for f in feeds if f.id not in busy]
    return [job.id for job in queued if job is not None]
