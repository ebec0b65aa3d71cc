"""ClaimReview import: every published form, bad records reported and skipped, never a crash (property tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskCliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.claims.claimreview_read import Problem, Review, read_reviews
from factcheck.models import ExternalCheck
from factcheck.services import external_checks
from tests.fetch.conftest import LocalServer


def review(claim: str = "The river tunnel cost 2 billion euros", **extra: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/tunnel",
        "claimReviewed": claim,
        "datePublished": "2024-05-02",
        "author": {"@type": "Organization", "name": "Example Checks", "url": "https://checks.example"},
        "reviewRating": {"@type": "Rating", "alternateName": "Mostly true", "ratingValue": "4", "bestRating": 5,
                         "worstRating": 1},
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Councillor"},
                         "appearance": [{"@type": "CreativeWork", "url": "https://news.example/tunnel"}]},
    }  # fmt: skip
    doc.update(extra)
    return doc


def reviews(text: str) -> list[Review]:
    return [r for r in read_reviews(text) if isinstance(r, Review)]


def test_a_single_review_is_read_with_every_field() -> None:
    [r] = reviews(json.dumps(review()))
    assert (r.claim_text, r.rating_text, r.rating_value) == (
        "The river tunnel cost 2 billion euros",
        "Mostly true",
        0.75,
    )
    assert (r.reviewer_name, r.reviewer_url, r.review_url) == (
        "Example Checks",
        "https://checks.example",
        "https://checks.example/tunnel",
    )
    assert r.reviewed_on is not None and r.reviewed_on.isoformat() == "2024-05-02"
    assert (r.claim_author, r.claim_appearance) == ("A. Councillor", "https://news.example/tunnel")
    assert len(r.digest) == 64 and r.raw["claimReviewed"] == r.claim_text  # fmt: skip


@pytest.mark.parametrize(
    "wrap",
    [
        lambda docs: json.dumps(docs),
        lambda docs: json.dumps({"@context": "https://schema.org", "@graph": docs}),
        lambda docs: json.dumps({"@type": "DataFeed", "dataFeedElement": docs}),
        lambda docs: json.dumps({"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": docs}]}),
        lambda docs: "\n".join(json.dumps(d) for d in docs),
        lambda docs: "<html><head><script type='application/ld+json'>" + json.dumps(docs) + "</script></head></html>",
    ],
    ids=["list", "graph", "datafeed", "datafeed-items", "json-lines", "html-page"],
)
def test_every_container_form_is_read(wrap: Any) -> None:
    docs = [review("Bridge tolls rose 5%"), review("Bridge tolls fell 5%")]
    assert [r.claim_text for r in reviews(wrap(docs))] == ["Bridge tolls rose 5%", "Bridge tolls fell 5%"]


@pytest.mark.parametrize(
    ("doc", "reason"),
    [
        (review(claimReviewed=""), "claimReviewed"),
        (review(reviewRating={"@type": "Rating", "ratingValue": 3}), "alternateName"),
        ({"@type": "NewsArticle", "headline": "x"}, "not a ClaimReview"),
        (["just text"], "expected a JSON object"),
    ],
)
def test_bad_records_are_reported_and_skipped(doc: Any, reason: str) -> None:
    text = (
        json.dumps([doc, review("Bus lanes cut journey times by 9 minutes")])
        if isinstance(doc, dict)
        else json.dumps(doc)
    )
    found = list(read_reviews(text))
    problems = [p for p in found if isinstance(p, Problem)]
    assert problems and reason in problems[0].reason
    if isinstance(doc, dict):
        assert [r.claim_text for r in found if isinstance(r, Review)] == ["Bus lanes cut journey times by 9 minutes"]


def test_broken_json_lines_are_reported_by_line() -> None:
    text = json.dumps(review("One")) + "\n{broken\n" + json.dumps(review("Two"))
    found = list(read_reviews(text))
    assert [r.claim_text for r in found if isinstance(r, Review)] == ["One", "Two"]
    assert [p.where for p in found if isinstance(p, Problem)] == ["line 2"]


def test_ratings_outside_their_scale_are_not_normalised() -> None:
    rating = {"alternateName": "Odd", "ratingValue": 9, "bestRating": 5, "worstRating": 1}
    assert reviews(json.dumps(review(reviewRating=rating)))[0].rating_value is None
    rating = {"alternateName": "Reversed", "ratingValue": 2, "bestRating": 1, "worstRating": 5}
    assert reviews(json.dumps(review(reviewRating=rating)))[0].rating_value == 0.75


def test_import_stores_once_and_counts_duplicates(db: Session) -> None:
    text = json.dumps([review("Tunnel A"), review("Tunnel B"), review("Tunnel A"), {"@type": "Thing"}])
    first = external_checks.import_text(db, text)
    assert (first.added, first.duplicates, len(first.problems)) == (2, 1, 1)
    again = external_checks.import_text(db, text)
    assert (again.added, again.duplicates) == (0, 3)
    assert sorted(db.scalars(select(ExternalCheck.claim_text))) == ["Tunnel A", "Tunnel B"]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=20,
)
KEYS = st.sampled_from(["@type", "claimReviewed", "reviewRating", "author", "url", "datePublished", "itemReviewed",
                        "@graph", "dataFeedElement", "item", "alternateName", "ratingValue", "bestRating",
                        "worstRating", "name", "appearance"])  # fmt: skip
SHAPED = st.recursive(
    st.none() | st.integers() | st.floats() | st.text() | st.sampled_from(["ClaimReview", "DataFeed", "DataFeedItem"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(doc=JSON | SHAPED)
def test_arbitrary_json_never_crashes_the_import(db: Session, doc: Any) -> None:
    text = json.dumps(doc)
    report = external_checks.import_text(db, text)
    assert external_checks.count(db) == report.added  # what was reported added is what was stored
    assert all(p.where and p.reason for p in report.problems)
    db.rollback()


@settings(max_examples=150, deadline=None)
@given(text=st.text())
def test_arbitrary_text_never_crashes_the_reader(text: str) -> None:
    for item in read_reviews(text):
        assert isinstance(item, Review | Problem)


def test_cli_imports_a_file_and_a_url(runner: FlaskCliRunner, tmp_path: Path, server: LocalServer, db: Session) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps(review("File claim")) + "\nnot json\n" + json.dumps(review("Other")), encoding="utf-8")
    result = runner.invoke(args=["claimreview", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert "2 imported, 0 already known, 1 skipped." in result.output and "line 2" in result.output
    page = f"<html><script type='application/ld+json'>{json.dumps(review('Page claim'))}</script></html>"
    url = server.route("/review", body=page.encode(), content_type="text/html")
    result = runner.invoke(args=["claimreview", "import", url])
    assert result.exit_code == 0, result.output
    assert "1 imported" in result.output
    assert "Page claim" in set(db.scalars(select(ExternalCheck.claim_text)))
    result = runner.invoke(args=["claimreview", "import", str(tmp_path / "missing.json")])
    assert result.exit_code != 0 and "no such file" in result.output
