"""`flask feeds add URL | list | poll`: the monitored feeds from a shell; a poll of every due feed records a failing
one and goes on with the others."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, Feed
from tests.support.feeds import FeedServer, publish_items, rss


def test_add_list_and_poll(runner: FlaskCliRunner, db: Session, feed_server: FeedServer) -> None:
    good = feed_server.put("/a.xml", rss(publish_items(feed_server, "/a", 2)))
    added = runner.invoke(args=["feeds", "add", good, "--outlet", "Courier", "--every", "15"])
    assert added.exit_code == 0 and "every 15 min" in added.output
    assert runner.invoke(args=["feeds", "add", feed_server.url("/gone.xml")]).exit_code == 0
    refused = runner.invoke(args=["feeds", "add", "http://10.0.0.9/feed.xml"])
    assert refused.exit_code != 0 and "cannot be fetched" in refused.output
    twice = runner.invoke(args=["feeds", "add", good])
    assert twice.exit_code != 0 and "already monitored" in twice.output
    polled = runner.invoke(args=["feeds", "poll"])  # both are due
    assert polled.exit_code == 0, polled.output
    assert "imported: 2 imported" in polled.output and "failed: The feed could not be fetched" in polled.output
    assert "1 of 2 feeds failed" in polled.output
    db.expire_all()
    assert db.scalar(select(func.count(Article.id))) == 2
    listing = runner.invoke(args=["feeds", "list"]).output
    assert "FAILING" in listing and "404" in listing and "2 imported" in listing and "15 min" in listing
    again = runner.invoke(args=["feeds", "poll"])  # nothing is due now
    assert again.output.strip() == ""
    feed_id = db.scalar(select(Feed.id).where(Feed.url == good))
    forced = runner.invoke(args=["feeds", "poll", str(feed_id)])
    assert "0 imported, 2 seen before" in forced.output
