"""Claim and verdict services: every operation and transition, including the refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Claim, Rating, User, Verdict
from factcheck.services import claims, importing, ratings, sources, verdicts
from factcheck.services.errors import Conflict, PermissionDenied, ValidationError

TEXT = (
    "The port handled 3.1 million containers in 2022, the authority said.\n\n"
    "Its chief executive predicted that traffic would double by 2030."
)


@pytest.fixture()
def article(db: Session) -> Article:
    ratings.load_presets(db)
    result = importing.import_draft(db, None, importing.ArticleDraft(title="Port", text=TEXT, origin="paste"))
    db.commit()
    return result.article


@pytest.fixture()
def people(make_user: Callable[..., User]) -> tuple[User, User, User]:
    return make_user("reviewer"), make_user("editor"), make_user("editor")


def _actions(db: Session, claim: Claim) -> list[str]:
    rows = db.scalars(select(AuditEvent.action).where(AuditEvent.entity == "claim", AuditEvent.entity_id == claim.id))
    return list(rows)


def test_add_claim_trims_whitespace_and_scores(db: Session, article: Article, people: tuple[User, ...]) -> None:
    reviewer = people[0]
    start = TEXT.index("Its chief")
    claim = claims.add_claim(db, reviewer, article, start - 2, len(TEXT))
    assert claim.quote == TEXT[start:] and claim.start == start and claim.origin == "manual"
    assert claim.checkworthiness > 0 and claim.score_reasons
    assert claim.prefix == TEXT[max(0, start - 32) : start] and claim.suffix == ""
    assert _actions(db, claim) == ["claim.create"]


@pytest.mark.parametrize(
    ("start", "end", "message"), [(5, 5, "outside"), (-1, 4, "outside"), (0, 10**6, "outside"), (68, 70, "whitespace")]
)
def test_add_claim_refuses_bad_spans(
    db: Session, article: Article, people: tuple[User, ...], start: int, end: int, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        claims.add_claim(db, people[0], article, start, end)


def test_adjust_split_merge_dismiss_restore(db: Session, article: Article, people: tuple[User, ...]) -> None:
    reviewer = people[0]
    first = db.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)).first()
    assert first is not None
    version = first.version
    claims.adjust_span(db, reviewer, first, first.start, first.start + 20, version)
    assert first.quote == TEXT[first.start : first.start + 20] and first.version == version + 1
    with pytest.raises(Conflict, match="changed by someone else"):
        claims.adjust_span(db, reviewer, first, first.start, first.start + 10, version)
    left, right = claims.split_claim(db, reviewer, first, first.start + 8, first.version)
    assert left.end <= right.start and TEXT[left.end : right.start].strip() == ""  # only whitespace between
    merged = claims.merge_claims(db, reviewer, left, right)
    assert merged.end >= right.end and right.status == "dismissed"
    with pytest.raises(ValidationError, match="inside the claim"):
        claims.split_claim(db, reviewer, merged, merged.end + 1, merged.version)
    claims.dismiss(db, reviewer, merged, merged.version, reason="duplicate")
    assert merged.status == "dismissed"
    with pytest.raises(ValidationError, match="cannot be dismissed"):
        claims.dismiss(db, reviewer, merged, merged.version)
    claims.restore(db, reviewer, merged, merged.version)
    assert merged.status == "new"
    with pytest.raises(ValidationError, match="Only a dismissed"):
        claims.restore(db, reviewer, merged, merged.version)
    assert {"claim.adjust_span", "claim.split", "claim.merge", "claim.dismiss", "claim.restore"} <= set(
        _actions(db, merged)
    )


def test_assign_moves_new_claims_into_review(db: Session, article: Article, people: tuple[User, ...]) -> None:
    reviewer = people[0]
    claim = db.scalars(select(Claim).where(Claim.article_id == article.id)).first()
    assert claim is not None
    version = claim.version
    claims.assign(db, reviewer, claim, reviewer, claim.version)
    assert claim.status == "in_review" and claim.assignee_id == reviewer.id
    assert claim.version == version + 1  # one edit, one version, however many flushes
    claims.assign(db, reviewer, claim, None, claim.version)
    assert claim.assignee_id is None


def _true(db: Session) -> Rating:
    scale = ratings.active_scale(db)
    assert scale is not None
    return next(r for r in scale.ratings if r.label == "True")


def test_verdict_lifecycle_appends_rows(db: Session, article: Article, people: tuple[User, ...]) -> None:
    reviewer, editor, other = people
    claim = db.scalars(select(Claim).where(Claim.article_id == article.id)).first()
    assert claim is not None
    rating = _true(db)
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


def test_nobody_approves_their_own_verdict(db: Session, article: Article, people: tuple[User, ...]) -> None:
    _, editor, _ = people
    claim = db.scalars(select(Claim).where(Claim.article_id == article.id)).first()
    assert claim is not None
    source = sources.archived_source(
        db, editor, url="https://example.org/r2", title="R", publisher="P", text="x", fetched_at=claim.created_at
    )
    sources.add_evidence(db, editor, claim, source, stance="context", passage="")
    verdicts.draft(db, editor, claim, rating_id=_true(db).id, summary="Port volumes in 2022", rationale="")
    verdicts.submit(db, editor, claim)
    with pytest.raises(PermissionDenied, match="other than"):
        verdicts.approve(db, editor, claim)
    with pytest.raises(PermissionDenied):
        verdicts.return_verdict(db, editor, claim, "self review")


def test_summary_warning_over_75_characters() -> None:
    assert verdicts.summary_warnings("x" * 75) == []
    assert "76 characters" in verdicts.summary_warnings("x" * 76)[0]
