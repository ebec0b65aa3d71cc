"""The Monitor page over HTTP: reviewers see the monitored new claims with their filters and accept one (it is
assigned to them and leaves the list); a stale accept answers the 409 page; the nav links to it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, ClaimStatus, Feed, MonitoredClaim, User
from factcheck.services import feed_poll
from tests.conftest import csrf_from
from tests.support.feeds import make_feed, paragraphs
from tests.support.queries import counting


def _scene(db: Session, make_article: Callable[..., Article]) -> None:
    for n, outlet in ((1, "Courier"), (2, "Weekly")):
        feed = make_feed(db, f"https://{outlet.lower()}.example/feed.xml", outlet=outlet)
        article = make_article("\n\n".join(paragraphs(n, outlet)), outlet=outlet, published_on=dt.date(2026, 11, n))
        feed_poll.monitor_article(db, feed, article.id)
    db.commit()


def test_reviewers_filter_the_monitor_and_accept_a_claim(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_article: Callable[..., Article]
) -> None:
    _scene(db, make_article)
    reviewer = login_as("reviewer")
    page = client.get("/work/monitor").get_data(as_text=True)
    assert "Monitor</a>" in page and "Courier" in page and "Weekly" in page
    assert "Manage the feeds" not in page  # admins only
    only = client.get("/work/monitor?outlet=Weekly").get_data(as_text=True)
    assert "Weekly" in only and "Courier reports" not in only and "Weekly reports" in only
    none = client.get("/work/monitor?from=2027-01-01").get_data(as_text=True)
    assert "match these filters" in none
    assert client.get("/work/monitor?from=garbage&feed=x&page=-3").status_code == 200
    first = db.scalar(select(MonitoredClaim).order_by(MonitoredClaim.claim_id))
    assert first is not None
    response = client.post(
        f"/work/monitor/{first.claim_id}/accept",
        data={"csrf_token": csrf_from(page), "version": first.claim.version, "seen": ""},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/work/monitor")
    db.refresh(first.claim)
    assert first.claim.status == ClaimStatus.IN_REVIEW and first.claim.assignee_id == reviewer.id
    assert f'id="monitored-{first.claim_id}"' not in client.get("/work/monitor").get_data(as_text=True)
    stale = client.post(
        f"/work/monitor/{first.claim_id}/accept", data={"csrf_token": csrf_from(page), "version": 1, "seen": ""}
    )
    assert stale.status_code == 409


def test_an_accept_without_a_version_is_422(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_article: Callable[..., Article]
) -> None:
    _scene(db, make_article)
    login_as("reviewer")
    page = client.get("/work/monitor").get_data(as_text=True)
    claim_id = db.scalar(select(MonitoredClaim.claim_id))
    response = client.post(f"/work/monitor/{claim_id}/accept", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 422


def test_admins_are_told_of_failing_feeds_on_the_monitor(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_article: Callable[..., Article]
) -> None:
    _scene(db, make_article)
    feed = db.scalar(select(Feed))
    assert feed is not None
    feed.last_error = "The feed could not be fetched: the server answered 404 Not Found"
    db.commit()
    login_as("admin")
    page = client.get("/work/monitor").get_data(as_text=True)
    assert "1 feed failed the last poll" in page and "Manage the feeds" in page
    client.post("/logout", data={"csrf_token": csrf_from(page)})
    login_as("reviewer")
    assert "failed the last poll" not in client.get("/work/monitor").get_data(as_text=True)


def test_the_monitor_page_reads_as_many_statements_with_more_rows(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_article: Callable[..., Article]
) -> None:
    _scene(db, make_article)
    login_as("admin")  # the admin's page also counts the failing feeds
    client.get("/work/monitor")  # warm: the first request loads what later ones find cached
    with counting(db) as few:
        assert client.get("/work/monitor").status_code == 200
    feed = db.scalar(select(Feed))
    assert feed is not None
    for n in range(10, 16):
        article = make_article("\n\n".join(paragraphs(n, "Courier")), outlet="Courier")
        feed_poll.monitor_article(db, feed, article.id)
    db.commit()
    with counting(db) as many:
        assert client.get("/work/monitor").status_code == 200
    assert many[0] == few[0]
