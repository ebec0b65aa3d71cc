"""schema.org `Event` JSON-LD for the events of a published timeline (pure functions over snapshot dicts).

    event_json_ld(event, *, url, claim_urls) -> dict
    timeline_json_ld(items) -> dict          # {"@context": "https://schema.org", "@graph": [...]}
    start_date(value, precision) -> str | None

`event` is one entry of `snapshot["timeline"]` (models/snapshot.py: SnapshotEvent). `startDate` keeps the
precision the article gives: `2018-11-11`, `2018-11`, `2018`, or an ISO 8601 week (`2018-W45`). `eventStatus`
follows claims/event_links.schema_event_status (EventScheduled, EventCancelled, EventPostponed, ...) and is left
out where no schema.org status fits (a visit refused, a meeting only proposed or threatened). Participants are
`attendee`s: a Country, an Organization or a Person by the gazetteer; the pages of the checked claims (each with
its own ClaimReview: one per page) are `subjectOf`, by reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from factcheck.claims import events_gazetteer as gz
from factcheck.claims.event_links import schema_event_status
from factcheck.models.snapshot import SnapshotEvent

SCHEMA_CONTEXT = "https://schema.org"


def start_date(value: str | None, precision: str | None) -> str | None:
    """An event's date in ISO 8601 at its precision; a week is written as its ISO week."""
    if not value:
        return None
    if precision == "week" and len(value) == 10:
        year, week, _ = dt.date.fromisoformat(value).isocalendar()
        return f"{year}-W{week:02d}"
    return value


def event_name(event: SnapshotEvent) -> str:
    """ "Meeting: Donald Trump and Vladimir Putin", "Visit: Vladimir Putin", "Summit"."""
    what = event["what"][:1].upper() + event["what"][1:]
    parties = event["participants"]
    if not parties:
        return what
    named = parties[0] if len(parties) == 1 else ", ".join(parties[:-1]) + " and " + parties[-1]
    return f"{what}: {named}"


def _attendee(name: str) -> dict[str, str]:
    kind = "Country" if name in gz.COUNTRIES else "Organization" if name in gz.ORGANISATIONS else "Person"
    return {"@type": kind, "name": name}


def event_json_ld(event: SnapshotEvent, *, url: str, claim_urls: Sequence[str]) -> dict[str, Any]:
    doc: dict[str, Any] = {"@type": "Event", "@id": url, "name": event_name(event)}
    start = start_date(event["date"], event["precision"])
    if start:
        doc["startDate"] = start
    status = schema_event_status(event["status"], event["qualifier"])
    if status:
        doc["eventStatus"] = status
    if event["place"]:
        place: dict[str, Any] = {"@type": "Place", "name": event["place"]}
        country = gz.country_of(event["place"])
        if country and country != event["place"]:
            place["address"] = {"@type": "PostalAddress", "addressCountry": country}
        doc["location"] = place
    if event["participants"]:
        doc["attendee"] = [_attendee(p) for p in event["participants"]]
    if claim_urls:
        doc["subjectOf"] = [{"@id": u} for u in claim_urls]  # the claims' pages (each holds its ClaimReview)
    return doc


def timeline_json_ld(items: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"@context": SCHEMA_CONTEXT, "@graph": list(items)}
