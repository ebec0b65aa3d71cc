"""Triage: the engine suggests claims, a reviewer accepts or dismisses them (one at a time or in bulk); only
accepted claims reach readers, checked ones with their verdict, the others counted or shown as being checked."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim
from factcheck.services import claims, publishing, queue, reading, snapshots, verdicts
from factcheck.services.errors import ValidationError
from tests.support import builders, people

TEXT = (
    "41 ferries sailed from the harbour in May.\n\n"
    "Ticket prices would fall by a fifth next year.\n\n"
    "The mayor opened the new quay on a sunny morning.\n\n"
    "Passenger numbers doubled since 2019."
)


def _article(db: Session) -> tuple[list[Claim], Claim]:
    """An article with three of the engine's suggestions and one claim checked and approved."""
    reviewer, editor = people.make_user(db), people.make_user(db, "editor")
    article = builders.make_article(db, TEXT, extract=False)
    checked = builders.make_claim(db, article, "41 ferries sailed", status="approved", actor=reviewer, approver=editor)
    suggested = [
        builders.make_claim(db, article, quote, actor=reviewer, triage="suggested")
        for quote in ("Ticket prices would fall by a fifth", "The mayor opened the new quay", "Passenger numbers")
    ]
    return suggested, checked


def test_claims_start_suggested_by_the_engine_and_accepted_when_marked_by_hand(db: Session) -> None:
    article = builders.make_article(db, TEXT)  # the claim engine's claims
    engine = builders.claims_of(db, article)
    assert engine and {c.triage for c in engine} == {"suggested"}
    marked = builders.make_claim(db, article, "41 ferries sailed")
    assert marked.triage == "accepted"


def test_accept_dismiss_restore_keep_the_workflow_status_and_leave_audit_events(db: Session) -> None:
    reviewer = people.make_user(db)
    (first, second, _third), _checked = _article(db)
    claims.accept(db, reviewer, first, first.version)
    assert (first.triage, first.status) == ("accepted", "new")
    with pytest.raises(ValidationError, match="already accepted"):
        claims.accept(db, reviewer, first, first.version)
    claims.dismiss(db, reviewer, second, second.version, reason="opinion")
    assert (second.triage, second.status) == ("dismissed", "new")
    with pytest.raises(ValidationError, match="dismissed claim"):
        verdicts.draft(db, reviewer, second, rating_id=builders.rating(db, "True").id, summary="s", rationale="")
    claims.restore(db, reviewer, second, second.version)
    assert second.triage == "suggested"
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.entity_id.in_([first.id, second.id]))).all()
    assert {"claim.accept", "claim.dismiss", "claim.restore"} <= set(actions)


def test_drafting_a_verdict_accepts_the_claim(db: Session) -> None:
    reviewer = people.make_user(db)
    (first, _second, _third), _checked = _article(db)
    verdicts.draft(db, reviewer, first, rating_id=builders.rating(db, "True").id, summary="Ferries", rationale="")
    assert first.triage == "accepted"


def test_bulk_triage_is_all_or_nothing(db: Session) -> None:
    reviewer = people.make_user(db)
    suggested, checked = _article(db)
    shown = {c.id: c.version for c in suggested}
    done = queue.bulk_update(db, reviewer, shown, "accept")
    assert [c.triage for c in done] == ["accepted"] * 3
    db.commit()
    # An approved claim cannot be dismissed: nothing of the bulk dismissal is applied.
    ticked = {c.id: c.version for c in [*suggested, checked]}
    with pytest.raises(ValidationError, match="cannot be dismissed"):
        queue.bulk_update(db, reviewer, ticked, "dismiss")
    db.rollback()
    assert {c.triage for c in queue.claims_by_ids(db, list(shown))} == {"accepted"}
    filtered = queue.queue(db, queue.QueueFilters(triage="accepted"))
    assert {c.id for c in filtered.claims} == {*shown, checked.id}


def test_readers_see_checked_claims_count_accepted_ones_and_never_suggestions(db: Session) -> None:
    reviewer, editor = people.make_user(db), people.make_user(db, "editor")
    (first, second, _third), checked = _article(db)
    claims.accept(db, reviewer, first, first.version)
    claims.dismiss(db, reviewer, second, second.version)
    article = checked.article
    quiet = snapshots.build_snapshot(db, article)
    assert [c["id"] for c in quiet["claims"]] == [checked.id]  # the suggestion and the dismissed one: absent
    assert quiet["unshown_accepted"] == 1 and reading.coverage(quiet) == (1, 2)
    shown = snapshots.build_snapshot(db, article, being_checked=True)
    assert [(c["id"], c["checked"], c.get("being_checked")) for c in shown["claims"]] == [
        (checked.id, True, False),
        (first.id, False, True),
    ]
    assert reading.coverage(shown) == (1, 2)
    pub = publishing.publish(db, editor, article, being_checked=True)
    assert [c["id"] for c in pub.snapshot["claims"]] == [checked.id, first.id]
    # A public claim page only for a checked claim.
    assert reading.published_claim(db, checked.id) is not None
    assert reading.published_claim(db, first.id) is None
    assert reading.published_claim(db, second.id) is None
