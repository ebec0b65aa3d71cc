"""The claim page's "previously checked" actions over HTTP (views/work/matches.py): reuse an earlier check's
verdict, or say a match (one of this desk's claims, or another fact-checker's review) is or is not the same claim.
Each answers with a redirect to the claim, stores the decision, and shows it in the match's history."""

from __future__ import annotations

import json
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, ExternalCheck, MatchDecision, User, Verdict, VerdictState
from factcheck.services import external_checks
from tests.conftest import get_csrf
from tests.services.test_matching import _approve, _claim

REVIEW = {
    "@type": "ClaimReview",
    "claimReviewed": "Bus fares rose 10% in May",
    "url": "https://checkers.example/bus-fares",
    "author": {"@type": "Organization", "name": "Checkers United"},
    "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
}


def _setup(db: Session, make_user: Callable[..., User]) -> tuple[Claim, Claim, ExternalCheck]:
    editor = make_user("editor")
    earlier = _claim(db, "Earlier", "Bus fares rose 10% in May, the operator said on Monday.")
    _approve(db, earlier, editor, rationale="The operator's fare table shows the rise.")
    claim = _claim(db, "Later", "The operator raised bus fares by 10% in May, a councillor said.")
    assert external_checks.import_text(db, json.dumps(REVIEW)).added == 1
    review = db.scalars(select(ExternalCheck)).one()
    db.commit()
    return claim, earlier, review


def _post(client: FlaskClient, db: Session, claim: Claim, path: str, **extra: str) -> tuple[int, str]:
    db.refresh(claim)
    page = f"/work/claims/{claim.id}"
    data = {"csrf_token": get_csrf(client, page), "version": str(claim.version), **extra}
    got = client.post(f"{page}/matches/{path}", data=data)
    return got.status_code, got.headers.get("Location", "")


def _decisions(db: Session, claim: Claim) -> list[tuple[str, int | None, int | None]]:
    db.expire_all()
    rows = db.scalars(select(MatchDecision).where(MatchDecision.claim_id == claim.id).order_by(MatchDecision.id))
    return [(r.decision, r.matched_claim_id, r.external_check_id) for r in rows]


def test_external_review_same_then_not_same_is_stored_and_shown(
    client: FlaskClient, db: Session, make_user: Callable[..., User], login_as: Callable[..., User]
) -> None:
    claim, _, review = _setup(db, make_user)
    login_as("reviewer")
    status, location = _post(client, db, claim, f"external/{review.id}/same")
    # Back to the page with the panel in it (not fetched after it), showing the decision just taken.
    assert status == 302 and location.endswith(f"/work/claims/{claim.id}?matches=1#h-similar")
    page = client.get(location).get_data(as_text=True)
    assert "Marked as the claim Checkers United checked." in page
    panel = page.split('id="h-similar"')[1].split("</section>")[0]
    assert "Same claim — " in panel and "Checkers United" in panel
    status, _ = _post(client, db, claim, f"external/{review.id}/not-same")
    assert status == 302
    assert "External check marked as not the same claim." in client.get(f"/work/claims/{claim.id}").get_data(
        as_text=True
    )
    assert _decisions(db, claim) == [("same", None, review.id), ("different", None, review.id)]


def test_reuse_and_not_same_for_a_claim_of_this_desk(
    client: FlaskClient, db: Session, make_user: Callable[..., User], login_as: Callable[..., User]
) -> None:
    claim, earlier, _ = _setup(db, make_user)
    login_as("reviewer")
    status, _ = _post(client, db, claim, f"claims/{earlier.id}/not-same")
    assert status == 302
    status, location = _post(client, db, claim, f"claims/{earlier.id}/reuse")
    assert status == 302 and location.endswith("#verdict")
    draft = db.scalars(select(Verdict).where(Verdict.claim_id == claim.id)).one()
    assert draft.state == VerdictState.DRAFT.value and "fare table" in draft.rationale
    assert [d[0] for d in _decisions(db, claim)] == ["different", "same"]


def test_refusals_leave_no_decision(
    client: FlaskClient, db: Session, make_user: Callable[..., User], login_as: Callable[..., User]
) -> None:
    claim, earlier, review = _setup(db, make_user)
    login_as("reviewer")
    page = f"/work/claims/{claim.id}/matches"
    # no CSRF token
    assert client.post(f"{page}/external/{review.id}/same", data={"version": "1"}).status_code == 400
    # an unknown review or claim
    assert _post(client, db, claim, f"external/{review.id + 99}/same")[0] == 404
    assert _post(client, db, claim, f"claims/{earlier.id + 99}/not-same")[0] == 404
    # a version that is not the claim's (someone changed it meanwhile) on reuse: the conflict page, nothing written
    assert _post(client, db, claim, f"claims/{earlier.id}/reuse", version=str(claim.version + 5))[0] == 409
    assert _post(client, db, claim, f"claims/{earlier.id}/reuse", version="0")[0] == 422
    assert _decisions(db, claim) == []


def test_signed_out_visitors_are_sent_to_sign_in(
    client: FlaskClient, db: Session, make_user: Callable[..., User]
) -> None:
    claim, _, review = _setup(db, make_user)
    got = client.post(f"/work/claims/{claim.id}/matches/external/{review.id}/same", data={"version": "1"})
    assert got.status_code in (302, 400, 401) and _decisions(db, claim) == []
