"""schema.org Event JSON-LD for a published timeline (exports/events.py) and the event date filters."""

from __future__ import annotations

from factcheck.exports import json_ld_for_html
from factcheck.exports.events import event_json_ld, event_name, start_date, timeline_json_ld
from factcheck.models.snapshot import SnapshotEvent
from factcheck.views.template_filters import event_date, event_iso


def _event(**given: object) -> SnapshotEvent:
    base: SnapshotEvent = {"id": 7, "what": "meeting", "participants": ["Donald Trump", "Vladimir Putin"],
                           "place": "Paris", "date": "2018-11-11", "precision": "day", "status": "cancelled",
                           "qualifier": None, "claims": [{"id": 3, "status": "cancelled", "words": "called off",
                                                          "date": "2018-11-11", "place": "Paris"}]}  # fmt: skip
    return {**base, **given}  # type: ignore[typeddict-item]


def test_an_event_in_schema_org_terms() -> None:
    doc = event_json_ld(_event(), url="https://checks.example.org/a/x/v/1#event-7",
                        claim_urls=["https://checks.example.org/claims/3"])  # fmt: skip
    assert doc == {
        "@type": "Event",
        "@id": "https://checks.example.org/a/x/v/1#event-7",
        "name": "Meeting: Donald Trump and Vladimir Putin",
        "startDate": "2018-11-11",
        "eventStatus": "https://schema.org/EventCancelled",
        "location": {"@type": "Place", "name": "Paris",
                     "address": {"@type": "PostalAddress", "addressCountry": "France"}},
        "attendee": [{"@type": "Person", "name": "Donald Trump"}, {"@type": "Person", "name": "Vladimir Putin"}],
        "subjectOf": [{"@id": "https://checks.example.org/claims/3"}],
    }  # fmt: skip
    refused = event_json_ld(_event(what="visit", status="refused", place=None, date=None, precision=None,
                                   participants=["Russia", "NATO"]), url="u", claim_urls=[])  # fmt: skip
    assert "eventStatus" not in refused and "startDate" not in refused and "location" not in refused
    assert refused["attendee"] == [{"@type": "Country", "name": "Russia"}, {"@type": "Organization", "name": "NATO"}]
    assert "subjectOf" not in refused and refused["name"] == "Visit: Russia and NATO"
    assert event_name(_event(what="summit", participants=[])) == "Summit"
    assert event_name(_event(participants=["A B", "C D", "E F"])) == "Meeting: A B, C D and E F"
    moved = event_json_ld(_event(status="planned", qualifier="postponed"), url="u", claim_urls=[])
    assert moved["eventStatus"] == "https://schema.org/EventPostponed"
    doc = timeline_json_ld([moved])
    assert doc["@context"] == "https://schema.org" and doc["@graph"] == [moved]
    assert "</script>" not in json_ld_for_html(timeline_json_ld([_event(what="</script><b>")]))  # type: ignore[list-item]


def test_dates_at_their_precision() -> None:
    assert [start_date(v, p) for v, p in [("2018-11-11", "day"), ("2018-11", "month"), ("2018", "year"),
                                          ("2018-11-05", "week"), (None, None)]] == [
        "2018-11-11", "2018-11", "2018", "2018-W45", None,
    ]  # fmt: skip
    assert event_date("2018-11-05", "week") == "week of 2018-11-05" and event_date(None) == "date unknown"
    assert event_date("2018-11", "month") == "2018-11" and event_iso("2018-11-05", "week") == "2018-W45"
    assert event_iso(None) == ""
