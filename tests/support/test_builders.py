"""The builders make what production makes: the same rows, statuses and audit trail as the services."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Claim, ClaimStatus, Publication, Rating, User, Verdict
from factcheck.services import audit_verify, users, verdicts
from tests.conftest import PASSWORD
from tests.support import builders, people


def _actions(db: Session, entity: str, entity_id: int) -> list[str]:
    stmt = select(AuditEvent.action).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
    return list(db.scalars(stmt.order_by(AuditEvent.id)))


def test_make_user_signs_in_with_the_suite_password_and_can_be_inactive(db: Session) -> None:
    editor = people.make_user(db, "editor", email="Desk@Example.org", name="Desk Editor")
    assert (editor.email, editor.name, editor.role) == ("desk@example.org", "Desk Editor", "editor")
    assert users.authenticate(db, "desk@example.org", PASSWORD) is editor
    gone = people.make_user(db, active=False)
    assert not gone.active and users.authenticate(db, gone.email, PASSWORD) is None
    assert _actions(db, "user", gone.id) == ["user.create", "user.disable"]


def test_default_users_are_made_once_and_again_after_a_rollback(db: Session) -> None:
    first = people.default_user(db)
    assert people.default_user(db) is first and people.default_user(db, "editor") is not first
    db.rollback()
    again = people.default_user(db)
    assert again is not first and db.get(User, again.id) is again


def test_make_article_imports_with_or_without_the_claim_engine(db: Session) -> None:
    extracted = builders.make_article(db, title="Ferries", url="https://news.example.org/ferries")
    assert extracted.title == "Ferries" and extracted.url == "https://news.example.org/ferries"
    assert extracted.published_on == builders.PUBLISHED_ON and extracted.outlet == "The Alder Courier"
    assert len(builders.claims_of(db, extracted)) >= 2
    bare = builders.make_article(db, "One short line of our own.", extract=False, published_on=None)
    assert builders.claims_of(db, bare) == [] and bare.published_on is None
    revision = bare.current_revision
    assert revision is not None and revision.text == "One short line of our own." and revision.number == 1
    for article in (extracted, bare):
        assert _actions(db, "article", article.id) == ["article.import"]
    assert bare.slug != extracted.slug
    assert list(audit_verify.verify_chain(db)) == []


def test_make_claim_by_quote_offsets_or_the_first_paragraph(db: Session) -> None:
    article = builders.make_article(db, extract=False)
    text = builders.ARTICLE_TEXT
    by_quote = builders.make_claim(db, article, "41 ferries sailed", kind="quantity", speaker="The harbour board")
    assert (by_quote.start, by_quote.quote) == (text.index("41 ferries"), "41 ferries sailed")
    assert (by_quote.kind, by_quote.speaker, by_quote.origin) == ("quantity", "The harbour board", "manual")
    by_offsets = builders.make_claim(db, article, start=4, end=11)
    assert by_offsets.quote == text[4:11]
    first = builders.make_claim(db, article)
    assert first.quote == text.split("\n")[0] and first.status == "new"
    assert _actions(db, "claim", first.id) == ["claim.create"]
    with pytest.raises(ValueError, match="not in the article"):
        builders.make_claim(db, article, "a sentence nobody wrote")
    with pytest.raises(ValueError, match="more than once"):
        builders.make_claim(db, article, "the")
    with pytest.raises(TypeError, match="not both"):
        builders.make_claim(db, article, "41", start=0, end=2)


@pytest.mark.parametrize("status", list(ClaimStatus))
def test_make_claim_reaches_every_status_through_the_workflow(db: Session, status: ClaimStatus) -> None:
    claim = builders.make_claim(db, status=status.value)
    assert claim.status == status.value
    latest = verdicts.latest(db, claim)
    expected = {
        ClaimStatus.SUBMITTED: "submitted",
        ClaimStatus.APPROVED: "approved",
        ClaimStatus.RETURNED: "returned",
        ClaimStatus.PUBLISHED: "approved",
    }.get(status)
    assert (latest.state if latest else None) == expected
    published = db.scalar(select(func.count()).select_from(Publication))
    assert published == (1 if status == ClaimStatus.PUBLISHED else 0)
    assert list(audit_verify.verify_chain(db)) == []


def test_make_claim_with_an_assignee_and_verdict_overrides(db: Session) -> None:
    reviewer, editor = people.make_user(db), people.make_user(db, "editor")
    claim = builders.make_claim(
        db, status="approved", assignee=reviewer, actor=reviewer, approver=editor, rating="Mostly false"
    )
    verdict = verdicts.latest(db, claim)
    assert claim.assignee_id == reviewer.id and verdict is not None
    assert (verdict.author_id, verdict.approver_id, verdict.rating.label) == (reviewer.id, editor.id, "Mostly false")
    assert "claim.assign" in _actions(db, "claim", claim.id)
    with pytest.raises(ValueError, match="in review"):
        builders.make_claim(db, assignee=reviewer)
    with pytest.raises(TypeError, match="for a verdict"):
        builders.make_claim(db, status="dismissed", rating="False")


def test_make_verdict_states_and_history(db: Session) -> None:
    author, approver = people.make_user(db), people.make_user(db, "editor")
    draft = builders.make_verdict(db, state="draft", rating="Unproven", summary="Ferry numbers in 2023")
    assert draft.state == "draft" and draft.summary == "Ferry numbers in 2023" and draft.rating.label == "Unproven"
    returned = builders.make_verdict(db, state="returned", author=author, approver=approver, comment="Which page?")
    assert returned.claim.status == "returned" and returned.decision_comment == "Which page?"
    assert [v.state for v in verdicts.history(db, returned.claim)] == ["draft", "submitted", "returned"]
    approved = builders.make_verdict(db, author=author, approver=approver)
    assert [v.state for v in verdicts.history(db, approved.claim)] == ["draft", "submitted", "approved"]
    assert approved.approver_id == approver.id and approved.author_id == author.id
    with pytest.raises(LookupError, match="no rating labelled"):
        builders.make_verdict(db, rating="Pants on Fire")  # not on the active (default) scale


def test_make_source_and_evidence_locate_the_passage(db: Session) -> None:
    source = builders.make_source(db, text="Departures counted: 41.", url="https://sources.example.org/count")
    assert source.sha256 and source.http_status == 200 and source.archived_text == "Departures counted: 41."
    evidence = builders.make_evidence(db, source=source, stance="refutes")
    assert evidence.match_score == 100.0 and evidence.stance == "refutes"
    assert builders.make_source(db, url="https://sources.example.org/count").id == source.id  # one row per URL


def test_make_publication_builds_what_it_needs(db: Session) -> None:
    first = builders.make_publication(db)
    assert first.version == 1 and [c["checked"] for c in first.snapshot["claims"]] == [True]
    article = db.get(Article, first.article_id)
    assert article is not None
    assert builders.make_publication(db, article).version == 2
    claim = db.scalars(select(Claim).where(Claim.article_id == article.id)).one()
    assert claim.status == "published"
    assert db.scalar(select(func.count()).select_from(Verdict)) == 3


def test_the_fixtures_are_the_builders_bound_to_the_test_session(
    db: Session,
    make_article: Callable[..., Article],
    make_claim: Callable[..., Claim],
    make_verdict: Callable[..., Verdict],
    rating_by_label: Callable[[str], Rating],
) -> None:
    article = make_article(extract=False, title="Bound")
    verdict = make_verdict(make_claim(article, "Traders on the quay"), rating="Half true")
    assert verdict.rating_id == rating_by_label("Half true").id
    assert db.scalar(select(Claim.quote).where(Claim.article_id == article.id)) == "Traders on the quay"
