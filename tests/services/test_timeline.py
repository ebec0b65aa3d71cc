"""Reading events (services/timeline.py): the workbench timeline, the claim page's conflicts and verdicts checked
elsewhere, the queue's "conflicts" filter; each in a fixed number of statements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, Verdict
from factcheck.services import claim_page, queue, ratings, timeline
from factcheck.services.timeline import TimelineFilters
from tests.support import event_texts as tx
from tests.support.builders import claims_of
from tests.support.queries import counting


def _stories(make_article: Callable[..., Article]) -> dict[str, Article]:
    return {
        "meeting_12": make_article(tx.MEETING_12, published_on=tx.MEETING_DAYS[0], title="Aachen meeting set"),
        "meeting_14": make_article(tx.MEETING_14, published_on=tx.MEETING_DAYS[1], title="Aachen meeting, Paris"),
        "visit": make_article(tx.VISIT_CONFIRMED, published_on=tx.VISIT_DAYS[0], title="Belgrade visit"),
        "visit_off": make_article(tx.VISIT_CANCELLED, published_on=tx.VISIT_DAYS[1], title="Belgrade visit off"),
        "vote": make_article(tx.VOTE_SET, published_on=tx.VOTE_DAYS[0], title="Pension vote"),
    }


def _claim(db: Session, article: Article) -> Claim:
    (claim,) = claims_of(db, article)
    return claim


def test_the_timeline_in_date_order_with_filters(db: Session, make_article: Callable[..., Article]) -> None:
    _stories(make_article)
    every = timeline.timeline(db, TimelineFilters())
    assert [(i.event.what, i.event.date) for i in every.events] == [
        ("visit", "2019-01-17"),
        ("vote", "2019-03-03"),
        ("meeting", "2019-03-14"),
    ]
    assert not every.more and every.filters.empty
    meeting = every.events[-1]
    assert meeting.articles == 2 and [c.kind for c in meeting.conflicts] == ["date"]
    first = meeting.mentions[0]
    assert first.mention.article.title == "Aachen meeting set" and first.pieces[1] == "will meet"
    assert first.mention.quote == "".join(first.pieces)

    def whats(**given: object) -> list[str]:
        return [i.event.what for i in timeline.timeline(db, TimelineFilters(**given)).events]  # type: ignore[arg-type]

    assert whats(participants=("Merkel",)) == ["meeting"]
    assert whats(participants=("merkel", "Macron")) == ["meeting"]
    assert whats(participants=("Putin",)) == ["visit"]
    assert whats(participants=("Belgrade",)) == []  # a place is no party
    assert whats(place="Serbia") == whats(place="belgrade") == ["visit"]
    assert whats(q="vote") == ["vote"] and whats(q="meeting merkel") == ["meeting"] and whats(q="100%") == []
    assert whats(event_id=meeting.event.id) == ["meeting"]


def test_the_timeline_reads_in_four_statements_whatever_it_holds(
    db: Session, make_article: Callable[..., Article], make_verdict: Callable[..., Verdict]
) -> None:
    ratings.load_presets(db)
    stories = _stories(make_article)
    db.commit()
    db.expire_all()
    with counting(db) as few:
        assert len(timeline.timeline(db, TimelineFilters()).events) == 3
    make_article(tx.VOTE_POSTPONED, published_on=tx.VOTE_DAYS[1])
    make_article(tx.UNRELATED, published_on=dt.date(2019, 3, 6))
    make_verdict(_claim(db, stories["visit_off"]), rating="True")
    db.commit()
    db.expire_all()
    with counting(db) as many:
        found = timeline.timeline(db, TimelineFilters())
        visit = found.events[0]
        assert [v.verdict.rating.label if v.verdict else None for v in visit.mentions] == [None, "True"]
        assert [len(v.checked) for v in found.events] == [1, 0, 0, 0]
        assert all(v.mention.article.title and v.mention.claim for i in found.events for v in i.mentions)
    assert few[0] == many[0] == 4


def test_the_claim_page_shows_conflicts_both_ways_and_verdicts_checked_elsewhere(
    db: Session, make_article: Callable[..., Article], make_verdict: Callable[..., Verdict]
) -> None:
    ratings.load_presets(db)
    stories = _stories(make_article)
    twelve, fourteen = _claim(db, stories["meeting_12"]), _claim(db, stories["meeting_14"])
    make_verdict(fourteen, rating="Mostly true")
    db.commit()
    twelve_id, fourteen_id = twelve.id, fourteen.id
    db.expire_all()
    with counting(db) as few:
        assert len(timeline.claim_events(db, twelve_id).conflicts) == 1
    page = claim_page.claim_page(db, twelve_id)
    assert page is not None
    (view,) = page.timeline.conflicts
    assert (view.mine.claim_id, view.other.claim_id, view.other.article.title) == (
        twelve_id, fourteen_id, "Aachen meeting, Paris",
    )  # fmt: skip
    assert (view.mine_side["words"], view.other_side["words"]) == ("March 12", "March 14")
    assert view.words(view.other, view.other_side)[1] == "March 14"
    (checked,) = page.timeline.elsewhere
    assert (checked.claim_id, checked.rating.label, checked.claim.article.title) == (
        fourteen_id, "Mostly true", "Aachen meeting, Paris",
    )  # fmt: skip
    assert [m.event.what for m in page.timeline.mentions] == ["meeting"]
    other = claim_page.claim_page(db, fourteen_id)
    assert other is not None and other.timeline.conflicts[0].other.claim_id == twelve_id
    assert other.timeline.elsewhere == []  # its own verdict is not "elsewhere"
    lone = claim_page.claim_page(db, _claim(db, stories["vote"]).id)
    assert lone is not None and lone.timeline.conflicts == [] and lone.timeline.elsewhere == []
    later = make_article(tx.MEETING_14.replace("March 14", "March 15"), published_on=tx.MEETING_DAYS[1])
    make_verdict(_claim(db, later), rating="Mostly false")
    db.commit()
    db.expire_all()
    with counting(db) as many:
        events = timeline.claim_events(db, twelve_id)
        assert len(events.conflicts) == 2 and len(events.elsewhere) == 2
        assert all(c.other.article.title and c.other.claim for c in events.conflicts)
        assert all(v.rating.label and v.claim.article.title for v in events.elsewhere)
    assert few[0] == many[0] == 3  # what the claim page adds for a claim about events, whatever their number


def test_the_queue_filters_claims_with_conflicts(db: Session, make_article: Callable[..., Article]) -> None:
    stories = _stories(make_article)
    db.commit()
    both = {_claim(db, stories["meeting_12"]).id, _claim(db, stories["meeting_14"]).id}
    page = queue.claims_page(db, queue.QueueFilters(conflicts=True))
    assert {c.id for c in page.claims} == both and page.total == 2
    assert queue.QueueFilters(conflicts=True).with_page_args() == {"conflicts": "1"}
    assert queue.claims_page(db, queue.QueueFilters()).total == 5
