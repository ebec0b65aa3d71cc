"""The timeline frozen into a published version: the article's events that its checked claims (an approved
verdict) speak of, each as those claims give it. Never the engine's guesses from unchecked claims, and never what
other articles say: later articles change the workbench timeline, not a published one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.claims.event_summary import qualifier_of, summarize
from factcheck.claims.events import date_range
from factcheck.models import EventMention
from factcheck.models.snapshot import SnapshotEvent, SnapshotEventClaim
from factcheck.services.event_rows import mention_of


def snapshot_timeline(session: Session, article_id: int, checked: Collection[int]) -> list[SnapshotEvent]:
    """The events of the article's checked claims (ids in `checked`), in date order, undated last (one
    statement)."""
    if not checked:
        return []
    rows = session.scalars(
        select(EventMention)
        .where(EventMention.article_id == article_id, EventMention.claim_id.in_(sorted(checked)))
        .order_by(EventMention.start, EventMention.id)
    )
    by_event: dict[int, list[EventMention]] = defaultdict(list)
    for row in rows:
        by_event[row.event_id].append(row)
    out: list[SnapshotEvent] = []
    for event_id, mentions in by_event.items():
        found = summarize([mention_of(m) for m in mentions])
        if not found.what:
            continue  # only words that point at an event ("the snub"): nothing to show on their own
        claims: dict[int, tuple[int, SnapshotEventClaim]] = {}
        for m in sorted(mentions, key=lambda m: m.what is None):  # a claim's own event words over its pointers
            claim_id = m.claim_id or 0
            if claim_id not in claims:
                quoted = m.words if any(p["words"] == m.words for p in m.phrases) else ""  # not "past tense: met"
                claims[claim_id] = (m.claim_start, {"id": claim_id, "status": m.status, "words": quoted,
                                                    "date": m.date, "place": m.place})  # fmt: skip
        out.append(
            {
                "id": event_id,
                "what": found.what,
                "participants": list(found.participants),
                "place": found.place,
                "date": found.date,
                "precision": found.precision,
                "status": found.status,
                "qualifier": qualifier_of(found),
                "claims": [c for _, c in sorted(claims.values(), key=lambda pair: pair[0])],
            }
        )
    out.sort(key=_when)
    return out


def _when(event: SnapshotEvent) -> tuple[bool, str, int]:
    span = date_range(event["date"], event["precision"])
    return span is None, span[0].isoformat() if span else "", event["id"]
