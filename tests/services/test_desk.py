"""The editor's desk (services/desk.py): what waits for an editor's approval."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from factcheck.models import Claim, User
from factcheck.services import desk, verdicts
from tests.support import builders
from tests.support.people import make_user


def test_waiting_for_approval_oldest_first_never_own(db: Session, make_claim: Callable[..., Claim]) -> None:
    reviewer = make_user(db, "reviewer")
    editor = make_user(db, "editor")
    other_editor = make_user(db, "editor")
    article = builders.make_article(db, "First one.\n\nSecond one.\n\nThird one.\n\nFourth one.", extract=False)
    first = make_claim(article, "First one.", status="submitted", actor=reviewer)
    second = make_claim(article, "Second one.", status="submitted", actor=reviewer)
    own = make_claim(article, "Third one.", status="submitted", actor=editor)
    approved = make_claim(article, "Fourth one.", status="approved", actor=reviewer, approver=other_editor)
    db.flush()

    waiting = desk.waiting_for_approval(db, editor)
    assert [w.claim.id for w in waiting] == [first.id, second.id]
    assert waiting[0].author.id == reviewer.id and waiting[0].article.id == article.id
    # The other editor may approve the first editor's verdict too; an approved claim waits for nobody.
    assert [w.claim.id for w in desk.waiting_for_approval(db, other_editor)] == [first.id, second.id, own.id]
    assert approved.id not in {w.claim.id for w in desk.waiting_for_approval(db, editor)}

    # Once approved it leaves the desk; a returned one is not waiting either.
    verdicts.approve(db, editor, first)
    verdicts.return_verdict(db, other_editor, second, "Say which report.")
    db.flush()
    assert desk.waiting_for_approval(db, editor) == []


def test_the_limit(db: Session, make_claim: Callable[..., Claim]) -> None:
    reviewer: User = make_user(db, "reviewer")
    editor = make_user(db, "editor")
    article = builders.make_article(db, "One.\n\nTwo.", extract=False)
    make_claim(article, "One.", status="submitted", actor=reviewer)
    make_claim(article, "Two.", status="submitted", actor=reviewer)
    assert len(desk.waiting_for_approval(db, editor, limit=1)) == 1
