"""What an editor approved is what gets published (services/verdicts.py's one rule, `approved_content_changed`):
evidence attached or a span changed after an approval sends the claim back to review with a note, and
publication shows the approved evidence and span until the claim is approved again. Also: only a draft's
author (or an editor) submits it."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, Publication, User, Verdict
from factcheck.services import claims, publishing, sources, verdicts
from factcheck.services.errors import PermissionDenied
from tests.support import builders, people

LATE_SOURCE = "Ferry log, revised. Departures: 38 in 2023, after three sailings were cancelled."


def _approved(db: Session) -> tuple[Claim, User, User]:
    reviewer, editor = people.make_user(db), people.make_user(db, "editor")
    article = builders.make_article(db, extract=False)
    claim = builders.make_claim(
        db, article, "41 ferries sailed from Port Alder in 2023", status="approved", actor=reviewer, approver=editor
    )
    db.commit()
    return claim, reviewer, editor


def _late_evidence(db: Session, claim: Claim, actor: User) -> Any:
    late = builders.make_source(db, text=LATE_SOURCE, title="Revised ferry log")
    return sources.add_evidence(db, actor, claim, late, stance="refutes", passage="Departures: 38 in 2023")


def _published_claim(publication: Publication, claim_id: int) -> dict[str, Any]:
    found: dict[str, Any] = next(c for c in publication.snapshot["claims"] if c["id"] == claim_id)
    return found


def _reopen_events(db: Session, claim: Claim) -> list[dict[str, Any]]:
    rows = db.scalars(select(AuditEvent).where(AuditEvent.action == "claim.reopen", AuditEvent.entity_id == claim.id))
    return [e.data for e in rows]


def test_evidence_added_after_approval_sends_the_claim_back_to_review(db: Session) -> None:
    claim, reviewer, _editor = _approved(db)
    version = claim.version
    evidence = _late_evidence(db, claim, reviewer)
    assert claim.status == "in_review" and claim.version > version
    latest = verdicts.latest(db, claim)
    assert latest is not None and latest.state == "draft"
    assert latest.decision_comment == "Evidence added after approval: needs approval again."
    assert _reopen_events(db, claim) == [
        {
            "reason": "Evidence added after approval: needs approval again.",
            "change": "evidence.add",
            "from": "approved",
            "verdict": latest.id,
            "evidence": evidence.id,
        }
    ]


def test_evidence_added_after_approval_is_not_published_until_approved_again(db: Session) -> None:
    claim, reviewer, editor = _approved(db)
    first = publishing.publish(db, editor, claim.article)
    evidence = _late_evidence(db, claim, reviewer)
    # Publishing now (for another claim, or by mistake) shows what was approved, without the new source.
    second = publishing.publish(db, editor, claim.article)
    shown = _published_claim(second, claim.id)
    assert shown["checked"] and shown["evidence"] == _published_claim(first, claim.id)["evidence"]
    assert LATE_SOURCE not in str(second.snapshot)
    # Submitted again by its author and approved: the new source is published.
    verdicts.submit(db, reviewer, claim)
    verdicts.approve(db, editor, claim)
    third = publishing.publish(db, editor, claim.article, "A later source is now cited.")
    assert [e["passage"] for e in _published_claim(third, claim.id)["evidence"]][-1] == evidence.passage


def test_evidence_on_an_approved_never_published_claim_stays_out_of_the_first_publication(db: Session) -> None:
    claim, reviewer, editor = _approved(db)
    _late_evidence(db, claim, reviewer)
    publication = publishing.publish(db, editor, claim.article)
    assert LATE_SOURCE not in str(publication.snapshot) and "Departures: 38" not in str(publication.snapshot)


def test_a_span_changed_after_approval_reopens_and_publication_keeps_the_approved_span(db: Session) -> None:
    claim, _reviewer, editor = _approved(db)
    approved = (claim.start, claim.end, claim.quote)
    claims.adjust_span(db, editor, claim, claim.start, claim.start + 10, claim.version)
    assert claim.status == "in_review" and claim.quote == "41 ferries"
    latest = verdicts.latest(db, claim)
    assert latest is not None and latest.decision_comment == "Span changed after approval: needs approval again."
    shown = _published_claim(publishing.publish(db, editor, claim.article), claim.id)
    assert (shown["start"], shown["end"], shown["quote"]) == approved


def test_a_change_before_approval_moves_the_version_and_reopens_nothing(db: Session) -> None:
    claim = builders.make_claim(db, status="submitted")
    version = claim.version
    builders.make_evidence(db, claim)
    assert claim.status == "submitted" and claim.version == version + 1
    assert _reopen_events(db, claim) == []


def test_verdicts_approved_before_scopes_cover_the_evidence_attached_before_them(db: Session) -> None:
    claim, reviewer, editor = _approved(db)
    approved = verdicts.latest(db, claim)
    assert approved is not None and approved.scope is not None
    # As on rows approved before the column existed (verdict rows are append-only: only SQL changes them).
    db.execute(update(Verdict).where(Verdict.id == approved.id).values(scope=None))
    db.expire_all()
    _late_evidence(db, claim, reviewer)
    shown = _published_claim(publishing.publish(db, editor, claim.article), claim.id)
    assert len(shown["evidence"]) == 1 and "Departures: 38" not in str(shown)


def test_only_the_author_or_an_editor_submits_a_draft(db: Session) -> None:
    author, other, editor = people.make_user(db), people.make_user(db), people.make_user(db, "editor")
    claim = builders.make_claim(db)
    builders.make_verdict(db, claim, state="draft", author=author)
    builders.make_evidence(db, claim, actor=author)
    with pytest.raises(PermissionDenied, match="author or an editor"):
        verdicts.submit(db, other, claim)
    assert verdicts.submit(db, editor, claim).state == "submitted"
    states = [v.state for v in db.scalars(select(Verdict).where(Verdict.claim_id == claim.id).order_by(Verdict.id))]
    assert states == ["draft", "submitted"]
