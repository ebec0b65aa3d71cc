"""Decisions on matches: reuse an earlier verdict as a draft citing it, or mark a match as not the same; history."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from factcheck.models import ClaimStatus, ExternalCheck, MatchDecision, User, VerdictState
from factcheck.services import external_checks, match_decisions
from factcheck.services.errors import ValidationError
from tests.services.test_matching import _approve, _claim


def test_reuse_copies_rating_and_rationale_into_a_draft_that_cites_the_earlier_check(
    db: Session, make_user: Callable[..., User]
) -> None:
    editor, reviewer = make_user("editor"), make_user("reviewer")
    earlier = _claim(db, "Earlier", "The county closed 14 libraries in 2022, its annual report shows.")
    verdict = _approve(db, earlier, editor, rationale="The annual report lists 14 closures.")
    later = _claim(db, "Later", "Fourteen libraries were closed by the county in 2022, a councillor said.")
    draft = match_decisions.reuse_verdict(db, reviewer, later, earlier, cite="https://desk.example/claims/1")
    assert (draft.claim_id, draft.rating_id, draft.summary) == (later.id, verdict.rating_id, verdict.summary)
    assert draft.state == VerdictState.DRAFT.value and draft.author_id == reviewer.id
    assert draft.rationale.startswith("The annual report lists 14 closures.")
    assert "checked before: see https://desk.example/claims/1" in draft.rationale
    assert later.status == ClaimStatus.IN_REVIEW.value
    [row] = match_decisions.history(db, later)
    assert (row.decision, row.matched_claim_id, row.verdict_id) == ("same", earlier.id, draft.id)
    assert match_decisions.decided(db, later) == {("claim", earlier.id): "same"}


def test_reuse_needs_an_approved_verdict(db: Session, make_user: Callable[..., User]) -> None:
    reviewer = make_user("reviewer")
    earlier = _claim(db, "Earlier", "The county closed 14 libraries in 2022, its annual report shows.")
    later = _claim(db, "Later", "Fourteen libraries were closed by the county in 2022, a councillor said.")
    with pytest.raises(ValidationError):
        match_decisions.reuse_verdict(db, reviewer, later, earlier)
    with pytest.raises(ValidationError):
        match_decisions.reuse_verdict(db, reviewer, later, later)
    assert match_decisions.history(db, later) == []


def test_not_the_same_is_recorded_and_the_latest_decision_wins(db: Session, make_user: Callable[..., User]) -> None:
    reviewer = make_user("reviewer")
    claim = _claim(db, "Claim", "Bus fares rose 10% in May, the operator said on Monday.")
    other = _claim(db, "Other", "Bus fares fell 10% in May, the operator said on Friday.")
    report = external_checks.import_text(
        db, json.dumps({"@type": "ClaimReview", "claimReviewed": "Bus fares rose", "reviewRating": {"name": "True"}})
    )
    assert report.added == 1
    external = db.query(ExternalCheck).one()
    match_decisions.not_the_same(db, reviewer, claim, matched=other)
    match_decisions.same_as_external(db, reviewer, claim, external)
    match_decisions.not_the_same(db, reviewer, claim, external=external)
    assert [r.decision for r in match_decisions.history(db, claim)] == ["different", "same", "different"]
    assert match_decisions.decided(db, claim) == {
        ("claim", other.id): "different",
        ("external", external.id): "different",
    }
    with pytest.raises(ValidationError):
        match_decisions.not_the_same(db, reviewer, claim)


def test_a_decision_names_exactly_one_match(db: Session, make_user: Callable[..., User]) -> None:
    reviewer = make_user("reviewer")
    claim = _claim(db, "Claim", "Bus fares rose 10% in May, the operator said on Monday.")
    db.add(MatchDecision(claim_id=claim.id, decision="same", actor_id=reviewer.id))
    with pytest.raises(IntegrityError):
        db.flush()
