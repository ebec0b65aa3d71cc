"""The monitored feeds' admin pages: adding a feed polls it at once (through the job queue), failing feeds show
their error, a feed is edited, paused, polled on demand and removed; every write is audited."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Feed, MonitoredClaim, User
from tests.conftest import get_csrf
from tests.support.feeds import FeedServer, publish_items, rss


def _add(client: FlaskClient, url: str, **extra: str) -> tuple[int, str]:
    data = {"url": url, "title": "", "outlet": "", "poll_minutes": "60", **extra}
    response = client.post("/admin/feeds", data={**data, "csrf_token": get_csrf(client, "/admin/feeds")})
    return response.status_code, response.get_data(as_text=True)


def test_an_admin_adds_a_feed_and_its_first_poll_imports_it(
    client: FlaskClient, db: Session, login_as: Callable[..., User], feed_server: FeedServer
) -> None:
    admin = login_as("admin")
    url = feed_server.put("/f.xml", rss(publish_items(feed_server, "/f", 2)))
    status, _ = _add(client, url, outlet="Courier")
    assert status == 302
    feed = db.scalar(select(Feed))
    assert feed is not None and feed.created_by_id == admin.id and feed.items_imported == 2
    assert db.scalar(select(Article.outlet)) == "Courier" and db.scalar(select(MonitoredClaim.claim_id))
    page = client.get("/admin/feeds").get_data(as_text=True)
    assert "The Port Alder Courier" in page and url in page and "ok" in page
    assert "/admin/feeds" in client.get("/admin/").get_data(as_text=True)
    actions = set(db.scalars(select(AuditEvent.action)))
    assert "feed.add" in actions


def test_refused_addresses_and_duplicates_are_422_with_the_reason(
    client: FlaskClient, db: Session, login_as: Callable[..., User], feed_server: FeedServer
) -> None:
    login_as("admin")
    assert _add(client, "ftp://example.org/feed")[0] == 422
    status, page = _add(client, "http://10.1.2.3/feed.xml")
    assert status == 422 and "cannot be fetched" in page
    status, page = _add(client, "https://example.org/feed.xml", poll_minutes="1")
    assert status == 422
    url = feed_server.put("/dup.xml", rss([]))
    assert _add(client, url)[0] == 302
    status, page = _add(client, url)
    assert status == 422 and "already monitored" in page


def test_a_failing_feed_shows_its_error_and_can_be_edited_polled_and_removed(
    client: FlaskClient, db: Session, login_as: Callable[..., User], feed_server: FeedServer
) -> None:
    login_as("admin")
    assert _add(client, feed_server.url("/gone.xml"))[0] == 302
    feed = db.scalar(select(Feed))
    assert feed is not None
    page = client.get("/admin/feeds").get_data(as_text=True)
    assert "failing (1×)" in page and "404" in page
    csrf = get_csrf(client, f"/admin/feeds/{feed.id}")
    edited = client.post(
        f"/admin/feeds/{feed.id}",
        data={"csrf_token": csrf, "title": "Gone Gazette", "outlet": "Gazette", "poll_minutes": "30"},
    )
    assert edited.status_code == 302
    db.refresh(feed)
    assert (feed.title, feed.outlet, feed.poll_minutes, feed.active) == ("Gone Gazette", "Gazette", 30, False)
    feed_server.put("/gone.xml", rss(publish_items(feed_server, "/back", 1)))
    polled = client.post(f"/admin/feeds/{feed.id}/poll", data={"csrf_token": csrf})
    assert polled.status_code == 302 and "/work/jobs/" in polled.headers["Location"]
    db.refresh(feed)
    assert feed.last_error is None and feed.items_imported == 1
    removed = client.post(f"/admin/feeds/{feed.id}/remove", data={"csrf_token": csrf}, follow_redirects=True)
    assert "no longer monitored" in removed.get_data(as_text=True)
    assert db.scalar(select(Feed)) is None and db.scalar(select(Article)) is not None
    assert {"feed.update", "feed.remove"} <= set(db.scalars(select(AuditEvent.action)))


def test_without_a_csrf_token_nothing_changes(
    client: FlaskClient, db: Session, login_as: Callable[..., User], feed_server: FeedServer
) -> None:
    login_as("admin")
    response = client.post("/admin/feeds", data={"url": feed_server.put("/x.xml", rss([])), "poll_minutes": "60"})
    assert response.status_code in (400, 422) and db.scalar(select(Feed)) is None
