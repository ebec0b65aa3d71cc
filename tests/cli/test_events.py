"""`flask events rebuild`: the events of a database whose articles came before events, computed again."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskCliRunner
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, Event, EventConflict, EventMention
from tests.support import event_texts as tx


def _counts(db: Session) -> tuple[int, int, int]:
    db.expire_all()
    return tuple(db.scalar(select(func.count(m.id))) or 0 for m in (Event, EventMention, EventConflict))  # type: ignore[return-value]


def test_rebuild_finds_the_events_of_articles_stored_before_events(
    runner: FlaskCliRunner, db: Session, make_article: Callable[..., Article]
) -> None:
    late = make_article(tx.MEETING_14, published_on=tx.MEETING_DAYS[1])
    early = make_article(tx.MEETING_12, published_on=tx.MEETING_DAYS[0])
    visit = make_article(tx.VISIT_CANCELLED, published_on=tx.VISIT_DAYS[1])
    make_article("The harbour board said 41 ferries sailed in 2023.", published_on=None)
    db.commit()
    before = _counts(db)
    assert before == (2, 3, 1)
    for model in (EventConflict, EventMention, Event):  # a database from before the events tables were filled
        db.execute(delete(model))
    db.commit()
    result = runner.invoke(args=["events", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "Events of 4 articles: 3 mentions of 2 events, 1 conflicts." in result.output
    assert _counts(db) == before
    ids = set(db.scalars(select(Event.id)))
    again = runner.invoke(args=["events", "rebuild"])
    assert again.exit_code == 0 and _counts(db) == before
    assert set(db.scalars(select(Event.id))) == ids  # a second run links each article to the same events
    order = list(db.scalars(select(EventMention.article_id).order_by(EventMention.id)))
    assert order == [visit.id, early.id, late.id]  # the oldest articles first: the first report makes the event
