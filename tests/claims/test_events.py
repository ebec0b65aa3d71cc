"""The event finder on articles written for these tests (never the seed's sentences)."""

from __future__ import annotations

import datetime as dt

import pytest

from factcheck.claims.events import Event, extract_events
from factcheck.claims.extract import extract_claims

# A row of meetings between two leaders, in the manner of wire copy.
SUMMITS = (
    "Berlin, Oct 5: German Chancellor Angela Merkel on Friday called off a meeting with French President Emmanuel "
    "Macron in Strasbourg that was due to take place on Monday. The Strasbourg setback came weeks after the "
    "cancellation of another meeting in Brussels which had been planned for September 20.\n\n"
    "The French president had invited Merkel to Paris during their summit in Lisbon in June. A visit by Merkel to "
    "Paris is now out of the question, the chancellery said. The chancellor also threatened to pull Germany out of "
    "the Paris Agreement. The next Merkel-Macron meeting will take place in Italy during the 2019 G7 summit in "
    "August.\n\n"
    "Chancellor Angela Merkel arrived in Rome on Sunday. She visited the Vatican on Monday.\n\n"
    "Prices met expectations in June. He called for calm. The mayor signed autographs for fans."
)
FRIDAY = dt.date(2018, 10, 5)


@pytest.fixture(scope="module")
def summits() -> list[Event]:
    return extract_events(SUMMITS, FRIDAY)


def _one(events: list[Event], **want: object) -> Event:
    found = [e for e in events if all(getattr(e, k) == v for k, v in want.items())]
    assert len(found) == 1, f"{want} in {[e.as_dict() for e in events]}"
    return found[0]


def _quotes(text: str, e: Event) -> list[str]:
    return [text[a:b] for a, b in e.claims]


def test_a_meeting_called_off_is_one_event_with_its_later_mentions(summits: list[Event]) -> None:
    e = _one(summits, place="Strasbourg")
    assert e.as_dict() == {
        "what": "meeting",
        "participants": ["Angela Merkel", "Emmanuel Macron"],
        "place": "Strasbourg",
        "date": "2018-10-08",  # "due to take place on Monday", not the Friday it was called off
        "precision": "day",
        "status": "cancelled",
        "claims": e.claims,
    }
    quotes = _quotes(SUMMITS, e)
    assert len(quotes) == 2 and "called off" in quotes[0] and "The Strasbourg setback" in quotes[1]
    (called_off,) = [m for m in e.mentions if m.status == "cancelled"]
    assert called_off.words == "called off"
    assert SUMMITS[called_off.evidence[0].start : called_off.evidence[0].end] == "called off"


def test_another_meeting_is_a_new_event_of_the_same_parties(summits: list[Event]) -> None:
    e = _one(summits, place="Brussels")
    assert (e.what, e.participants, e.date, e.status) == (
        "meeting",
        ["Angela Merkel", "Emmanuel Macron"],
        "2018-09-20",
        "cancelled",
    )
    assert e.mentions[0].words == "cancellation"


def test_an_invitation_and_its_refusal_are_one_visit(summits: list[Event]) -> None:
    e = _one(summits, what="visit", place="Paris")
    assert e.status == "refused"
    assert set(e.participants) == {"Angela Merkel", "Emmanuel Macron"}  # "The French president" is Macron
    assert sorted(m.status for m in e.mentions) == ["proposed", "refused"]
    assert {m.words for m in e.mentions} == {"invited", "out of the question"}
    assert e.date is None


def test_their_summit_is_held_and_dated(summits: list[Event]) -> None:
    e = _one(summits, what="summit")
    assert (e.participants, e.place, e.date, e.precision, e.status) == (
        ["Emmanuel Macron", "Angela Merkel"],
        "Lisbon",
        "2018-06",
        "month",
        "held",
    )
    assert e.mentions[0].words == "past tense: had invited"


def test_a_threat_to_leave_a_treaty(summits: list[Event]) -> None:
    e = _one(summits, what="treaty withdrawal")
    assert (e.participants, e.status, e.topic, e.place) == (
        ["Angela Merkel", "Germany"],  # "The chancellor" is the one chancellor the article names
        "threatened",
        "Paris Agreement",
        None,  # Paris names the agreement here, not a place
    )


