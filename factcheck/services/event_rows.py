"""Between the event engine's values (claims.events: Event, Mention) and the stored rows (models.event).

A stored mention keeps everything the engine's Mention holds that the cross-article checks read (its date with
the words and offsets, its place and where it is named, its status phrases), so the checks run again on stored
rows after a merge or a split without reading any article text.
"""

from __future__ import annotations

from factcheck.claims import events_gazetteer as gz
from factcheck.claims import events_lexicon as lx
from factcheck.claims.dates import NormalizedDate
from factcheck.claims.event_summary import qualifier_of
from factcheck.claims.events import Event as Found
from factcheck.claims.events import date_range
from factcheck.claims.events_mentions import Evidence, Mention
from factcheck.models import Event, EventMention
from factcheck.models.event import StatusPhrase


def mention_row(m: Mention, text: str) -> EventMention:
    """A new (unsaved) row for the engine's mention of an article whose text is `text`: ids are the caller's."""
    d = m.date
    return EventMention(
        claim_start=m.claim[0],
        claim_end=m.claim[1],
        quote=text[m.claim[0] : m.claim[1]],
        start=m.start,
        end=m.end,
        trigger=m.trigger[:200],
        what=m.what,
        participants=list(m.participants),
        place=m.place,
        place_start=m.place_at[0] if m.place_at else None,
        place_end=m.place_at[1] if m.place_at else None,
        date=d.value if d else None,
        precision=d.precision if d else None,
        date_words=d.text[:200] if d else None,
        date_start=d.start if d else None,
        date_end=d.end if d else None,
        date_basis=d.basis[:200] if d else "",
        status=m.status,
        words=m.words[:300],
        phrases=[_phrase(e) for e in m.evidence],
        qualifier=m.qualifier,
        topic=m.topic,
        manual=False,
    )


def _phrase(e: Evidence) -> StatusPhrase:
    return {"status": e.status, "qualifier": e.qualifier, "words": e.words, "start": e.start, "end": e.end}


def mention_of(row: EventMention) -> Mention:
    """The engine's mention a stored row holds (offsets in the row's revision text)."""
    date = None
    if row.date and row.precision and row.date_start is not None and row.date_end is not None:
        date = NormalizedDate(row.date_words or "", row.date_start, row.date_end, row.date, row.precision,
                              row.date_basis)  # fmt: skip
    place_at = None if row.place_start is None or row.place_end is None else (row.place_start, row.place_end)
    return Mention(
        claim=(row.claim_start, row.claim_end),
        start=row.start,
        end=row.end,
        trigger=row.trigger,
        what=row.what,
        participants=tuple(row.participants or ()),
        place=row.place,
        date=date,
        status=row.status,
        words=row.words,
        evidence=tuple(Evidence(p["status"], p["qualifier"], p["words"], p["start"], p["end"]) for p in row.phrases),
        qualifier=row.qualifier,
        topic=row.topic,
        place_at=place_at,
    )


def found_of(event: Event) -> Found:
    """A stored event as the engine's Event (no mentions), for `same_event`."""
    return Found(
        what=event.what,
        participants=list(event.participants or ()),
        place=event.place,
        date=event.date,
        precision=event.precision,
        status=event.status,
        topic=event.topic,
    )


WHO, WHERE, WHAT = "#who#", "#where#", "#what#"  # the sections of Event.search, in this order


def search_key(what: str, participants: list[str], place: str | None, topic: str | None) -> str:
    """`#who#|party|...|#where#|place|country|#what#|kind|group|topic|` in lower case: the timeline's filters look
    for a name between two section marks (services/timeline.py), for words anywhere."""
    where: list[str | None] = [place, gz.country_of(place)]
    kinds: list[str | None] = [what, lx.KIND_GROUPS.get(what, what), topic]
    sections: list[tuple[str, list[str | None]]] = [(WHO, list(participants)), (WHERE, where), (WHAT, kinds)]
    return "".join(f"{mark}|" + "".join(f"{p}|" for p in dict.fromkeys(x.lower() for x in parts if x))
                   for mark, parts in sections)  # fmt: skip


def apply_summary(event: Event, found: Found) -> None:
    """Write the summary of an event's mentions onto its row (only the fields that changed)."""
    span = date_range(found.date, found.precision)
    values = {
        "what": found.what or event.what,
        "kind_group": lx.KIND_GROUPS.get(found.what, found.what) or event.kind_group,
        "participants": list(found.participants),
        "place": found.place,
        "date": found.date,
        "precision": found.precision,
        "date_from": span[0] if span else None,
        "date_to": span[1] if span else None,
        "status": found.status,
        "qualifier": qualifier_of(found),
        "topic": found.topic,
        "search": search_key(found.what or event.what, list(found.participants), found.place, found.topic),
    }
    for name, value in values.items():
        if getattr(event, name) != value:
            setattr(event, name, value)


def new_event(found: Found) -> Event:
    event = Event(what=found.what, kind_group=lx.KIND_GROUPS.get(found.what, found.what), participants=[])
    apply_summary(event, found)
    return event
