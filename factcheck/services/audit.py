"""The append-only audit trail: every write leaves an event, each event hashes its predecessor."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, User, utcnow

GENESIS = "0" * 64


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def event_hash(
    prev_hash: str,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    entity: str,
    entity_id: int | None,
    data: dict[str, Any],
) -> str:
    payload = json.dumps(
        [prev_hash, at.astimezone(dt.UTC).isoformat(), actor_id, action, entity, entity_id, data],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=_canonical,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise appends so two writers never fork the chain."""
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(727274)"))
    # SQLite: the flush before this call already holds the database's write lock.


def record(
    session: Session,
    actor: User | None,
    action: str,
    entity: str,
    entity_id: int | None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event. Flushes first so the entity has its id and the write lock is held."""
    session.flush()
    _lock_chain(session)
    clean = json.loads(json.dumps(data or {}, default=_canonical))
    last = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    prev = last or GENESIS
    at = utcnow()
    actor_id = actor.id if actor is not None else None
    event = AuditEvent(
        at=at,
        actor_id=actor_id,
        action=action,
        entity=entity,
        entity_id=entity_id,
        data=clean,
        prev_hash=prev,
        hash=event_hash(prev, at, actor_id, action, entity, entity_id, clean),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainProblem:
    event_id: int
    problem: str


def verify_chain(session: Session) -> Iterator[ChainProblem]:
    """Yield every break in the chain: altered rows, deleted or reordered rows."""
    prev = GENESIS
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id).execution_options(yield_per=500)):
        if event.prev_hash != prev:
            yield ChainProblem(event.id, "previous hash does not match: a row was deleted, inserted or reordered")
        expected = event_hash(
            event.prev_hash, event.at, event.actor_id, event.action, event.entity, event.entity_id, event.data
        )
        if expected != event.hash:
            yield ChainProblem(event.id, "content does not match its hash: the row was altered")
        prev = event.hash


def history(session: Session, entity: str, entity_id: int) -> list[AuditEvent]:
    stmt = (
        select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id).order_by(AuditEvent.id)
    )
    return list(session.scalars(stmt))
