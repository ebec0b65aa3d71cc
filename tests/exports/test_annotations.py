"""The Web Annotation export: required terms always; the W3C MUST assertions when ../shared holds the suite."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from factcheck.exports import annotations, json_ld_for_html
from tests.exports import w3c

CREATED = dt.datetime(2024, 3, 5, 9, 30, tzinfo=dt.UTC)


def _claim(n: int, *, checked: bool = True) -> dict[str, Any]:
    verdict = {"rating": {"label": "Mostly false", "value": 2}, "summary": f"The harbour moved {n} times"}
    return {
        "id": n,
        "start": 10 * n,
        "end": 10 * n + 8,
        "quote": f"quote {n:02d}",
        "prefix": "before ",
        "suffix": " after",
        "verdict": verdict if checked else None,
        "checked": checked,
    }


def _collection(n: int = 3) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    items = [
        annotations.annotation(
            _claim(i, checked=i != 1),
            annotation_id=f"https://desk.test/a/x/v/1/annotations#claim-{i}",
            source_url="https://news.test/story",
            created=CREATED,
            claim_url=f"https://desk.test/claims/{i}",
            creator={"name": "Desk", "url": "https://desk.test/about"},
        )
        for i in range(n)
    ]
    doc = annotations.annotation_collection(
        items, collection_id="https://desk.test/a/x/annotations.jsonld", label="Claims in a story", created=CREATED
    )
    return items, doc


def test_collection_has_the_required_terms() -> None:
    _items, doc = _collection()
    assert annotations.required_terms_problems(doc) == []
    first = doc["first"]
    assert doc["total"] == 3 and first["id"].startswith("https://") and first["type"] == "AnnotationPage"
    item = first["items"][0]
    assert "@context" not in item and item["motivation"] == "assessing" and item["created"] == "2024-03-05T09:30:00Z"
    kinds = [s["type"] for s in item["target"]["selector"]]
    assert kinds == ["TextQuoteSelector", "TextPositionSelector"]
    assert item["target"]["selector"][1] == {"type": "TextPositionSelector", "start": 0, "end": 8}
    assert item["body"][0]["value"] == "Mostly false" and item["body"][0]["purpose"] == "assessing"
    assert first["items"][1]["body"] == [
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": "Not checked",
            "format": "text/plain",
            "language": "en",
        }
    ]


def test_required_terms_check_catches_breaches() -> None:
    _items, doc = _collection()
    doc["first"]["items"][0]["created"] = "2024-03-05T09:30:00"
    doc["first"]["items"][1]["id"] = "claim-1"
    doc["total"] = 7
    del doc["first"]["id"]
    problems = annotations.required_terms_problems(doc)
    assert len(problems) == 4, problems


def test_relative_ids_and_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="absolute"):
        annotations.annotation(_claim(1), annotation_id="/a/x#1", source_url="https://n.test/", created=CREATED)
    with pytest.raises(ValueError, match="naive"):
        annotations.annotation(
            _claim(1), annotation_id="https://d.test/1", source_url="https://n.test/", created=dt.datetime(2024, 1, 1)
        )


def test_json_ld_for_html_cannot_close_the_script() -> None:
    text = json_ld_for_html({"x": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\\u003c/script\\u003e" in text


needs_suite = pytest.mark.skipif(not w3c.SUITE.is_dir(), reason="the W3C suite lives in ../shared (absent)")


@needs_suite
def test_w3c_must_assertions_pass() -> None:
    items, doc = _collection()
    assert w3c.failures("collection", doc) == []
    assert w3c.failures("page", doc) == []
    for item in items:
        assert w3c.failures("annotation", item) == []


@needs_suite
def test_w3c_runner_rejects_known_traps() -> None:
    items, doc = _collection()
    no_page_id = {**doc, "first": {k: v for k, v in doc["first"].items() if k != "id"}}
    assert w3c.failures("page", no_page_id) != []
    assert w3c.failures("annotation", {**items[0], "id": "not a uri"}) != []
    assert w3c.failures("annotation", {**items[0], "created": "2024-03-05 09:30"}) != []
    assert w3c.failures("annotation", {k: v for k, v in items[0].items() if k != "target"}) != []
