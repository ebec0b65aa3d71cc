"""The audit trail is hash-chained; verification finds altered, deleted and reordered rows."""

from __future__ import annotations

import itertools

from flask.testing import FlaskCliRunner
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent
from factcheck.services import audit, audit_verify


def _chain(db: Session, n: int = 5) -> list[AuditEvent]:
    events = [audit.record(db, None, "test.event", "thing", i, {"i": i, "text": "é ✓"}) for i in range(n)]
    db.commit()
    return events


def test_events_link_to_their_predecessor(db: Session) -> None:
    events = _chain(db)
    assert events[0].prev_hash == audit.GENESIS
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    assert list(audit_verify.verify_chain(db)) == []


def test_altered_row_is_detected(db: Session) -> None:
    events = _chain(db)
    db.execute(update(AuditEvent).where(AuditEvent.id == events[2].id).values(data={"i": 99}))
    db.commit()
    problems = list(audit_verify.verify_chain(db))
    assert [(p.event_id, "altered" in p.problem) for p in problems] == [(events[2].id, True)]


def test_deleted_row_is_detected(db: Session) -> None:
    events = _chain(db)
    db.execute(delete(AuditEvent).where(AuditEvent.id == events[1].id))
    db.commit()
    problems = list(audit_verify.verify_chain(db))
    assert problems and problems[0].event_id == events[2].id and "deleted" in problems[0].problem


def test_reordered_rows_are_detected(db: Session) -> None:
    events = _chain(db, 3)
    a, b = events[0], events[1]
    fields = ("at", "actor_id", "action", "entity", "entity_id", "data", "prev_hash", "hash")
    va = {f: getattr(a, f) for f in fields}
    vb = {f: getattr(b, f) for f in fields}
    db.execute(update(AuditEvent).where(AuditEvent.id == a.id).values(hash="x" * 64))
    db.execute(update(AuditEvent).where(AuditEvent.id == b.id).values(**va))
    db.execute(update(AuditEvent).where(AuditEvent.id == a.id).values(**vb))
    db.commit()
    assert list(audit_verify.verify_chain(db))


def test_cli_verify(runner: FlaskCliRunner, db: Session) -> None:
    events = _chain(db)
    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0 and "intact" in ok.output
    db.execute(update(AuditEvent).where(AuditEvent.id == events[0].id).values(action="forged"))
    db.commit()
    bad = runner.invoke(args=["audit", "verify"])
    assert bad.exit_code == 1 and f"event {events[0].id}" in bad.output


def test_history_of_an_entity(db: Session) -> None:
    _chain(db)
    assert [e.entity_id for e in audit.history(db, "thing", 3)] == [3]
    assert db.scalar(select(AuditEvent.action)) == "test.event"
