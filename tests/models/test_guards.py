"""History is append-only (models/guards.py): verdicts, revisions, comments and audit events cannot be edited or
deleted."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import ArticleRevision, AuditEvent, Comment, User, Verdict
from factcheck.models.guards import AppendOnlyViolation
from tests.support import builders


@pytest.fixture()
def loaded(db: Session) -> Session:
    """An approved verdict: revisions, verdict rows and audit events to tamper with."""
    builders.make_claim(db, status="approved")
    db.commit()
    return db


@pytest.mark.parametrize("model", [Verdict, ArticleRevision, AuditEvent])
def test_rows_cannot_be_changed(loaded: Session, model: type) -> None:
    row = loaded.scalars(select(model)).first()
    assert row is not None
    field = {"Verdict": "summary", "ArticleRevision": "text", "AuditEvent": "action"}[model.__name__]
    setattr(row, field, "forged")
    with pytest.raises(AppendOnlyViolation, match="append-only"):
        loaded.flush()
    loaded.rollback()
    loaded.expire_all()
    assert getattr(loaded.get(model, row.id), field) != "forged"


@pytest.mark.parametrize("model", [Verdict, ArticleRevision, AuditEvent])
def test_rows_cannot_be_deleted(loaded: Session, model: type) -> None:
    row = loaded.scalars(select(model)).first()
    loaded.delete(row)
    with pytest.raises(AppendOnlyViolation, match="cannot be deleted"):
        loaded.flush()
    loaded.rollback()
    assert loaded.get(model, row.id) is not None  # type: ignore[union-attr]


def test_comments_are_append_only(loaded: Session, make_user: Callable[..., User]) -> None:
    user = make_user()
    verdict = loaded.scalars(select(Verdict)).first()
    assert verdict is not None
    loaded.add(Comment(claim_id=verdict.claim_id, author_id=user.id, body="first"))
    loaded.commit()
    comment = loaded.scalars(select(Comment)).one()
    comment.body = "rewritten"
    with pytest.raises(AppendOnlyViolation):
        loaded.commit()


def test_new_rows_are_still_welcome(loaded: Session, make_user: Callable[..., User]) -> None:
    user = make_user()
    verdict = loaded.scalars(select(Verdict)).first()
    assert verdict is not None
    loaded.add(Comment(claim_id=verdict.claim_id, author_id=user.id, body="fine"))
    loaded.commit()
