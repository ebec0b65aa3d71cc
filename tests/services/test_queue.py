"""The queue query (services/queue.py): filters, sorting, pagination, and a statement count that does not grow
with the claims (the queue and the article work page)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from factcheck.models import Claim, User
from factcheck.services import claim_page, importing, queue, ratings
from factcheck.services.errors import TooLarge, ValidationError
from tests.support.queries import counting


def _import(db: Session, n: int, title: str = "Budgets", outlet: str = "Gazette") -> int:
    text = "\n\n".join(f"The budget for ward {i} rose by {i % 9 + 2}% in 2023, the treasurer said." for i in range(n))
    result = importing.import_draft(
        db, None, importing.ArticleDraft(title=title, text=text, origin="paste", outlet=outlet)
    )
    db.commit()
    return result.article.id


def test_filters_sorting_and_pages(db: Session, make_user: Callable[..., User]) -> None:
    ratings.load_presets(db)
    first = _import(db, 30)
    second = _import(db, 5, "Ports", "Herald")
    user = make_user()
    claims = db.query(Claim).order_by(Claim.id).all()
    claims[0].assignee_id, claims[0].kind, claims[0].revisit_on = user.id, "prediction", dt.date(2020, 5, 1)
    claims[1].kind, claims[1].revisit_on = "prediction", dt.date(2099, 5, 1)
    db.commit()
    everything = queue.claims_page(db, queue.QueueFilters(), per_page=10)
    assert everything.total == 35 and len(everything.claims) == 10 and everything.pages == 4
    scores = [c.checkworthiness for c in everything.claims]
    assert scores == sorted(scores, reverse=True)
    last = queue.claims_page(db, queue.QueueFilters(sort="position"), page=99, per_page=10)
    assert last.page == 4 and len(last.claims) == 5 and not last.has_next and last.has_prev
    assert queue.claims_page(db, queue.QueueFilters(article_id=second)).total == 5
    assert queue.claims_page(db, queue.QueueFilters(outlet="Gazette")).total == 30
    assert [c.id for c in queue.claims_page(db, queue.QueueFilters(assignee=str(user.id))).claims] == [claims[0].id]
    assert queue.claims_page(db, queue.QueueFilters(assignee="none")).total == 34
    due = queue.claims_page(db, queue.QueueFilters(due=True, today=dt.date(2024, 1, 1)))
    assert [c.id for c in due.claims] == [claims[0].id]
    positions = queue.claims_page(db, queue.QueueFilters(article_id=first, sort="position"), per_page=50)
    assert [c.start for c in positions.claims] == sorted(c.start for c in positions.claims)
    none = queue.claims_page(db, queue.QueueFilters(score_min=1.0, score_max=1.0))
    assert none.total == 0 and none.claims == [] and none.pages == 1
    assert queue.claims_page(db, queue.QueueFilters(sort="bogus")).filters.sort == "score"


def test_statement_counts_do_not_grow_with_claims(db: Session, make_user: Callable[..., User]) -> None:
    ratings.load_presets(db)
    small = _import(db, 3)
    make_user()
    db.expire_all()
    with counting(db) as few:
        queue.queue(db, queue.QueueFilters())
        page = claim_page.article_page(db, small)
        assert page is not None
        assert all(c.assignee is None for c in page.claims)  # the relation is loaded with the rows
    big = _import(db, 80, "Wards", "Courier")
    db.expire_all()
    with counting(db) as many:
        result = queue.queue(db, queue.QueueFilters())
        assert all(c.article.title and c.assignee is None for c in result.claims)
        page = claim_page.article_page(db, big)
        assert page is not None and len(page.claims) == 80
        assert all(c.assignee is None for c in page.claims)
    assert few[0] == many[0] <= 10


def test_bulk_update_is_all_or_nothing(db: Session, make_user: Callable[..., User]) -> None:
    article_id = _import(db, 3)
    reviewer, other = make_user("reviewer"), make_user("reviewer")
    ticked = db.query(Claim).filter(Claim.article_id == article_id).order_by(Claim.id).all()
    done = queue.bulk_update(db, reviewer, {c.id: c.version for c in ticked}, "assign", other)
    db.commit()
    assert [c.assignee_id for c in done] == [other.id] * len(ticked) and len(ticked) >= 3
    shown = {c.id: c.version for c in done}
    with pytest.raises(queue.BulkConflict) as refused:
        queue.bulk_update(db, reviewer, {**shown, ticked[1].id: ticked[1].version - 1}, "dismiss")
    assert refused.value.claim_id == ticked[1].id and refused.value.status == 409
    db.rollback()
    kept = queue.claims_by_ids(db, list(shown))
    assert {(c.status, c.triage) for c in kept} == {("in_review", "suggested")}  # the first was not kept
    with pytest.raises(ValidationError, match="no longer exist"):
        queue.bulk_update(db, reviewer, {**shown, 999_999: 1}, "dismiss")
    ticked[0].status = "published"
    db.commit()
    with pytest.raises(ValidationError, match="cannot be changed by your account"):
        queue.bulk_update(db, reviewer, shown, "dismiss")
    assert [c.triage for c in queue.bulk_update(db, reviewer, {ticked[2].id: shown[ticked[2].id]}, "dismiss")] == [
        "dismissed"
    ]


def test_bulk_update_refuses_more_than_the_cap_before_any_query(db: Session, make_user: Callable[..., User]) -> None:
    article_id = _import(db, 2)
    reviewer = make_user("reviewer")
    ticked = {c.id: c.version for c in db.query(Claim).filter(Claim.article_id == article_id)}
    huge = {**{n: 1 for n in range(1_000_000, 1_000_000 + 70_000)}, **ticked}
    with counting(db) as statements, pytest.raises(TooLarge, match="at most 1,000 claims") as refused:
        queue.bulk_update(db, reviewer, huge, "dismiss")
    assert refused.value.status == 413 and statements == [0]
    assert len(queue.bulk_update(db, reviewer, ticked, "dismiss")) == 2


def test_claims_by_ids_takes_any_number_of_ids(db: Session) -> None:
    """70,000 ids (over PostgreSQL's 65,535 bind parameters) are looked up in bounded statements."""
    article_id = _import(db, 3)
    ids = [c.id for c in db.query(Claim).filter(Claim.article_id == article_id)]
    with counting(db) as statements:
        found = queue.claims_by_ids(db, list(range(1_000_000, 1_070_000)) + ids + ids)
    assert [c.id for c in found] == sorted(ids)
    assert statements == [71]
