"""Events stored across articles (services/events.py): linked at import, replaced at re-import, summed up, and
their disagreements found; over our own short stories (tests/support/event_texts.py)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Claim, Event, EventConflict, EventMention
from factcheck.services import articles, events
from tests.support import builders
from tests.support import event_texts as tx


def _mentions(db: Session, event: Event) -> list[EventMention]:
    stmt = select(EventMention).where(EventMention.event_id == event.id).order_by(EventMention.id)
    return list(db.scalars(stmt))


def _only_event(db: Session) -> Event:
    (event,) = db.scalars(select(Event))
    return event


def test_two_articles_that_disagree_on_a_meeting_date_are_one_event_with_a_conflict(
    db: Session, make_article: Callable[..., Article]
) -> None:
    first = make_article(tx.MEETING_12, published_on=tx.MEETING_DAYS[0])
    second = make_article(tx.MEETING_14, published_on=tx.MEETING_DAYS[1])
    event = _only_event(db)
    assert (event.what, event.status, event.precision) == ("meeting", "planned", "day")
    assert set(event.participants) == {"Angela Merkel", "Emmanuel Macron"}
    assert event.date == "2019-03-14"  # the later article's, as precise as the other's
    a, b = _mentions(db, event)
    assert (a.article_id, a.date, b.article_id, b.date) == (first.id, "2019-03-12", second.id, "2019-03-14")
    for m, article in ((a, first), (b, second)):
        claim = db.get(Claim, m.claim_id)
        assert claim is not None and claim.article_id == article.id and claim.start <= m.start < claim.end
        assert m.quote == claim.quote and m.quote[m.start - m.claim_start :].startswith(m.trigger)
    (conflict,) = db.scalars(select(EventConflict))
    assert (conflict.kind, conflict.detail) == ("date", "2019-03-12 vs 2019-03-14")
    assert (conflict.a_mention_id, conflict.b_mention_id) == (a.id, b.id)
    assert (conflict.a["words"], conflict.b["words"]) == ("March 12", "March 14")
    assert tx.MEETING_14[conflict.b["start"] : conflict.b["end"]] == "March 14"
    audit = db.scalars(select(AuditEvent).where(AuditEvent.action == "article.events").order_by(AuditEvent.id))
    assert [(e.entity_id, e.data["created"], e.data["linked"]) for e in audit] == [
        (first.id, [event.id], []),
        (second.id, [], [event.id]),
    ]


def test_a_visit_confirmed_then_cancelled_is_cancelled_without_a_conflict(
    db: Session, make_article: Callable[..., Article]
) -> None:
    make_article(tx.VISIT_CONFIRMED, published_on=tx.VISIT_DAYS[0])
    make_article(tx.VISIT_CANCELLED, published_on=tx.VISIT_DAYS[1])
    event = _only_event(db)
    assert (event.what, event.place, event.date, event.status) == ("visit", "Belgrade", "2019-01-17", "cancelled")
    assert [(m.status, m.words) for m in _mentions(db, event)][1] == ("cancelled", "cancelled")
    assert _mentions(db, event)[0].status == "planned"
    assert db.scalar(select(func.count(EventConflict.id))) == 0  # a plan and its cancellation can both be true
    assert event.date_from == event.date_to == dt.date(2019, 1, 17)
    assert "|vladimir putin|" in event.search and "|belgrade|serbia|" in event.search


def test_a_vote_postponed_keeps_its_new_date(db: Session, make_article: Callable[..., Article]) -> None:
    make_article(tx.VOTE_SET, published_on=tx.VOTE_DAYS[0])
    make_article(tx.VOTE_POSTPONED, published_on=tx.VOTE_DAYS[1])
    event = _only_event(db)
    assert (event.what, event.status, event.qualifier, event.date) == ("vote", "planned", "postponed", "2019-03-17")
    assert [m.date for m in _mentions(db, event)] == ["2019-03-03", "2019-03-17"]
    assert db.scalar(select(func.count(EventConflict.id))) == 0  # a moved vote: its two dates do not disagree


def test_events_of_other_people_stay_apart(db: Session, make_article: Callable[..., Article]) -> None:
    make_article(tx.MEETING_12, published_on=tx.MEETING_DAYS[0])
    make_article(tx.UNRELATED, published_on=dt.date(2019, 3, 6))
    make_article(tx.VISIT_CONFIRMED, published_on=tx.VISIT_DAYS[0])
    assert sorted(e.what for e in db.scalars(select(Event))) == ["meeting", "meeting", "visit"]
    assert db.scalar(select(func.count(EventConflict.id))) == 0


def test_held_and_cancelled_in_one_article_is_flagged(db: Session, make_article: Callable[..., Article]) -> None:
    text = (
        "Vienna, June 10: The summit between Austria and Hungary was held in Vienna on 3 June 2019.\n\n"
        "Austria called off the summit with Hungary in Vienna on 3 June 2019."
    )
    make_article(text, published_on=dt.date(2019, 6, 10))
    (conflict,) = db.scalars(select(EventConflict))
    assert conflict.kind == "status_in_article"
    assert {conflict.a["value"], conflict.b["value"]} == {"held", "cancelled"}
    assert conflict.a_mention.article_id == conflict.b_mention.article_id


def test_reimport_replaces_the_articles_mentions_and_keeps_the_event(
    db: Session, make_article: Callable[..., Article]
) -> None:
    url = "https://news.example.org/aachen"
    first = make_article(tx.MEETING_12, published_on=tx.MEETING_DAYS[0], url=url)
    second = make_article(tx.MEETING_14, published_on=tx.MEETING_DAYS[1])
    event = _only_event(db)
    before = {m.article_id: m.id for m in _mentions(db, event)}
    revised = tx.MEETING_12.replace("on March 12", "on March 14") + "\n\nThe talks will cover defence."
    result = articles.import_text(db, None, title="Aachen", text=revised, origin="paste", url=url)
    assert result.new_revision and result.article.id == first.id
    assert _only_event(db).id == event.id
    after = _mentions(db, event)
    assert len(after) == 2 and set(before.values()) & {m.id for m in after} == {before[second.id]}  # one stays
    mine = next(m for m in after if m.article_id == first.id)
    assert (mine.date, mine.revision_id) == ("2019-03-14", result.revision.id)
    assert db.scalar(select(func.count(EventConflict.id))) == 0  # both say March 14 now
    gone = tx.MEETING_12.split(":")[0] + ": Officials said on Monday that the weather was mild."
    articles.import_text(db, None, title="Aachen", text=gone, origin="paste", url=url)
    assert [m.article_id for m in _mentions(db, event)] == [second.id]


def test_an_event_left_with_no_mention_is_removed(db: Session, make_article: Callable[..., Article]) -> None:
    url = "https://news.example.org/belgrade"
    make_article(tx.VISIT_CONFIRMED, published_on=tx.VISIT_DAYS[0], url=url)
    event_id = _only_event(db).id
    result = articles.import_text(db, None, title="Belgrade", text="The weather in Belgrade was mild.", origin="paste",
                                  url=url)  # fmt: skip
    assert db.scalar(select(func.count(Event.id))) == 0
    (audit,) = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "article.events", AuditEvent.data["revision"].as_integer() == 2)
    )
    assert audit.entity_id == result.article.id and audit.data["removed"] == [event_id]


def test_compute_is_pure_and_write_takes_its_result(db: Session, make_article: Callable[..., Article]) -> None:
    article = make_article(tx.VISIT_CANCELLED, published_on=tx.VISIT_DAYS[1], extract=False)
    computed = events.compute(tx.VISIT_CANCELLED, tx.VISIT_DAYS[1], [])
    assert computed.events == []  # no claims, no events
    from factcheck.claims.extract import extract_claims

    found = extract_claims(tx.VISIT_CANCELLED, tx.VISIT_DAYS[1])
    computed = events.compute(tx.VISIT_CANCELLED, tx.VISIT_DAYS[1], found)
    assert [e.status for e in computed.events] == ["cancelled"]
    assert article.current_revision is not None
    result = events.write(db, None, article, article.current_revision, computed)
    assert (result.mentions, len(result.created)) == (1, 1)
    (mention,) = db.scalars(select(EventMention))
    assert mention.claim_id is None  # the article was stored without claims


def test_two_imports_at_the_same_instant_share_one_event(db: Session, database_url: str) -> None:
    """The second import waits for the first's linking to commit, then joins its event instead of creating a
    twin (on PostgreSQL both used to read "no such event" and each create one)."""
    engine = db.get_bind()
    first, second = Session(bind=engine), Session(bind=engine)
    done: list[BaseException | None] = []

    def import_second() -> None:
        try:
            builders.make_article(second, tx.MEETING_14, published_on=tx.MEETING_DAYS[1])
            second.commit()
            done.append(None)
        except BaseException as exc:  # reported by the assertion below
            done.append(exc)
        finally:
            second.close()

    try:
        builders.make_article(first, tx.MEETING_12, published_on=tx.MEETING_DAYS[0])  # linked, not committed
        thread = threading.Thread(target=import_second)
        thread.start()
        thread.join(0.5)
        assert thread.is_alive()  # waiting for the first import's transaction
        first.commit()
        thread.join(30)
    finally:
        first.close()
    assert done == [None]
    event = _only_event(db)
    assert len(_mentions(db, event)) == 2
