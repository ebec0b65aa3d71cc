"""The append-only audit trail: every write leaves an event, each event hashes its predecessor.

Events are recorded during a transaction and chained when it commits (:func:`append_pending`), under a lock
that serialises appends on both databases. Verification, forks, reseals and anchors: ``audit_verify``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from factcheck import database
from factcheck.models import AuditEvent, User, utcnow
from factcheck.models.snapshot import AuditHead

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


PENDING = "audit_pending"  # session.info key: events recorded in this transaction, not chained yet
# Called with each event as it is recorded, in its transaction: the domain events others react to (webhooks,
# services/webhook_events.py). An observer may add rows; it must not record audit events itself.
Observer = Callable[[Session, AuditEvent, User | None], None]
OBSERVERS: list[Observer] = []


def observe(observer: Observer) -> None:
    if observer not in OBSERVERS:
        OBSERVERS.append(observer)


def record(
    session: Session,
    actor: User | None,
    action: str,
    entity: str,
    entity_id: int | None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one event of this transaction. It joins the chain when the transaction commits (or when this
    session next reads audit events), in the order recorded: see :func:`append_pending`."""
    session.connection()  # a transaction is open, so its commit appends the event
    clean = json.loads(json.dumps(data or {}, default=_canonical))
    item = AuditEvent(
        at=utcnow(),
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity=entity,
        entity_id=entity_id,
        data=clean,
        prev_hash="",
        hash="",
    )
    session.info.setdefault(PENDING, []).append(item)
    for observer in OBSERVERS:
        observer(session, item, actor)
    return item


def _lock_chain(session: Session) -> None:
    """Serialise appends, so two writers never read the same last hash (which forks the chain)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(727274)"))
    else:
        database.begin_write(session)  # SQLite: the write lock, before the last hash is read


def append_pending(session: Session) -> None:
    """Chain and insert the events this transaction recorded.

    Runs just before the commit, after every other change of the transaction is flushed, so the chain lock is
    the last lock a transaction takes and is held only for this insert and the commit right after it: no
    transaction ever waits for a row while holding it, so it is never part of a deadlock.
    """
    events: list[AuditEvent] = session.info.pop(PENDING, None) or []
    if not events:
        return
    session.flush()  # the transaction's own rows (and their row locks) first
    _lock_chain(session)
    prev = session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS
    for item in events:
        item.prev_hash = prev
        item.hash = event_hash(prev, item.at, item.actor_id, item.action, item.entity, item.entity_id, item.data)
        prev = item.hash
    session.add_all(events)
    session.flush()


def _before_commit(session: Session) -> None:
    append_pending(session)


def _before_reading_events(state: ORMExecuteState) -> None:
    """A transaction that reads the audit trail sees its own events, as autoflush shows it its own rows."""
    pending = state.is_select and state.session.info.get(PENDING)
    if pending and any(mapper.class_ is AuditEvent for mapper in state.all_mappers):
        append_pending(state.session)


def _forget_pending(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # a rollback (after a commit the list is already empty)
        session.info.pop(PENDING, None)


def install() -> None:
    """Append recorded events at commit; drop them when the transaction ends without one."""
    for name, listener in (
        ("before_commit", _before_commit),
        ("do_orm_execute", _before_reading_events),
        ("after_transaction_end", _forget_pending),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)


install()


def history(session: Session, entity: str, entity_id: int) -> list[AuditEvent]:
    stmt = (
        select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id).order_by(AuditEvent.id)
    )
    return list(session.scalars(stmt))


def head(session: Session) -> AuditHead | None:
    """The newest committed event as an anchor: {"id", "hash"} (None for an empty trail)."""
    row = session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    return None if row is None else {"id": int(row[0]), "hash": str(row[1])}
