"""Events on the workbench: the timeline page and its filters, merging and splitting from it, the claim page's
Conflicts panel and "checked elsewhere", the queue's conflicts filter."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Claim, Event, EventMention, User, Verdict
from factcheck.services import ratings
from tests.conftest import csrf_from, get_csrf
from tests.support import event_texts as tx
from tests.support.builders import claims_of

APRIL = "Berlin, April 2: The Bundestag will vote on the pension bill on April 30, the speaker said."


def _meetings(db: Session, make_article: Callable[..., Article]) -> tuple[Claim, Claim]:
    ratings.load_presets(db)
    a = make_article(tx.MEETING_12, published_on=tx.MEETING_DAYS[0], title="Aachen meeting set")
    b = make_article(tx.MEETING_14, published_on=tx.MEETING_DAYS[1], title="Aachen meeting, Paris version")
    (ca,), (cb,) = claims_of(db, a), claims_of(db, b)
    db.commit()
    return ca, cb


def _text(client: FlaskClient, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return html.unescape(response.get_data(as_text=True))


def test_the_timeline_page_lists_events_with_their_words_and_filters(
    client: FlaskClient, db: Session, make_article: Callable[..., Article], login_as: Callable[..., User]
) -> None:
    _meetings(db, make_article)
    make_article(tx.VISIT_CANCELLED, published_on=tx.VISIT_DAYS[1], title="Belgrade visit off")
    db.commit()
    login_as("reviewer")
    page = _text(client, "/work/timeline")
    assert page.index("2019-01-17") < page.index("2019-03-14")  # date order
    assert "Meeting: Angela Merkel, Emmanuel Macron" in page and "Visit: Vladimir Putin · Belgrade" in page
    assert '<mark class="words">cancelled</mark>' in page and '<mark class="words">is due</mark>' in page
    assert "1 conflict" in page and "“March 12” vs “March 14”" in page and "Aachen meeting set" in page
    only = _text(client, "/work/timeline?participant=Merkel,+Macron&q=meeting")
    assert "Meeting: Angela Merkel" in only and "Vladimir Putin" not in only
    assert "No events match" in _text(client, "/work/timeline?place=Japan")
    assert "Vladimir Putin" in _text(client, "/work/timeline?participant=Putin&place=Serbia")
    assert 'href="/work/timeline"' in _text(client, "/work/")  # in the main navigation


def test_merging_two_ticked_events_and_splitting_a_mention_off(
    client: FlaskClient, db: Session, make_article: Callable[..., Article], login_as: Callable[..., User]
) -> None:
    make_article(tx.VOTE_SET, published_on=tx.VOTE_DAYS[0])
    make_article(APRIL, published_on=dt.date(2019, 4, 2))
    db.commit()
    first, second = db.scalars(select(Event.id).order_by(Event.id))
    reviewer = login_as("reviewer")
    csrf = csrf_from(client.get("/work/timeline").get_data(as_text=True))
    refused = client.post("/work/events/merge", data={"csrf_token": csrf, "events": [str(first)]})
    assert refused.status_code == 422 and "exactly two" in refused.get_data(as_text=True)
    gone = client.post("/work/events/merge", data={"csrf_token": csrf, "events": [str(first), "999999"]})
    assert gone.status_code == 422 and "no longer exists" in gone.get_data(as_text=True)
    done = client.post("/work/events/merge", data={"csrf_token": csrf, "events": [str(second), str(first)]})
    assert done.status_code == 302 and done.headers["Location"] == f"/work/timeline?event={first}"
    db.expire_all()
    assert list(db.scalars(select(Event.id))) == [first]
    merged = db.scalars(select(AuditEvent).where(AuditEvent.action == "event.merge")).one()
    assert (merged.actor_id, merged.data["merged"]) == (reviewer.id, second)
    page = _text(client, f"/work/timeline?event={first}")
    assert f"Events {first} and {second} merged into event {first}." in page
    assert "placed by a reviewer" in page and "Split off into a new event" in page
    mention = db.scalars(select(EventMention).order_by(EventMention.id.desc())).first()
    assert mention is not None
    split = client.post(f"/work/events/mentions/{mention.id}/split", data={"csrf_token": csrf})
    assert split.status_code == 302
    db.expire_all()
    assert len(list(db.scalars(select(Event.id)))) == 2
    assert db.scalars(select(AuditEvent).where(AuditEvent.action == "event.split")).one().data["mention"] == mention.id
    only = client.post(f"/work/events/mentions/{mention.id}/split", data={"csrf_token": csrf})
    assert only.status_code == 422 and "only mention" in only.get_data(as_text=True)
    assert client.post("/work/events/mentions/999999/split", data={"csrf_token": csrf}).status_code == 404


def test_the_claim_page_shows_the_conflict_side_by_side_and_checked_elsewhere(
    client: FlaskClient,
    db: Session,
    make_article: Callable[..., Article],
    make_verdict: Callable[..., Verdict],
    login_as: Callable[..., User],
) -> None:
    twelve, fourteen = _meetings(db, make_article)
    make_verdict(fourteen, rating="Mostly true", summary="The Elysee gave the 14th")
    db.commit()
    login_as("reviewer")
    page = _text(client, f"/work/claims/{twelve.id}")
    panel = page[page.index('id="conflicts"') : page.index('id="h-events"')]
    assert "Conflicts" in panel and "2019-03-12 vs 2019-03-14" in panel
    assert '<mark class="words">March 12</mark>' in panel and '<mark class="words">March 14</mark>' in panel
    assert "Aachen meeting, Paris version" in panel and f'href="/work/claims/{fourteen.id}"' in panel
    elsewhere = page[page.index('id="checked-elsewhere"') :]
    assert "Mostly true" in elsewhere and f'href="/work/claims/{fourteen.id}"' in elsewhere
    other = _text(client, f"/work/claims/{fourteen.id}")
    assert 'id="conflicts"' in other and f'href="/work/claims/{twelve.id}"' in other
    assert 'id="checked-elsewhere"' not in other
    plain = make_article("The harbour board said 41 ferries sailed in 2023.", title="Ferries")
    db.commit()
    (ferry,) = claims_of(db, plain)
    alone = _text(client, f"/work/claims/{ferry.id}")
    assert 'id="conflicts"' not in alone and "found no event" in alone


def test_the_queue_conflicts_filter(
    client: FlaskClient, db: Session, make_article: Callable[..., Article], login_as: Callable[..., User]
) -> None:
    twelve, fourteen = _meetings(db, make_article)
    make_article(tx.VOTE_SET, published_on=tx.VOTE_DAYS[0])
    db.commit()
    login_as("reviewer")
    every = _text(client, "/work/queue")
    assert "Bundestag" in every and 'name="conflicts" value="1">' in every
    only = _text(client, "/work/queue?conflicts=1")
    assert "Bundestag" not in only and "2 claims" in only and 'name="conflicts" value="1" checked' in only
    assert f"/work/claims/{twelve.id}" in only and f"/work/claims/{fourteen.id}" in only
    assert get_csrf(client, "/work/queue?conflicts=1")
