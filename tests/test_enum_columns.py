"""Status columns hold StrEnum members in Python and their plain values in the database (VARCHAR, as before)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from factcheck.models import (
    AnchorState,
    Claim,
    ClaimStatus,
    Evidence,
    Publication,
    PublicationKind,
    ReaderRequest,
    RequestKind,
    RequestStatus,
    Role,
    Stance,
    Triage,
    User,
    Verdict,
    VerdictState,
)
from factcheck.services import demo, reader_requests
from factcheck.services.errors import ValidationError


def test_columns_read_back_as_members(db: Session) -> None:
    demo.load_demo(db)
    reader_requests.submit(db, kind="suggestion", body="Check the budget figure.")
    db.commit()
    db.expire_all()
    published = db.scalars(select(Claim).where(Claim.status == ClaimStatus.PUBLISHED)).first()
    assert published is not None and published.status is ClaimStatus.PUBLISHED
    assert published.anchor_state is AnchorState.EXACT
    assert {v.state for v in db.scalars(select(Verdict))} <= set(VerdictState)
    assert all(type(v.state) is VerdictState for v in db.scalars(select(Verdict)))
    assert {e.stance for e in db.scalars(select(Evidence))} == {Stance.SUPPORTS}
    assert {u.role for u in db.scalars(select(User))} == {Role.REVIEWER, Role.EDITOR}
    assert db.scalars(select(Publication)).one().kind is PublicationKind.PUBLICATION
    request = db.scalars(select(ReaderRequest)).one()
    assert request.kind is RequestKind.SUGGESTION and request.status is RequestStatus.OPEN
    stored = db.execute(text("SELECT status FROM claims WHERE id = :id"), {"id": published.id}).scalar_one()
    assert type(stored) is str and stored == "published"


def test_assigned_values_become_members_and_unknown_ones_are_refused(db: Session) -> None:
    demo.load_demo(db)
    claim = db.scalars(select(Claim)).first()
    assert claim is not None
    claim.status = "returned"  # type: ignore[assignment]  # what a caller holding a form's string may do
    assert claim.status is ClaimStatus.RETURNED
    claim.triage = "dismissed"  # type: ignore[assignment]
    assert claim.triage is Triage.DISMISSED
    with pytest.raises(ValueError, match="'closed' is not a valid ClaimStatus"):
        claim.status = "closed"  # type: ignore[assignment]
    assert Verdict(state="approved").state is VerdictState.APPROVED  # type: ignore[arg-type]
    assert Claim(status=None).status is None


def test_services_name_an_unknown_choice_as_a_validation_error(db: Session) -> None:
    with pytest.raises(ValidationError) as refused:
        reader_requests.submit(db, kind="complaint", body="Something.")
    assert refused.value.fields == {"kind": "unknown"}
    demo.load_demo(db)
    editor = db.scalars(select(User).where(User.role == Role.EDITOR)).one()
    request = reader_requests.submit(db, kind=RequestKind.CORRECTION, body="The date is wrong.")
    for wrong in ("open", "maybe"):
        with pytest.raises(ValidationError):
            reader_requests.decide(db, editor, request, wrong)
    assert reader_requests.decide(db, editor, request, "accepted").status is RequestStatus.ACCEPTED
