"""A reviewer splits a mention off into its own event, or merges two events (services/event_edits.py); a
re-import keeps what the reviewer decided, and the audit trail says what each event was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Event, EventConflict, EventMention, User
from factcheck.services import articles, event_edits
from factcheck.services.errors import ValidationError
from tests.support import event_texts as tx

APRIL = "Berlin, April 2: The Bundestag will vote on the pension bill on April 30, the speaker said."


def _events(db: Session) -> list[Event]:
    return list(db.scalars(select(Event).order_by(Event.id)))


def _mentions_of(db: Session, event: Event) -> list[EventMention]:
    return list(db.scalars(select(EventMention).where(EventMention.event_id == event.id).order_by(EventMention.id)))


def _audit(db: Session, action: str) -> list[AuditEvent]:
    return list(db.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def test_merging_two_events_moves_the_mentions_and_survives_a_reimport(
    db: Session, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    reviewer = make_user("reviewer")
    make_article(tx.VOTE_SET, published_on=tx.VOTE_DAYS[0])
    url = "https://news.example.org/april-vote"
    april = make_article(APRIL, published_on=dt.date(2019, 4, 2), url=url)
    keep, other = _events(db)  # two months apart: the engine keeps them apart
    kept = event_edits.merge_events(db, reviewer, keep, other)
    assert kept.id == keep.id and [e.id for e in _events(db)] == [keep.id]
    mentions = _mentions_of(db, keep)
    assert [m.manual for m in mentions] == [False, True]
    assert keep.date == "2019-04-30"  # the later article's date, as precise as the other
    assert db.scalar(select(func.count(EventConflict.id))) == 1  # March 3 vs April 30: now they disagree
    (entry,) = _audit(db, "event.merge")
    assert (entry.entity_id, entry.actor_id, entry.data["merged"]) == (keep.id, reviewer.id, other.id)
    assert entry.data["was"]["date"] == "2019-04-30" and entry.data["mentions"] == [mentions[1].id]
    revised = APRIL + "\n\nThe pension bill raises the retirement age, the speaker said."
    articles.import_text(db, None, title="April vote", text=revised, origin="paste", url=url)
    assert [e.id for e in _events(db)] == [keep.id]
    again = _mentions_of(db, keep)
    assert [(m.article_id, m.manual) for m in again][-1] == (april.id, True)


def test_splitting_a_mention_off_makes_an_event_that_a_reimport_keeps(
    db: Session, make_article: Callable[..., Article], make_user: Callable[..., User]
) -> None:
    reviewer = make_user("reviewer")
    make_article(tx.MEETING_12, published_on=tx.MEETING_DAYS[0])
    url = "https://news.example.org/aachen-14"
    second = make_article(tx.MEETING_14, published_on=tx.MEETING_DAYS[1], url=url)
    (event,) = _events(db)
    mention = _mentions_of(db, event)[1]
    new = event_edits.split_mention(db, reviewer, mention)
    assert [e.id for e in _events(db)] == [event.id, new.id]
    assert (new.date, new.what, mention.event_id, mention.manual) == ("2019-03-14", "meeting", new.id, True)
    assert event.date == "2019-03-12"  # summed up again from what is left
    assert db.scalar(select(func.count(EventConflict.id))) == 0  # two events now: nothing disagrees
    (entry,) = _audit(db, "event.split")
    assert (entry.entity_id, entry.data["from"], entry.data["mention"]) == (new.id, event.id, mention.id)
    assert entry.data["was"]["date"] == "2019-03-14"
    articles.import_text(db, None, title="Aachen", text=tx.MEETING_14 + "\n\nNo more.", origin="paste", url=url)
    assert [(m.article_id, m.manual) for m in _mentions_of(db, new)] == [(second.id, True)]
    assert len(_mentions_of(db, event)) == 1
    with pytest.raises(ValidationError, match="only mention"):
        event_edits.split_mention(db, reviewer, _mentions_of(db, new)[0])
    with pytest.raises(ValidationError, match="two different"):
        event_edits.merge_events(db, reviewer, event, event)
