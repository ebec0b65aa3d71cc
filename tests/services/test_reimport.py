"""Re-importing an article (services/reimport.py): computed with no lock held, written in one short step, checked
against the article's revision at write time (a concurrent re-import gets a 409, never a fork)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.orm import Session

from factcheck.claims.anchoring import changed_spans
from factcheck.claims.extract import extract_claims
from factcheck.models import Article, ArticleRevision, AuditEvent, Claim, User
from factcheck.services import articles, audit_verify, claims, reimport
from factcheck.services.errors import Conflict

URL = "https://news.example.org/harbour"
PARAGRAPHS = [
    f"The harbour authority said {n * 3} ships docked in week {n}. Officials added that {n * 11} containers "
    f"were inspected by customs in March, a rise of {n} percent."
    for n in range(1, 9)
]
TEXT = "\n\n".join(PARAGRAPHS)
NEW_TEXT = "A correction was added at the top.\n\n" + TEXT.replace("ships docked in week 4", "vessels docked in week 4")


def _import(db: Session, text: str, user: User | None = None) -> articles.ImportResult:
    result = articles.import_text(db, user, title="Harbour", text=text, origin="paste", url=URL)
    db.commit()
    return result


def test_a_plan_is_computed_while_other_writers_go_on(db: Session, database_url: str, monkeypatch: Any) -> None:
    """Nothing is written (no write lock on SQLite, no row lock on PostgreSQL) until the plan is complete."""
    _import(db, TEXT)
    seen: list[str] = []
    original = reimport.plan_revision

    def plan_while_someone_writes(*args: Any, **kwargs: Any) -> reimport.Plan:
        if database_url.startswith("sqlite"):
            other = sqlite3.connect(database_url.removeprefix("sqlite:///"), timeout=0)
            other.execute("BEGIN IMMEDIATE")  # fails at once ("database is locked") if the import held the lock
            other.execute("UPDATE articles SET outlet = 'Elsewhere'")
            other.execute("COMMIT")
            other.close()
        else:
            engine = create_engine(database_url)
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL lock_timeout = '100ms'"))
                conn.execute(text("SELECT id FROM articles FOR UPDATE"))
                conn.execute(text("SELECT id FROM claims FOR UPDATE"))
                conn.execute(text("UPDATE articles SET outlet = 'Elsewhere'"))
            engine.dispose()
        seen.append("wrote meanwhile")
        return original(*args, **kwargs)

    monkeypatch.setattr(reimport, "plan_revision", plan_while_someone_writes)
    result = _import(db, NEW_TEXT)
    assert seen == ["wrote meanwhile"] and result.new_revision and result.revision.number == 2
    assert db.scalar(select(Article.outlet)) == "Elsewhere"


def test_a_concurrent_reimport_gets_a_conflict_not_a_fork(db: Session) -> None:
    first = _import(db, TEXT)
    article = db.get(Article, first.article.id)
    assert article is not None
    stale = reimport.plan_revision(reimport.load_inputs(db, article), NEW_TEXT, "paste", URL)
    db.rollback()
    _import(db, NEW_TEXT + "\n\nAnother paragraph, added by someone else at the same time.")  # wins the race
    with pytest.raises(Conflict, match="now at revision 2"):
        reimport.write_revision(db, None, stale)
    db.rollback()
    numbers = db.scalars(select(ArticleRevision.number).where(ArticleRevision.article_id == article.id)).all()
    assert sorted(numbers) == [1, 2]


def test_a_claim_edited_while_the_plan_was_computed_is_anchored_from_its_new_span(
    db: Session, make_user: Callable[..., User]
) -> None:
    user = make_user("reviewer")
    first = _import(db, TEXT, user)
    article = db.get(Article, first.article.id)
    assert article is not None
    plan = reimport.plan_revision(reimport.load_inputs(db, article), NEW_TEXT, "paste", URL)
    db.rollback()
    target = db.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)).first()
    assert target is not None
    claims.adjust_span(db, user, target, target.start, target.start + 20, target.version)  # meanwhile
    db.commit()
    quote = target.quote
    _, revision, anchors = reimport.write_revision(db, user, plan)
    db.commit()
    db.refresh(target)
    assert target.revision_id == revision.id and target.quote == quote and target.anchor_state == "exact"
    assert revision.text[target.start : target.end] == quote
    assert sum(anchors.values()) >= 1


def test_the_whole_revision_appears_at_once_and_is_audited(db: Session) -> None:
    first = _import(db, TEXT)
    before = {c.id: c.version for c in db.scalars(select(Claim).where(Claim.article_id == first.article.id))}
    result = _import(db, NEW_TEXT)
    assert result.anchors["exact"] == len(before) - 1 and result.anchors["fuzzy"] == 1
    after = db.scalars(select(Claim).where(Claim.article_id == first.article.id, Claim.id.in_(before))).all()
    assert all(c.revision_id == result.revision.id and c.version == before[c.id] + 1 for c in after)
    assert all(result.revision.text[c.start : c.end] == c.quote for c in after if c.anchor_state == "exact")
    revise = db.scalar(select(AuditEvent).where(AuditEvent.action == "article.revise"))
    assert revise is not None and len(revise.data["exact"]) == len(before) - 1
    moved = db.scalars(select(AuditEvent.entity_id).where(AuditEvent.action == "claim.reanchor")).all()
    assert len(moved) == 1  # the one claim that is no longer exactly where it was
    assert list(audit_verify.verify_chain(db)) == []
    db.rollback()


def test_new_claims_come_from_new_lines_only(db: Session) -> None:
    first = _import(db, TEXT)
    article = db.get(Article, first.article.id)
    assert article is not None
    new = NEW_TEXT + "\n\nThe port said 4,000 jobs were created in 2023, up 12 percent."
    plan = reimport.plan_revision(reimport.load_inputs(db, article), new, "paste", URL)
    db.rollback()
    spans = changed_spans(TEXT, new)
    assert plan.new_claims and all(any(s <= c.start < e for s, e in spans) for c in plan.new_claims)
    assert any("The port said" in c.quote for c in plan.new_claims)
    assert not any("week 5" in c.quote for c in plan.new_claims)  # unchanged lines give no claim again
    full = [c for c in extract_claims(new) if any(s <= c.start < e for s, e in spans)]
    kept = [(r.start, r.end) for r in plan.anchored.values() if r.start is not None and r.end is not None]
    expected = [c for c in full if not any(s < c.end and c.start < e for s, e in kept)]
    assert [c.as_dict() for c in plan.new_claims] == [c.as_dict() for c in expected]


def test_reimport_of_unchanged_text_writes_nothing(db: Session) -> None:
    _import(db, TEXT)
    count = db.scalar(select(func.count()).select_from(AuditEvent))
    result = _import(db, TEXT)
    assert not result.new_revision and db.scalar(select(func.count()).select_from(AuditEvent)) == count


def test_new_claims_of_a_reimport_get_their_vectors(db: Session) -> None:
    from factcheck.models import ClaimEmbedding
    from factcheck.services import vectors

    if not vectors.enabled():
        pytest.skip("the sentence-embedding model package is not installed")
    first = _import(db, TEXT)
    before = set(db.scalars(select(Claim.id).where(Claim.article_id == first.article.id)))
    _import(db, NEW_TEXT + "\n\nThe port said 4,000 jobs were created in 2023, up 12 percent.")
    added = set(db.scalars(select(Claim.id).where(Claim.article_id == first.article.id))) - before
    stored = set(db.scalars(select(ClaimEmbedding.claim_id).where(ClaimEmbedding.claim_id.in_(added))))
    assert added and stored == added
    db.rollback()
