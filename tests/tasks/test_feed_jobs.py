"""Feed polls on the consumer's schedule (tasks/feeds.py): every five minutes the due feeds are queued, one job
each; a failing feed's job records the error and succeeds, so it never stops the others; a feed with a poll
queued or running is not queued twice; paused feeds and feeds not yet due wait."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extensions import db as flask_db
from factcheck.factory import create_app
from factcheck.models import Article, Feed, Job, JobState, utcnow
from factcheck.services import feeds
from factcheck.tasks.queue import queue_of
from tests.support.feeds import FeedServer, make_feed, publish_items, rss


def _run_periodic(app_config: dict[str, Any], tmp_path: Path) -> None:
    other = create_app(app_config | {"INSTANCE_PATH": str(tmp_path)})  # immediate mode: the jobs run at commit
    try:
        scheduled = {t.name: t for t in queue_of(other).huey._registry.periodic_tasks}
        scheduled["poll_due_feeds"].execute()  # what the consumer runs every five minutes
    finally:
        with other.app_context():
            flask_db.engine.dispose()


def test_due_feeds_are_polled_one_job_each_and_a_failing_one_stops_no_other(
    app: Flask, app_config: dict[str, Any], db: Session, tmp_path: Path, feed_server: FeedServer
) -> None:
    good = make_feed(db, feed_server.put("/a.xml", rss(publish_items(feed_server, "/a", 2))))
    broken = make_feed(db, feed_server.put("/b.xml", b"\x00\x01 not a feed", content_type="text/plain"))
    other = make_feed(db, feed_server.put("/c.xml", rss(publish_items(feed_server, "/c", 1))))
    later = make_feed(db, feed_server.put("/d.xml", rss(publish_items(feed_server, "/d", 1))))
    later.next_poll_at = utcnow() + dt.timedelta(hours=1)
    paused = make_feed(db, feed_server.put("/e.xml", rss(publish_items(feed_server, "/e", 1))))
    paused.active = False
    db.commit()
    _run_periodic(app_config, tmp_path)
    db.expire_all()
    done = {j.subject_id: j for j in db.scalars(select(Job).where(Job.kind == feeds.POLL_JOB))}
    assert set(done) == {good.id, broken.id, other.id}
    assert all(j.state == JobState.SUCCEEDED for j in done.values())
    assert done[broken.id].result is not None and done[broken.id].result["state"] == "failed"
    assert done[good.id].result == done[good.id].result | {"state": "imported", "imported": 2}
    assert db.get(Feed, broken.id).last_error  # type: ignore[union-attr]
    assert len(list(db.scalars(select(Article)))) == 3
    polled = db.get(Feed, good.id)
    assert polled is not None and polled.next_poll_at is not None and polled.next_poll_at > utcnow()
    _run_periodic(app_config, tmp_path)  # nothing is due any more
    assert len(list(db.scalars(select(Job)))) == 3


def test_a_feed_with_a_poll_waiting_is_not_queued_again(db: Session) -> None:
    feed = make_feed(db, "https://courier.example/feed.xml")
    first = feeds.queue_poll(db, None, feed)
    db.commit()  # a plain session: the job stays queued
    feed.next_poll_at = utcnow() - dt.timedelta(minutes=1)
    assert first is not None and feeds.queue_due(db) == [] and feeds.queue_poll(db, None, feed) is None
