"""The "summary must not contain the verdict" rule (models/rating.py `mentions_label`), shared by the verdict
service, the API and ClaimReview validation: Unicode spellings of a label are the label."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.exports.claimreview import claim_reviewed_text, validate_claim_review
from factcheck.models import Claim, ClaimStatus, User
from factcheck.models.rating import comparable, mentions_label
from factcheck.services import users
from tests.security.test_bad_input import snapshot
from tests.support.scenes import make_newsroom

# Each spells "False" (or "Mostly false") in a way a reader sees as the word.
DISGUISED = [
    "This is F\u200bALSE",  # zero-width space
    "This is fal\u00adse",  # soft hyphen
    "This is \uff26\uff21\uff2c\uff33\uff25",  # fullwidth letters
    "This is fa\u0301lse",  # combining acute accent
    "This is fa\u0308\u0323lse",  # two combining marks
    "This is f\u200ca\u200dl\u2060s\ufeffe",  # joiners, word joiner, BOM
    "This is \u202efalse\u202c",  # bidi override
    "This is FAL\u180eSE",  # Mongolian vowel separator
    "This is \U0001d41f\U0001d41a\U0001d425\U0001d42c\U0001d41e",  # mathematical bold
    "This is \u1da0\u1d43\u02e1\u02e2\u1d49",  # modifier (superscript) letters
    "This is fal\u034fse",  # combining grapheme joiner
    "This is FAL\u3164SE",  # Hangul filler
    "This is fa\u0000lse",  # NUL (refused at the edge, still no bypass here)
    "This is \u0046\u0041\u004c\u0053\u0045",
    "This is FaLsE",
    "This is \u017fal\u017fe".replace("\u017fal", "fal"),  # long s (casefolds to s)
    "Mostly\u00a0false in part",  # no-break space inside a two-word label
    "Mostly\u3000\u200bfalse",  # ideographic space and a zero-width space
    "Mostly \n\t false",
]


@pytest.mark.parametrize("summary", DISGUISED)
def test_disguised_labels_are_still_the_label(summary: str) -> None:
    label = "Mostly false" if summary.startswith("Mostly") else "False"
    assert mentions_label(summary, label)


@pytest.mark.parametrize(
    ("summary", "label"),
    [
        ("A falsehood spread", "False"),
        ("The tax was falsely described", "False"),
        ("Untrue rumours about tolls", "True"),
        ("Prices rose", "\u200b"),  # a label made of nothing visible names nothing
        ("Pants are on fire", "Pants on Fire"),
    ],
)
def test_words_that_merely_contain_the_label_are_not_the_label(summary: str, label: str) -> None:
    assert not mentions_label(summary, label)


@pytest.mark.parametrize(
    ("label", "summary"),
    [
        ("F\u200balse", "This is false"),  # the rule folds the label too
        ("\uff26alse", "This is FALSE"),
        ("Engan\u0303oso", "Es enga\u00f1oso"),
        ("Pinocchio\u00a0x4", "Four: Pinocchio x4"),
    ],
)
def test_the_label_is_folded_the_same_way(label: str, summary: str) -> None:
    assert mentions_label(summary, label)


def test_comparable_form() -> None:
    assert comparable("  \uff26a\u0301L\u00adse\u200b  TRUE ") == "false true"


@pytest.mark.parametrize("summary", DISGUISED[:6])
def test_claimreview_validation_catches_disguised_labels(summary: str) -> None:
    doc = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": summary,
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "url": "https://desk.test/claims/1",
        "author": {"@type": "Organization", "name": "Desk"},
    }
    assert any("verdict label" in p for p in validate_claim_review(doc, site_url="https://desk.test"))
    assert not mentions_label(claim_reviewed_text(summary, "The bridge cost 40 million", "False"), "False")


@pytest.mark.parametrize("summary", ["This is F\u200bALSE", "\uff26\uff21\uff2c\uff33\uff25 claim", "fa\u0301lse!"])
def test_the_api_refuses_a_disguised_verdict(
    client: FlaskClient, db: Session, login_as: Callable[..., User], summary: str
) -> None:
    room = make_newsroom(db)
    token = users.create_token(db, None, room.reviewer)
    db.commit()
    claim: Claim = room.claims[ClaimStatus.IN_REVIEW]
    before = snapshot(db)
    response = client.put(
        f"/api/v1/claims/{claim.id}/verdict",
        json={"version": claim.version, "rating": "False", "summary": summary},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 422, response.data
    assert response.get_json()["error"]["fields"] == {"summary": "contains the verdict"}
    assert snapshot(db) == before
