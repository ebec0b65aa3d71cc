"""ClaimReview documents and the validator of STANDARDS.md's rules (good and bad cases)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from factcheck.exports.claimreview import claim_review, claim_reviewed_text, validate_claim_review

SITE = "https://desk.test"
ARTICLE = {"title": "Bridge story", "outlet": "Daily Test", "published_on": "2023-06-01", "slug": "bridge"}
SCALE = {"name": "Five steps", "best": 5, "worst": 1}
LABELS = ("False", "Mostly false", "Half true", "Mostly true", "True", "Satire")


def _claim(label: str = "Mostly true", value: int | None = 4, summary: str = "The bridge cost 40 million") -> dict:
    return {
        "id": 7,
        "quote": "The new bridge cost 40 million, the mayor said.",
        "speaker": "The mayor",
        "verdict": {"rating": {"label": label, "value": value}, "summary": summary},
    }


def _doc(**kwargs: Any) -> dict[str, Any]:
    return claim_review(
        _claim(**kwargs),
        ARTICLE,
        claim_url=f"{SITE}/claims/7",
        article_url="https://news.test/bridge",
        published_at=dt.datetime(2024, 2, 1, tzinfo=dt.UTC),
        organisation={"name": "Desk", "url": f"{SITE}/about"},
        scale=SCALE,
    )


def test_a_numeric_verdict_passes_with_consistent_numbers() -> None:
    doc = _doc()
    assert validate_claim_review(doc, site_url=SITE, labels=LABELS) == []
    assert doc["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
        "name": "Mostly true",
    }
    assert doc["itemReviewed"]["author"] == {"@type": "Person", "name": "The mayor"}
    assert doc["datePublished"] == "2024-02-01" and doc["author"]["name"] == "Desk"


def test_an_off_scale_label_has_no_numbers() -> None:
    doc = _doc(label="Satire", value=None)
    assert doc["reviewRating"] == {"@type": "Rating", "alternateName": "Satire"}
    assert validate_claim_review(doc, site_url=SITE, labels=LABELS) == []


def test_claim_reviewed_avoids_the_label_and_stays_short() -> None:
    assert claim_reviewed_text("True: the bridge cost 40 million", "The bridge cost 40 million", "True") == (
        "The bridge cost 40 million"
    )
    long = claim_reviewed_text("word " * 40, "", "False")
    assert len(long) < 75 and long.endswith("…")
    assert "untrue" in claim_reviewed_text("An untrue rumour about tolls", "", "True")  # whole words only


def test_bad_documents_are_reported() -> None:
    doc = _doc()
    cases: list[tuple[dict[str, Any], str]] = [
        ({**doc, "url": "https://elsewhere.test/claims/7"}, "not on this site"),
        ({**doc, "url": "https://bit.ly/abc"}, "shortener"),
        ({**doc, "url": ""}, "url is required"),
        ({**doc, "claimReviewed": "x" * 80}, "under 75"),
        ({**doc, "claimReviewed": "Mostly true that the bridge cost 40 million"}, "verdict label"),
        ({**doc, "claimReviewed": ""}, "claimReviewed"),
        ({**doc, "reviewRating": {**doc["reviewRating"], "ratingValue": 9}}, "outside"),
        ({**doc, "reviewRating": {"@type": "Rating", "alternateName": "Satire", "ratingValue": 3}}, "not all"),
        ({**doc, "reviewRating": {"@type": "Rating"}}, "alternateName"),
        ({**doc, "@type": "Review"}, "ClaimReview"),
        ({**doc, "author": {"@type": "Organization"}}, "author"),
    ]
    for bad, expected in cases:
        problems = validate_claim_review(bad, site_url=SITE, labels=LABELS)
        assert any(expected in p for p in problems), (expected, problems)
