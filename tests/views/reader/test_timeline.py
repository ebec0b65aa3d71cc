"""The reader's timeline: frozen into the published version at publication (only events of checked claims),
shown on the article page with schema.org Event JSON-LD where we vouch for the claims behind an event."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Event, Publication, Verdict
from factcheck.services import timeline
from tests.support import event_texts as tx
from tests.support.builders import claims_of

DESK = (
    "Moscow, Jan 15: Russian President Vladimir Putin has cancelled his visit to Belgrade, planned for January 17, "
    "the Kremlin said.\n\n"
    "The Bundestag will vote on the pension bill on March 3, the speaker said."
)
_JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def _page(client: FlaskClient, article: Article) -> str:
    response = client.get(f"/a/{article.slug}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _events_json(page: str) -> list[dict[str, Any]]:
    found = [json.loads(m) for m in _JSON_LD.findall(page)]
    return [item for doc in found for item in doc.get("@graph", [])]


def test_only_events_of_checked_claims_are_frozen_and_shown(
    client: FlaskClient,
    db: Session,
    make_article: Callable[..., Article],
    make_verdict: Callable[..., Verdict],
    make_publication: Callable[..., Publication],
) -> None:
    article = make_article(DESK, published_on=tx.VISIT_DAYS[1], title="Desk notes")
    visit, _vote = claims_of(db, article)
    make_verdict(visit, rating="True", summary="The Kremlin called the Belgrade trip off")
    pub = make_publication(article)
    db.commit()
    (event,) = pub.snapshot["timeline"]
    assert event["what"] == "visit" and event["status"] == "cancelled" and event["date"] == "2019-01-17"
    assert event["claims"] == [
        {"id": visit.id, "status": "cancelled", "words": "cancelled", "date": "2019-01-17", "place": "Belgrade"}
    ]
    page = _page(client, article)
    section = html.unescape(page[page.index('id="timeline-heading"') :])
    assert "Visit: Vladimir Putin" in section and "cancelled" in section and "Belgrade" in section
    assert '<time datetime="2019-01-17">2019-01-17</time>' in section and "True" in section
    assert f'href="/claims/{visit.id}"' in section and "Bundestag" not in section  # the vote is not checked
    (doc,) = _events_json(page)
    assert doc["@type"] == "Event" and doc["name"] == "Visit: Vladimir Putin"
    assert doc["eventStatus"] == "https://schema.org/EventCancelled" and doc["startDate"] == "2019-01-17"
    assert doc["location"] == {"@type": "Place", "name": "Belgrade",
                               "address": {"@type": "PostalAddress", "addressCountry": "Serbia"}}  # fmt: skip
    assert doc["attendee"] == [{"@type": "Person", "name": "Vladimir Putin"}]
    assert doc["subjectOf"] == [{"@id": f"http://factcheck.test/claims/{visit.id}"}]
    assert doc["@id"] == f"http://factcheck.test/a/{article.slug}/v/1#event-{event['id']}"
    assert "ClaimReview" not in page


def test_a_later_article_changes_the_workbench_timeline_not_the_published_one(
    client: FlaskClient,
    db: Session,
    make_article: Callable[..., Article],
    make_verdict: Callable[..., Verdict],
    make_publication: Callable[..., Publication],
) -> None:
    article = make_article(tx.MEETING_12, published_on=tx.MEETING_DAYS[0], title="Aachen")
    (claim,) = claims_of(db, article)
    make_verdict(claim, rating="Mostly true")
    pub = make_publication(article)
    db.commit()
    frozen, before = dict(pub.snapshot), _page(client, article)
    assert "2019-03-12" in before and pub.snapshot["timeline"][0]["date"] == "2019-03-12"
    make_article(tx.MEETING_14, published_on=tx.MEETING_DAYS[1], title="Aachen, Paris version")
    db.commit()
    workbench = timeline.timeline(db, timeline.TimelineFilters())
    (item,) = workbench.events
    assert item.event.date == "2019-03-14" and item.articles == 2 and item.conflicts
    db.expire_all()
    assert db.get(Publication, pub.id).snapshot == frozen  # type: ignore[union-attr]
    after = _page(client, article)
    assert after == before and "2019-03-14" not in after


def test_no_event_markup_for_claims_we_rated_false_and_none_without_a_checked_claim(
    client: FlaskClient,
    db: Session,
    make_article: Callable[..., Article],
    make_verdict: Callable[..., Verdict],
    make_publication: Callable[..., Publication],
) -> None:
    article = make_article(DESK, published_on=tx.VISIT_DAYS[1], title="Desk notes")
    visit, _vote = claims_of(db, article)
    make_verdict(visit, rating="False", summary="The visit went ahead")
    make_publication(article)
    db.commit()
    page = _page(client, article)
    assert 'id="timeline-heading"' in page and "False" in page[page.index('id="timeline-heading"') :]
    assert _events_json(page) == []  # we do not vouch for a cancellation we found false
    other = make_article(tx.VOTE_POSTPONED, published_on=tx.VOTE_DAYS[1], title="Vote moved")
    (moved,) = claims_of(db, other)
    make_verdict(moved, rating="True", summary="The vote was moved to the 17th")
    make_publication(other)
    db.commit()
    (doc,) = _events_json(_page(client, other))
    assert doc["eventStatus"] == "https://schema.org/EventPostponed" and doc["startDate"] == "2019-03-17"
    assert doc["attendee"] == [{"@type": "Organization", "name": "Bundestag"}]
    assert len(db.scalars(select(Event)).all()) == 2  # the vote of DESK and its postponement are one event


def test_a_snapshot_from_before_timelines_still_reads(
    client: FlaskClient,
    db: Session,
    make_article: Callable[..., Article],
    make_verdict: Callable[..., Verdict],
    make_publication: Callable[..., Publication],
) -> None:
    article = make_article(DESK, published_on=dt.date(2019, 1, 15), title="Desk notes")
    make_verdict(claims_of(db, article)[0], rating="True")
    pub = make_publication(article)
    db.commit()
    old = {k: v for k, v in pub.snapshot.items() if k != "timeline"}
    db.add(Publication(article_id=article.id, version=2, kind="publication", revision_id=pub.revision_id,
                       snapshot=old, correction_note="", published_by_id=pub.published_by_id))  # fmt: skip
    db.commit()
    page = _page(client, article)
    assert "Version 2" in page and 'id="timeline-heading"' not in page and _events_json(page) == []
