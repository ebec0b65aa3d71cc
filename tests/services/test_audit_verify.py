"""Verification of the audit chain (services/audit_verify.py, `flask audit verify` / `reseal`): forks reported
precisely and accepted by a reseal event without rewriting anything; truncation found through the chain heads
that publications record."""

from __future__ import annotations

import datetime as dt

from flask.testing import FlaskCliRunner
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Publication
from factcheck.services import audit, audit_verify, demo


def _events(db: Session, n: int) -> list[AuditEvent]:
    events = [audit.record(db, None, "test.event", "thing", i, {"i": i}) for i in range(n)]
    db.commit()
    return events


def _fork_after(db: Session, predecessor: AuditEvent) -> int:
    """Insert an event whose predecessor is `predecessor` although newer events exist: what two writers reading
    the same last hash produced. Its own hash is right: only its place in the chain is wrong."""
    at = dt.datetime.now(dt.UTC)
    digest = audit.event_hash(predecessor.hash, at, None, "auth.login_failed", "user", None, {})
    row = {
        "at": at,
        "actor_id": None,
        "action": "auth.login_failed",
        "entity": "user",
        "entity_id": None,
        "data": {},
        "prev_hash": predecessor.hash,
        "hash": digest,
    }
    ident = db.execute(insert(AuditEvent).values(row).returning(AuditEvent.id)).scalar_one()
    db.commit()
    return int(ident)


def test_a_fork_is_reported_with_its_events_and_shared_predecessor(db: Session) -> None:
    e = _events(db, 3)
    forked = _fork_after(db, e[1])  # e[2] and the forked event both follow e[1]
    after = _events(db, 1)
    problems = list(audit_verify.verify_chain(db))
    assert [(p.event_id, p.kind) for p in problems] == [(forked, "fork")]
    problem = problems[0]
    assert (
        f"records event {e[1].id}" in problem.problem and f"the event before it is event {e[2].id}" in problem.problem
    )
    assert f"event {e[2].id} records the same predecessor" in problem.problem
    assert problem.detail["predecessor"] == e[1].id and problem.detail["shared_with"] == e[2].id
    assert after[0].prev_hash == db.scalar(select(AuditEvent.hash).where(AuditEvent.id == forked))
    db.rollback()


def test_reseal_accepts_the_fork_and_rewrites_nothing(db: Session, runner: FlaskCliRunner) -> None:
    e = _events(db, 3)
    forked = _fork_after(db, e[1])
    _events(db, 2)
    before = [tuple(r) for r in db.execute(select(AuditEvent.id, AuditEvent.prev_hash, AuditEvent.hash))]
    db.rollback()

    bad = runner.invoke(args=["audit", "verify"])
    assert bad.exit_code == 1 and f"event {forked}: fork: records event {e[1].id}" in bad.output

    resealed = runner.invoke(args=["audit", "reseal", "--accept-fork", str(forked), "--reason", "known race, 2026"])
    assert resealed.exit_code == 0, resealed.output
    after = [tuple(r) for r in db.execute(select(AuditEvent.id, AuditEvent.prev_hash, AuditEvent.hash))]
    assert after[: len(before)] == before and len(after) == len(before) + 1  # one event more, nothing changed
    reseal = db.scalar(select(AuditEvent).where(AuditEvent.action == audit_verify.RESEAL))
    assert reseal is not None and reseal.data["accepted"][0]["event"] == forked
    db.rollback()

    ok = runner.invoke(args=["audit", "verify"])
    assert ok.exit_code == 0, ok.output
    assert f"event {forked}: fork" in ok.output and f"accepted by reseal event {reseal.id}" in ok.output
    assert "The audit chain is intact" in ok.output and "1 fork(s) accepted" in ok.output

    _events(db, 2)  # the chain goes on from the reseal
    assert list(audit_verify.verify_chain(db)) == []
    db.execute(update(AuditEvent).where(AuditEvent.id == forked).values(action="forged"))
    db.commit()
    assert [p.kind for p in audit_verify.verify_chain(db)] == ["altered"]  # an accepted fork is still sealed
    db.rollback()


def test_reseal_refuses_what_is_not_a_reported_fork(db: Session, runner: FlaskCliRunner) -> None:
    e = _events(db, 4)
    none = runner.invoke(args=["audit", "reseal", "--all-forks", "--reason", "nothing to accept"])
    assert none.exit_code == 1 and "Not a reported fork" in none.output
    forked = _fork_after(db, e[1])
    wrong = runner.invoke(args=["audit", "reseal", "--accept-fork", str(e[3].id), "--reason", "r"])
    assert wrong.exit_code == 1 and f"forks: {forked}" in wrong.output
    db.execute(delete(AuditEvent).where(AuditEvent.id == e[2].id))  # a deleted row is not a fork
    db.commit()
    other = runner.invoke(args=["audit", "reseal", "--all-forks", "--reason", "r"])
    assert other.exit_code == 1 and "forks only" in other.output
    assert db.scalar(select(AuditEvent.id).where(AuditEvent.action == audit_verify.RESEAL)) is None


def test_publications_record_the_chain_head(db: Session) -> None:
    demo.load_demo(db)
    db.commit()
    publication = db.scalars(select(Publication).order_by(Publication.id.desc())).first()
    assert publication is not None
    anchor = publication.snapshot[audit_verify.ANCHOR_KEY]
    event = db.get(AuditEvent, anchor["id"])
    assert event is not None and event.hash == anchor["hash"]
    assert event.at <= publication.published_at
    db.rollback()


def test_deleting_the_newest_events_is_reported_as_truncation(db: Session, runner: FlaskCliRunner) -> None:
    demo.load_demo(db)
    db.commit()
    snapshot = db.scalars(select(Publication.snapshot).order_by(Publication.id.desc())).first()
    assert snapshot is not None
    anchored = snapshot[audit_verify.ANCHOR_KEY]["id"]
    assert list(audit_verify.verify_chain(db)) == []
    db.execute(delete(AuditEvent).where(AuditEvent.id >= anchored))  # the chain stays linked: only its end is cut
    db.commit()
    problems = list(audit_verify.verify_chain(db))
    assert [p.kind for p in problems] == ["truncated"]
    assert f"recorded event {anchored} as the chain head, but the newest event is {anchored - 1}" in problems[0].problem
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "truncated" in result.output


def test_an_anchor_whose_event_was_replaced_is_reported(db: Session) -> None:
    demo.load_demo(db)
    db.commit()
    snapshot = db.scalars(select(Publication.snapshot).order_by(Publication.id.desc())).first()
    assert snapshot is not None
    anchored = snapshot[audit_verify.ANCHOR_KEY]["id"]
    db.execute(delete(AuditEvent).where(AuditEvent.id >= anchored))
    db.commit()
    _events(db, 3)  # new events take the place of the cut ones (new ids on SQLite, maybe the same on neither)
    kinds = {p.kind for p in audit_verify.verify_chain(db)}
    assert kinds & {"truncated", "rewritten"}
    db.rollback()
