"""Events across articles: the same event, clusters, contradictions, schema.org statuses (own texts)."""

from __future__ import annotations

import datetime as dt

from factcheck.claims.event_links import cluster, contradictions, same_event, schema_event_status
from factcheck.claims.events import Event, extract_events

# Two wire stories of two days about one meeting, which disagree on its date.
FIRST = "Paris, Nov 1: Donald Trump and Vladimir Putin are scheduled to meet in Paris on November 11, the Kremlin said."
SECOND = (
    "MOSCOW (Reuters) - Russian President Vladimir Putin will meet U.S. President Donald Trump in Paris on "
    "November 12, a Kremlin aide said on Friday."
)
# Later: one says the two met, another that the meeting was called off, a third puts it in Vienna.
MET = "Paris, Nov 12: Donald Trump and Vladimir Putin met in Paris on November 12 over a working lunch."
CALLED_OFF = "Donald Trump called off his meeting with Vladimir Putin in Paris on Saturday, the White House said."
VIENNA = "Donald Trump and Vladimir Putin will meet in Vienna on November 12, Austrian officials said."
UNRELATED = "Angela Merkel met Emmanuel Macron in Paris on November 12 to discuss the euro."
DAYS = {
    "first": dt.date(2018, 11, 1),
    "second": dt.date(2018, 11, 2),
    "met": dt.date(2018, 11, 12),
    "off": dt.date(2018, 11, 10),
    "vienna": dt.date(2018, 11, 3),
    "other": dt.date(2018, 11, 12),
}
TEXTS = {"first": FIRST, "second": SECOND, "met": MET, "off": CALLED_OFF, "vienna": VIENNA, "other": UNRELATED}


def _events(key: str) -> list[Event]:
    return extract_events(TEXTS[key], DAYS[key])


def _only(key: str) -> Event:
    (e,) = _events(key)
    return e


def test_the_same_meeting_across_articles_despite_a_day_apart() -> None:
    first, second = _only("first"), _only("second")
    assert (first.date, second.date) == ("2018-11-11", "2018-11-12")
    assert same_event(first, second)
    assert not same_event(first, _only("other"))  # Merkel and Macron, same day and city: another meeting
    far = Event("meeting", ["Donald Trump", "Vladimir Putin"], "Paris", "2019-06-28", "day", "planned")
    assert not same_event(first, far)  # months apart
    helsinki = Event("summit", ["Donald Trump", "Vladimir Putin"], "Helsinki", "2018-11", "month", "held")
    assert not same_event(first, helsinki)  # another city in another country
    month = Event("talks", ["Vladimir Putin", "Donald Trump"], "France", "2018-11", "month", "planned")
    assert same_event(first, month)  # Paris is in France, November 11 in November


def test_clusters_join_articles_never_events_of_one_article() -> None:
    keyed = [(k, e) for k in ("first", "second", "other", "met") for e in _events(k)]
    groups = cluster(keyed)
    assert sorted(sorted(k for k, _ in g) for g in groups) == [["first", "met", "second"], ["other"]]
    twins = [("a", _only("first")), ("a", _only("second"))]
    assert len(cluster(twins)) == 2


def test_a_date_disagreement_names_both_mentions() -> None:
    keyed = [("first", _only("first")), ("second", _only("second"))]
    (finding,) = contradictions(keyed, DAYS)
    assert finding.kind == "date"
    assert finding.detail == "2018-11-11 vs 2018-11-12"
    a, b = finding.a, finding.b
    assert (a.article, a.words, a.value) == ("first", "November 11", "2018-11-11")
    assert (b.article, b.words, b.value) == ("second", "November 12", "2018-11-12")
    assert FIRST[a.start : a.end] == "November 11" and SECOND[b.start : b.end] == "November 12"
    assert FIRST[a.claim[0] : a.claim[1]].startswith("Donald Trump and Vladimir Putin")
    assert finding.as_dict()["a"] == a.as_dict()


def test_a_place_and_a_status_disagreement() -> None:
    keyed = [("met", _only("met")), ("off", _only("off")), ("vienna", _only("vienna"))]
    found = {(f.kind, f.a.article, f.b.article): f for f in contradictions(keyed, DAYS)}
    status = found[("status", "met", "off")]
    assert (status.a.value, status.b.value) == ("held", "cancelled")
    assert (status.a.words, status.b.words) == ("met", "called off")
    assert CALLED_OFF[status.b.start : status.b.end] == "called off"
    place = found[("place", "met", "vienna")]
    assert (place.a.words, place.b.words) == ("Paris", "Vienna")
    assert VIENNA[place.b.start : place.b.end] == "Vienna"
    assert ("date", "met", "vienna") not in found  # both say November 12


def test_inside_one_article_held_and_still_to_come_cannot_both_hold() -> None:
    text = (
        "Vienna, June 10: The summit between Austria and Hungary will take place in Vienna on 3 June 2019, "
        "organisers announced. The summit was held in Vienna on 3 June 2019 and ended without a deal."
    )
    (e,) = extract_events(text, dt.date(2019, 6, 10))
    (finding,) = contradictions([(0, e)], {0: dt.date(2019, 6, 10)})
    assert finding.kind == "status_in_article"
    assert {finding.a.value, finding.b.value} == {"held", "planned"}
    assert {finding.a.words, finding.b.words} == {"held", "will take place"}
    # the same words before the date: a plan, then the event, with nothing to flag
    assert contradictions([(0, e)], {0: dt.date(2019, 5, 1)}) == []
    called_off = (
        "The summit between Austria and Hungary was held in Vienna on 3 June 2019. Austria called off the summit "
        "with Hungary in Vienna on 3 June 2019."
    )
    (e,) = extract_events(called_off, dt.date(2019, 6, 10))
    assert [f.kind for f in contradictions([(0, e)])] == ["status_in_article"]


def test_schema_org_event_status() -> None:
    assert schema_event_status("planned") == "https://schema.org/EventScheduled"
    assert schema_event_status("held") == "https://schema.org/EventScheduled"
    assert schema_event_status("cancelled") == "https://schema.org/EventCancelled"
    assert schema_event_status("planned", "postponed") == "https://schema.org/EventPostponed"
    assert schema_event_status("planned", "rescheduled") == "https://schema.org/EventRescheduled"
    assert schema_event_status("held", "online") == "https://schema.org/EventMovedOnline"
    for status in ("refused", "proposed", "threatened", "unknown"):
        assert schema_event_status(status) is None
    assert schema_event_status("cancelled", "postponed") == "https://schema.org/EventCancelled"


def test_a_status_read_off_the_tense_is_shown_by_its_event_word() -> None:
    text = (
        "The summit between Austria and Hungary in Vienna ended on 3 June 2019. Austria called off the summit "
        "with Hungary in Vienna on 3 June 2019."
    )
    (e,) = extract_events(text, dt.date(2019, 6, 10))
    (finding,) = contradictions([(0, e)])
    held = finding.a if finding.a.value == "held" else finding.b
    assert held.words == "summit" == text[held.start : held.end]
    assert e.mentions[0].words == "past tense: ended"