def test_a_summit_lends_its_place_and_date_to_the_meeting_held_at_it(summits: list[Event]) -> None:
    e = _one(summits, place="Italy")
    assert (e.what, e.date, e.precision, e.status) == ("meeting", "2019-08", "month", "planned")
    assert not [x for x in summits if x.participants == ["G7"]]  # the G7 summit is no event of its own here


def test_she_is_the_one_person_of_her_paragraph(summits: list[Event]) -> None:
    e = _one(summits, what="visit", status="held")
    assert (e.participants, e.date) == (["Angela Merkel"], "2018-10-01")


def test_no_events_from_verbs_without_parties(summits: list[Event]) -> None:
    assert len(summits) == 7
    tail = SUMMITS.index("Prices met")
    assert not [e for e in summits if any(a >= tail for a, _ in e.claims)]


def test_a_postponed_vote_keeps_its_new_date() -> None:
    text = (
        "Lisbon, March 3: Portugal's parliament postponed a vote on the budget on Tuesday. The vote had been "
        "scheduled for Wednesday, but the ruling party asked for more time. Portugal's parliament will now vote on "
        "the budget on March 12, the speaker said."
    )
    (e,) = extract_events(text, dt.date(2020, 3, 3))
    assert (e.what, e.participants, e.date, e.status, e.qualifier) == (
        "vote",
        ["Portugal"],
        "2020-03-12",
        "planned",
        "postponed",
    )
    assert len(e.claims) == 3
    assert e.mentions[0].date is None  # Tuesday is the day it was postponed, not the day of the vote


def test_a_visit_confirmed_then_cancelled() -> None:
    text = (
        "Ottawa, May 15: Canadian Prime Minister Justin Trudeau confirmed on Monday that he would visit Mexico "
        "City next week. On Wednesday his office said the visit to Mexico City had been cancelled because of a "
        "strike."
    )
    (e,) = extract_events(text, dt.date(2019, 5, 15))
    assert e.as_dict() == {
        "what": "visit",
        "participants": ["Justin Trudeau"],
        "place": "Mexico City",
        "date": "2019-05-20",
        "precision": "week",
        "status": "cancelled",
        "claims": e.claims,
    }
    assert [m.status for m in e.mentions] == ["planned", "cancelled"]


def test_the_latter_and_roles_resolve_only_to_people_the_article_names() -> None:
    text = (
        "Angela Merkel and Emmanuel Macron disagree on Russia. The latter met Vladimir Putin in Versailles in "
        "May. The Russian leader will also meet the Chinese president in Beijing on January 15, officials said."
    )
    events = extract_events(text, dt.date(2018, 12, 9))
    met = _one(events, status="held")
    assert (met.what, met.participants, met.date) == ("meeting", ["Emmanuel Macron", "Vladimir Putin"], "2018-05")
    planned = _one(events, status="planned")
    assert planned.participants == ["Vladimir Putin"]  # Xi Jinping is not named: "the Chinese president" stays
    assert planned.place == "Beijing" and planned.date == "2019-01-15"


def test_events_take_the_claims_they_are_given() -> None:
    text = "Donald Trump met Vladimir Putin in Helsinki in July. Nothing else happened."
    claims = extract_claims(text, dt.date(2018, 12, 9))
    (e,) = extract_events(text, dt.date(2018, 12, 9), claims)
    assert e.claims == [[claims[0].start, claims[0].end]]
    assert extract_events(text, dt.date(2018, 12, 9), []) == []
    assert extract_events("", None) == []


def test_as_dict_has_exactly_the_public_keys(summits: list[Event]) -> None:
    for e in summits:
        d = e.as_dict()
        assert list(d) == ["what", "participants", "place", "date", "precision", "status", "claims"]
        assert d["status"] in ("planned", "held", "cancelled", "refused", "threatened", "proposed", "unknown")
        detail = e.detail()
        assert {"topic", "qualifier", "mentions"} <= set(detail)
