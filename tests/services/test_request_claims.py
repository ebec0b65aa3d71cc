"""An accepted reader request becomes a claim in the queue (services/request_claims.py via reader_requests)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, ClaimStatus, RequestStatus
from factcheck.services import claims, queue, reader_requests
from tests.support import builders
from tests.support.people import make_user

TEXT = "The new bridge cost £40 million, the council said.\n\nIt opened in May after two years of work."


def test_a_request_found_in_its_article_becomes_that_span(db: Session) -> None:
    editor = make_user(db, "editor")
    reviewer = make_user(db, "reviewer")
    article = builders.make_article(db, TEXT, extract=False)
    request = reader_requests.submit(
        db, kind="suggestion", body="the new bridge cost  £40 million", article=article, contact="r@example.org"
    )
    reader_requests.decide(db, editor, request, "accepted")
    assert request.status is RequestStatus.ACCEPTED and request.claim_id is not None
    claim = db.get(Claim, request.claim_id)
    assert claim is not None and claim.article_id == article.id and claim.origin == "reader"
    assert claim.status is ClaimStatus.NEW and "bridge cost £40 million" in claim.quote
    # In the queue like any other claim, and assignable.
    page = queue.queue(db, queue.QueueFilters(status="new"))
    assert claim.id in {c.id for c in page.claims}
    claims.assign(db, editor, claim, reviewer, claim.version)
    assert claim.assignee_id == reviewer.id


def test_a_request_not_in_any_article_becomes_an_article_of_its_own(db: Session) -> None:
    editor = make_user(db, "editor")
    about = builders.make_article(db, TEXT, extract=False, title="Bridge opens")
    request = reader_requests.submit(db, kind="suggestion", body="Did the tunnel really take ten years?", article=about)
    reader_requests.decide(db, editor, request, "accepted")
    claim = db.get(Claim, request.claim_id or 0)
    assert claim is not None and claim.quote == "Did the tunnel really take ten years?"
    article = db.get(Article, claim.article_id)
    assert article is not None and article.id != about.id
    assert article.title == f"Reader request {request.id} about “Bridge opens”" and article.outlet == "Reader request"

    plain = reader_requests.submit(db, kind="suggestion", body="Is the ferry twice as busy as in 2019?")
    reader_requests.decide(db, editor, plain, "accepted")
    assert plain.claim_id is not None and db.get(Claim, plain.claim_id).origin == "reader"  # type: ignore[union-attr]


def test_declined_requests_make_no_claim(db: Session) -> None:
    editor = make_user(db, "editor")
    request = reader_requests.submit(db, kind="suggestion", body="Check the weather forecast please.")
    before = db.query(Claim).count()
    reader_requests.decide(db, editor, request, "declined")
    assert request.claim_id is None and db.query(Claim).count() == before
