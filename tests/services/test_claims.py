"""Claims (services/claims.py): marked by hand, adjusted, split, merged, dismissed, restored, assigned,
re-anchored on new text; every operation and its refusals."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Claim, User
from factcheck.services import claims, importing, ratings, sources, verdicts
from factcheck.services.errors import Conflict, ValidationError

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
    assert merged.end >= right.end and right.triage == "dismissed"
    with pytest.raises(ValidationError, match="inside the claim"):
        claims.split_claim(db, reviewer, merged, merged.end + 1, merged.version)
    claims.dismiss(db, reviewer, merged, merged.version, reason="duplicate")
    assert merged.triage == "dismissed" and merged.status == "new"  # triage, apart from the workflow
    with pytest.raises(ValidationError, match="already dismissed"):
        claims.dismiss(db, reviewer, merged, merged.version)
    claims.restore(db, reviewer, merged, merged.version)
    assert merged.triage == "suggested" and merged.status == "new"
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


def test_reanchoring_flags_only_claims_with_verdicts(db: Session, make_user: Callable[..., User]) -> None:
    ratings.load_presets(db)
    reviewer = make_user()
    url = "https://example.org/story"
    text = "The mayor said 120 buses were bought in 2021.\n\nThe council approved a 4% budget rise on Monday."
    first = importing.import_draft(db, None, importing.ArticleDraft(title="T", text=text, origin="url", url=url))
    buses, budget = db.scalars(select(Claim).where(Claim.article_id == first.article.id).order_by(Claim.start))
    source = sources.archived_source(
        db,
        reviewer,
        url="https://example.org/s",
        title="S",
        publisher="P",
        text="120 buses",
        fetched_at=buses.created_at,
    )
    sources.add_evidence(db, reviewer, buses, source, stance="supports", passage="120 buses")
    scale = ratings.active_scale(db)
    assert scale is not None
    verdicts.draft(db, reviewer, buses, rating_id=scale.ratings[4].id, summary="Bus purchases in 2021", rationale="")
    changed = text.replace("120 buses", "112 buses").replace("4% budget", "5% budget")
    importing.import_draft(db, None, importing.ArticleDraft(title="T", text=changed, origin="url", url=url))
    db.flush()
    assert buses.anchor_state == "fuzzy" and buses.needs_rereview
    assert budget.anchor_state == "fuzzy" and not budget.needs_rereview
