"""Verdicts (services/verdicts.py): drafted, submitted with evidence, returned or approved by another editor;
rows appended, never updated; the summary never names the verdict."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, Rating, User, Verdict
from factcheck.models.rating import mentions_label
from factcheck.services import sources, verdicts
from factcheck.services.errors import PermissionDenied, ValidationError

PORT = "The port handled 3.1 million containers in 2022, the authority said."


@pytest.fixture()
def claim(make_article: Callable[..., Article], make_claim: Callable[..., Claim]) -> Claim:
    return make_claim(make_article(PORT, extract=False))


@pytest.fixture()
def people(make_user: Callable[..., User]) -> tuple[User, User, User]:
    """A reviewer and two editors."""
    return make_user("reviewer"), make_user("editor"), make_user("editor")


def test_verdict_lifecycle_appends_rows(
    db: Session, claim: Claim, people: tuple[User, ...], rating_by_label: Callable[[str], Rating]
) -> None:
    reviewer, editor, other = people
    rating = rating_by_label("True")
    with pytest.raises(ValidationError, match="must not contain the verdict"):
        verdicts.draft(db, reviewer, claim, rating_id=rating.id, summary="It is true that ports grew", rationale="")
    with pytest.raises(ValidationError, match="active scale"):
        verdicts.draft(db, reviewer, claim, rating_id=10**6, summary="Port volumes", rationale="")
    with pytest.raises(ValidationError, match="summary"):
        verdicts.draft(db, reviewer, claim, rating_id=rating.id, summary="   ", rationale="")
    verdicts.draft(
        db,
        reviewer,
        claim,
        rating_id=rating.id,
        summary="The port handled 3.1m containers in 2022",
        rationale="Annual report.",
    )
    with pytest.raises(ValidationError, match="at least one source"):
        verdicts.submit(db, reviewer, claim)
    with pytest.raises(ValidationError, match="submitted"):
        verdicts.approve(db, editor, claim)
    source = sources.archived_source(
        db,
        reviewer,
        url="https://example.org/report",
        title="Report",
        publisher="P",
        text="3.1 million containers",
        fetched_at=claim.created_at,
    )
    sources.add_evidence(db, reviewer, claim, source, stance="supports", passage="3.1 million containers")
    verdicts.submit(db, reviewer, claim)
    assert claim.status == "submitted"
    with pytest.raises(ValidationError, match="cannot be drafted"):
        verdicts.draft(db, reviewer, claim, rating_id=rating.id, summary="Another", rationale="")
    with pytest.raises(ValidationError, match="Say what needs to change"):
        verdicts.return_verdict(db, editor, claim, "  ")
    verdicts.return_verdict(db, editor, claim, "Cite the page number.")
    assert claim.status == "returned"
    verdicts.draft(
        db,
        reviewer,
        claim,
        rating_id=rating.id,
        summary="The port handled 3.1m containers in 2022",
        rationale="Annual report, p. 4.",
    )
    verdicts.submit(db, reviewer, claim)
    verdicts.approve(db, other, claim)
    assert claim.status == "approved"
    states = [v.state for v in verdicts.history(db, claim)]
    assert states == ["draft", "submitted", "returned", "draft", "submitted", "approved"]
    assert db.scalars(select(Verdict).where(Verdict.state == "approved")).one().approver_id == other.id


def test_nobody_approves_their_own_verdict(
    db: Session, claim: Claim, people: tuple[User, ...], rating_by_label: Callable[[str], Rating]
) -> None:
    _, editor, _ = people
    source = sources.archived_source(
        db, editor, url="https://example.org/r2", title="R", publisher="P", text="x", fetched_at=claim.created_at
    )
    sources.add_evidence(db, editor, claim, source, stance="context", passage="")
    verdicts.draft(
        db, editor, claim, rating_id=rating_by_label("True").id, summary="Port volumes in 2022", rationale=""
    )
    verdicts.submit(db, editor, claim)
    with pytest.raises(PermissionDenied, match="other than"):
        verdicts.approve(db, editor, claim)
    with pytest.raises(PermissionDenied):
        verdicts.return_verdict(db, editor, claim, "self review")


def test_summary_warning_over_75_characters() -> None:
    assert verdicts.summary_warnings("x" * 75) == []
    assert "76 characters" in verdicts.summary_warnings("x" * 76)[0]


def test_verdict_label_is_matched_as_a_word(
    db: Session, claim: Claim, make_user: Callable[..., User], rating_by_label: Callable[[str], Rating]
) -> None:
    assert mentions_label("This is FALSE.", "False") and not mentions_label("A falsehood spread", "False")
    false = rating_by_label("False")
    verdicts.draft(db, make_user(), claim, rating_id=false.id, summary="A falsehood about prisons", rationale="")
    with pytest.raises(ValidationError, match="must not contain the verdict"):
        verdicts.draft(db, make_user(), claim, rating_id=false.id, summary="This is false", rationale="")
