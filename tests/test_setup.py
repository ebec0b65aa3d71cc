"""`flask setup`: migrate, presets, admin, demo; idempotent on a full database."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import (
    Article,
    AuditEvent,
    Claim,
    Evidence,
    Publication,
    Rating,
    RatingScale,
    Source,
    User,
    Verdict,
)
from factcheck.services import audit_verify, users

COUNTED = (User, RatingScale, Rating, Article, Claim, Source, Evidence, Verdict, Publication)


def _counts(db: Session) -> dict[str, int]:
    return {m.__name__: db.scalar(select(func.count()).select_from(m)) or 0 for m in COUNTED}


def test_setup_on_an_empty_database_then_again(runner: FlaskCliRunner, db: Session) -> None:
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "password:" in first.output and "admin@example.org" in first.output
    password = first.output.split("admin@example.org", 1)[1].split("password:", 1)[1].split()[0]
    assert users.authenticate(db, "admin@example.org", password) is not None

    counts = _counts(db)
    assert counts["RatingScale"] == 4 and counts["Article"] == 1 and counts["Publication"] == 1
    assert counts["Claim"] >= 5 and counts["Verdict"] >= 2 and counts["Source"] >= 2
    assert db.scalar(select(RatingScale.slug).where(RatingScale.active.is_(True))) == "default"

    second = runner.invoke(args=["setup"])
    assert second.exit_code == 0, second.output
    assert "password" not in second.output
    assert _counts(db) == counts
    assert list(audit_verify.verify_chain(db)) == []
    assert (db.scalar(select(func.count(AuditEvent.id))) or 0) > 10


def test_setup_without_demo(runner: FlaskCliRunner, db: Session) -> None:
    result = runner.invoke(args=["setup", "--no-demo"])
    assert result.exit_code == 0, result.output
    counts = _counts(db)
    assert counts["Article"] == 0 and counts["User"] == 1 and counts["RatingScale"] == 4
