"""A reviewer's corrections to the events the engine linked: split a mention off into an event of its own, or
merge two events into one. The mentions moved are marked as placed by hand, so a re-import of their article puts
them back where the reviewer put them. Both events are summed up again; the audit trail keeps what each was.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.claims import events_lexicon as lx
from factcheck.models import Event, EventMention, User
from factcheck.services import audit
from factcheck.services.errors import ValidationError
from factcheck.services.events import refresh


def _described(event: Event) -> dict[str, object]:
    return {"what": event.what, "participants": list(event.participants), "place": event.place,
            "date": event.date, "status": event.status}  # fmt: skip


def split_mention(session: Session, actor: User, mention: EventMention) -> Event:
    """Move one mention out of its event into a new event of its own."""
    old = mention.event
    others = session.scalar(
        select(EventMention.id).where(EventMention.event_id == old.id, EventMention.id != mention.id).limit(1)
    )
    if others is None:
        raise ValidationError("This is the event's only mention: there is nothing to split it from.")
    was, what = _described(old), mention.what or old.what
    new = Event(what=what, kind_group=lx.KIND_GROUPS.get(what, what), participants=[])
    session.add(new)
    session.flush()
    mention.event_id, mention.manual = new.id, True
    session.flush()
    refresh(session, [old.id, new.id])
    audit.record(session, actor, "event.split", "event", new.id,
                 {"from": old.id, "mention": mention.id, "article": mention.article_id, "claim": mention.claim_id,
                  "words": mention.trigger, "was": was})  # fmt: skip
    return new


def merge_events(session: Session, actor: User, keep: Event, other: Event) -> Event:
    """Move every mention of `other` into `keep`; `other` goes (the audit trail keeps what it was)."""
    if keep.id == other.id:
        raise ValidationError("Pick two different events to merge.", fields={"events": "same"})
    moved = list(session.scalars(select(EventMention.id).where(EventMention.event_id == other.id)))
    was = _described(other)
    session.execute(
        update(EventMention)
        .where(EventMention.event_id == other.id)
        .values(event_id=keep.id, manual=True)
        .execution_options(synchronize_session="fetch")
    )
    session.flush()
    refresh(session, [keep.id, other.id])
    audit.record(session, actor, "event.merge", "event", keep.id,
                 {"merged": other.id, "mentions": moved, "was": was, "into": _described(keep)})  # fmt: skip
    return keep
