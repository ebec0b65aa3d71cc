"""Evidence corrections: withdraw or correct a piece of evidence, append-only (the old row kept as superseded,
an audit event written); an approved claim goes back to review; published versions keep what they showed; the
editor confirms before approving unverified evidence."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, Evidence, Source, User
from factcheck.services import evidence, evidence_checks, publishing, snapshots, sources, verdicts
from factcheck.services.errors import ValidationError
from tests.support import builders, people

FOUND = "The board counted 41 sailings in May"
SOURCE_TEXT = "Annual report. The board counted 41 sailings in May, up from 30. Fares stayed the same."


def _approved(db: Session, passage: str = FOUND) -> tuple[Claim, Evidence, User, User]:
    reviewer, editor = people.make_user(db), people.make_user(db, "editor")
    article = builders.make_article(db, "41 ferries sailed from the harbour in May.", extract=False)
    claim = builders.make_claim(db, article, "41 ferries sailed", actor=reviewer)
    source = builders.make_source(db, text=SOURCE_TEXT, actor=reviewer)
    row = builders.make_evidence(db, claim, source, passage=passage, actor=reviewer)
    builders.make_verdict(db, claim, author=reviewer, approver=editor)
    return claim, row, reviewer, editor


def _actions(db: Session, claim: Claim) -> list[str]:
    stmt = select(AuditEvent.action).where(AuditEvent.entity_id == claim.id).order_by(AuditEvent.id)
    return list(db.scalars(stmt))


def test_correcting_appends_a_row_keeps_the_old_one_and_reopens_the_approval(db: Session) -> None:
    claim, row, reviewer, _editor = _approved(db)
    fresh = evidence.correct(
        db, reviewer, claim, row, stance="refutes", passage="“Fares stayed the same.”", reason="wrong sentence"
    )
    assert fresh.id != row.id and fresh.match_score == 100.0 and fresh.stance == "refutes"
    assert row.superseded_by_id == fresh.id and row.superseded_at is not None and row.passage == FOUND
    assert (db.scalar(select(func.count()).select_from(Evidence).where(Evidence.claim_id == claim.id))) == 2
    assert [e.id for e in sources.evidence_for(db, claim)] == [fresh.id]
    assert claim.status == "in_review"  # back in review: the editor approves the correction
    assert "evidence.correct" in _actions(db, claim) and "claim.reopen" in _actions(db, claim)
    with pytest.raises(ValidationError, match="already withdrawn or corrected"):
        evidence.withdraw(db, reviewer, claim, row, "again")


def test_withdrawing_keeps_the_row_and_published_versions_keep_what_they_showed(db: Session) -> None:
    claim, row, reviewer, editor = _approved(db)
    pub = publishing.publish(db, editor, claim.article)
    with pytest.raises(ValidationError, match="Say why"):
        evidence.withdraw(db, reviewer, claim, row, "  ")
    evidence.withdraw(db, reviewer, claim, row, "The report was a draft.")
    assert row.superseded_at is not None and row.superseded_by_id is None
    assert row.superseded_reason == "The report was a draft."
    assert claim.status == "in_review" and "evidence.withdraw" in _actions(db, claim)
    db.commit()
    db.expire_all()
    kept = db.get(type(pub), pub.id)
    assert kept is not None and kept.snapshot["claims"][0]["evidence"][0]["passage"] == FOUND
    with pytest.raises(ValidationError, match="at least one source"):  # nothing current is left to submit
        verdicts.draft(db, reviewer, claim, rating_id=builders.rating(db, "True").id, summary="s", rationale="")
        verdicts.submit(db, reviewer, claim)


def test_an_unfound_passage_is_never_a_quotation_and_approval_asks_to_confirm(db: Session) -> None:
    reviewer, editor = people.make_user(db), people.make_user(db, "editor")
    article = builders.make_article(db, "41 ferries sailed from the harbour in May.", extract=False)
    claim = builders.make_claim(db, article, "41 ferries sailed", actor=reviewer)
    source = builders.make_source(db, text=SOURCE_TEXT, actor=reviewer)
    row = builders.make_evidence(db, claim, source, passage='"The mayor said 50 ferries"', actor=reviewer)
    assert row.match_score is None
    builders.make_verdict(db, claim, state="submitted", author=reviewer)
    with pytest.raises(verdicts.UnverifiedEvidence, match="not found in the archived copy"):
        verdicts.approve(db, editor, claim)
    verdicts.approve(db, editor, claim, confirmed=True)
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "verdict.approve")).all()
    assert events[-1].data["confirmed_warnings"]
    shown = snapshots.build_snapshot(db, article)["claims"][0]["evidence"][0]
    assert shown["passage"] == "The mayor said 50 ferries" and shown["match_score"] is None  # no doubled quotes


def test_the_reviewer_may_leave_an_unfound_passage_out(db: Session) -> None:
    claim, row, reviewer, editor = _approved(db)
    fresh = evidence.correct(db, reviewer, claim, row, stance="supports", passage="Not in the copy", unfound="omit")
    assert fresh.match_score is None
    verdicts.draft(db, reviewer, claim, rating_id=builders.rating(db, "True").id, summary="Ferries", rationale="")
    verdicts.submit(db, reviewer, claim)
    verdicts.approve(db, editor, claim, confirmed=True)
    shown = snapshots.build_snapshot(db, claim.article)["claims"][0]["evidence"]
    assert [(e["passage"], e["match_score"]) for e in shown] == [("", None)]


def test_an_unreachable_source_is_labelled(db: Session) -> None:
    claim, _row, reviewer, _editor = _approved(db)
    gone = builders.make_source(db, text="", status=404, actor=reviewer)
    gone.fetch_error, gone.archived_text = "HTTP 404", None
    db.flush()
    assert evidence_checks.unreachable(gone) and not evidence_checks.unreachable(db.get(Source, _row.source_id))
    builders.make_evidence(db, claim, gone, passage="anything", actor=reviewer)
    warnings = evidence_checks.unverified(db, claim)
    assert any("could not be fetched" in w for w in warnings) and any("not found" in w for w in warnings)
