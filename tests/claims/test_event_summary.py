"""One event summed up from several articles' mentions (claims/event_summary.py), and the findings of one known
event (event_links.conflicts_in_event); our own texts."""

from __future__ import annotations

import datetime as dt

from factcheck.claims.event_links import conflicts_in_event, contradictions
from factcheck.claims.event_summary import qualifier_of, summarize
from factcheck.claims.events import Event, extract_events
from tests.support import event_texts as tx


def _one(text: str, day: dt.date) -> Event:
    (e,) = extract_events(text, day)
    return e


def test_a_cancellation_outranks_the_plan_whatever_the_order() -> None:
    planned = _one(tx.VISIT_CONFIRMED, tx.VISIT_DAYS[0]).mentions
    cancelled = _one(tx.VISIT_CANCELLED, tx.VISIT_DAYS[1]).mentions
    for ordered in (planned + cancelled, cancelled + planned):
        e = summarize(ordered)
        assert (e.what, e.participants, e.place, e.date, e.status) == (
            "visit", ["Vladimir Putin"], "Belgrade", "2019-01-17", "cancelled",
        )  # fmt: skip
        assert len(e.mentions) == 2


def test_a_postponed_event_takes_its_new_date_and_its_qualifier() -> None:
    ordered = _one(tx.VOTE_SET, tx.VOTE_DAYS[0]).mentions + _one(tx.VOTE_POSTPONED, tx.VOTE_DAYS[1]).mentions
    e = summarize(ordered)
    assert (e.date, e.precision, e.status, qualifier_of(e)) == ("2019-03-17", "day", "planned", "postponed")


def _in(place: str) -> Event:
    text = (
        f"Berlin, March 1: German Chancellor Angela Merkel will meet French President Emmanuel Macron in {place} "
        "on March 20, officials said."
    )
    return _one(text, dt.date(2019, 3, 1))


def test_dates_that_disagree_the_latest_article_gives_it_and_a_city_wins_over_its_country() -> None:
    first = _one(tx.MEETING_12, tx.MEETING_DAYS[0])
    second = _one(tx.MEETING_14, tx.MEETING_DAYS[1])
    e = summarize(first.mentions + second.mentions)
    assert (e.date, sorted(e.participants)) == ("2019-03-14", ["Angela Merkel", "Emmanuel Macron"])
    assert summarize(second.mentions + first.mentions).date == "2019-03-12"
    france, paris = _in("France").mentions, _in("Paris").mentions
    assert summarize(paris + france).place == "Paris" == summarize(france + paris).place
    assert summarize(france).place == "France"
    assert summarize([]).status == "unknown" and summarize([]).what == ""


def test_conflicts_in_a_known_event_need_no_clustering() -> None:
    first = _one(tx.MEETING_12, tx.MEETING_DAYS[0])
    second = _one(tx.MEETING_14, tx.MEETING_DAYS[1])
    (finding,) = conflicts_in_event([("a", first), ("b", second)])
    assert finding.kind == "date" and (finding.a.words, finding.b.words) == ("March 12", "March 14")
    moved = _one(tx.VOTE_POSTPONED, tx.VOTE_DAYS[1])
    assert conflicts_in_event([("a", _one(tx.VOTE_SET, tx.VOTE_DAYS[0])), ("b", moved)]) == []
    assert contradictions([("a", _one(tx.VOTE_SET, tx.VOTE_DAYS[0])), ("b", moved)]) == []
