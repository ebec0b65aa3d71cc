"""Publishing rules: immutable versions, correction notes when a verdict changes, retraction keeps history."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, Publication, Rating, User
from factcheck.models.publication import PublicationImmutable
from factcheck.services import publishing, verdicts
from factcheck.services.errors import ValidationError
from tests.support import builders, people


def _setup(db: Session) -> tuple[Article, User, User, Publication]:
    """An article published once: one claim checked (rated True), one left unchecked."""
    reviewer, editor = people.make_user(db), people.make_user(db, "editor")
    article = builders.make_article(db, extract=False)
    builders.make_claim(db, article, "41 ferries sailed", status="approved", actor=reviewer, approver=editor)
    builders.make_claim(db, article, "ticket prices would fall by a fifth", actor=reviewer)
    publication = builders.make_publication(db, article, editor=editor)
    db.commit()
    return article, editor, reviewer, publication


def test_a_published_version_refuses_changes_and_deletion(db: Session) -> None:
    _article, _editor, _reviewer, pub = _setup(db)
    pub.correction_note = "quietly edited"
    with pytest.raises(PublicationImmutable):
        db.flush()
    db.rollback()
    pub.snapshot = {**pub.snapshot, "claims": []}
    with pytest.raises(PublicationImmutable):
        db.flush()
    db.rollback()
    db.delete(pub)
    with pytest.raises(PublicationImmutable):
        db.flush()
    db.rollback()
    with pytest.raises(PublicationImmutable):
        db.execute(update(Publication).values(correction_note="bulk"))
    db.rollback()
    db.expire_all()
    assert db.get(Publication, pub.id).correction_note == ""  # type: ignore[union-attr]


def test_the_page_cache_fills_once_then_freezes(db: Session) -> None:
    _article, _editor, _reviewer, pub = _setup(db)
    etag = publishing.store_rendering(db, pub, "<p>page</p>")
    db.commit()
    assert publishing.store_rendering(db, pub, "<p>other</p>") == etag
    pub.html = "<p>tampered</p>"
    with pytest.raises(PublicationImmutable):
        db.flush()
    db.rollback()


def test_a_changed_verdict_needs_a_correction_note(db: Session) -> None:
    article, editor, reviewer, first = _setup(db)
    checked = next(c for c in first.snapshot["claims"] if c["checked"])
    claim = db.get(Claim, checked["id"])
    assert claim is not None
    other = db.scalars(select(Rating).where(Rating.label == "False")).first()
    assert other is not None
    verdicts.draft(
        db,
        reviewer,
        claim,
        rating_id=other.id,
        summary=checked["verdict"]["summary"],
        rationale="A new record shows the opposite.",
    )
    verdicts.submit(db, reviewer, claim)
    verdicts.approve(db, editor, claim)
    with pytest.raises(ValidationError, match="correction note"):
        publishing.publish(db, editor, article)
    second = publishing.publish(db, editor, article, "We changed one verdict after a new record appeared.")
    db.commit()
    assert second.version == 2 and second.correction_note.startswith("We changed")
    assert first.snapshot["claims"] != second.snapshot["claims"]
    db.expire_all()
    old = db.get(Publication, first.id)
    assert (
        old is not None
        and next(c for c in old.snapshot["claims"] if c["id"] == claim.id)["verdict"]["rating"]["label"]
        == checked["verdict"]["rating"]["label"]
    )


def test_publishing_unchanged_needs_no_note_and_retraction_keeps_history(db: Session) -> None:
    article, editor, _reviewer, _first = _setup(db)
    assert publishing.publish(db, editor, article).version == 2
    with pytest.raises(ValidationError):
        publishing.retract(db, editor, article, "  ")
    retraction = publishing.retract(db, editor, article, "The story relied on a forged document.")
    db.commit()
    assert retraction.kind == "retraction" and retraction.version == 3
    assert [p.version for p in db.scalars(select(Publication).order_by(Publication.version))] == [1, 2, 3]
    with pytest.raises(ValidationError):
        publishing.retract(db, editor, article, "again")
    with pytest.raises(ValidationError, match="correction note"):
        publishing.publish(db, editor, article)
    assert publishing.publish(db, editor, article, "Restored after review.").version == 4


def test_nothing_approved_cannot_be_published(db: Session, make_user: object) -> None:
    article, editor, _reviewer, _pub = _setup(db)
    for claim in db.scalars(select(Claim).where(Claim.article_id == article.id)):
        claim.triage = "dismissed"  # type: ignore[assignment]
    db.flush()
    with pytest.raises(ValidationError, match="at least one"):
        publishing.publish(db, editor, article)


def test_publishing_again_leaves_a_claim_in_re_review_alone(db: Session, make_user: Callable[..., User]) -> None:
    reviewer, editor = make_user("reviewer"), make_user("editor")
    article = builders.make_article(db, extract=False)
    reopened = builders.make_claim(db, article, "41 ferries sailed", status="approved")
    other = builders.make_claim(db, article, "ticket prices would fall", status="approved")
    builders.make_publication(db, article)
    assert reopened.status == other.status == "published"
    mostly_false = builders.rating(db, "Mostly false")
    verdicts.draft(db, reviewer, reopened, rating_id=mostly_false.id, summary="Revised summary", rationale="")
    verdicts.submit(db, reviewer, reopened)
    assert reopened.status == "submitted"
    publishing.publish(db, editor, reopened.article, "Re-published while one claim is re-reviewed.")
    db.flush()
    assert reopened.status == "submitted" and other.status == "published"
