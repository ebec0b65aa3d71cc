"""W3C Web Annotations for published claims, and AnnotationCollections of them (no Flask, no database).

API (pure functions over snapshot dicts):

    annotation(claim, *, annotation_id, source_url, created, claim_url=None, creator=None) -> dict
    annotation_collection(items, *, collection_id, label, created=None, page_id=None) -> dict
    required_terms_problems(collection) -> list[str]    # [] when the spec's required terms are all there

Each claim becomes one Annotation with motivation `assessing`, a SpecificResource target on the article's URL
with two alternative selectors (TextQuoteSelector: exact/prefix/suffix; TextPositionSelector: start/end in
Unicode code points), and bodies: a TextualBody with the verdict label (purpose `assessing`), one with the
summary (purpose `describing`) and a link to the claim's own page. A claim that is not checked gets the body
"Not checked" so nothing is hidden. Ids must be absolute URIs; `created` is UTC with `Z`.
Serve a collection as `MEDIA_TYPE`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from factcheck.exports import iso_z, parse_iso
from factcheck.models.snapshot import ExportClaim

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json;profile="http://www.w3.org/ns/anno.jsonld"'
NOT_CHECKED = "Not checked"


def _absolute(uri: str, what: str) -> str:
    parts = urlsplit(uri)
    if not parts.scheme or not (parts.netloc or parts.scheme in ("urn", "tag")):
        raise ValueError(f"{what} must be an absolute URI, got {uri!r}")
    return uri


def _selectors(claim: ExportClaim) -> list[dict[str, Any]]:
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": claim["quote"]}
    if claim["prefix"]:
        quote["prefix"] = claim["prefix"]
    if claim["suffix"]:
        quote["suffix"] = claim["suffix"]
    position = {"type": "TextPositionSelector", "start": claim["start"], "end": claim["end"]}
    return [quote, position]


def _bodies(claim: ExportClaim, claim_url: str | None, language: str) -> list[dict[str, Any]]:
    verdict = claim["verdict"]
    label = verdict["rating"]["label"] if verdict else NOT_CHECKED
    bodies: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "assessing", "value": label, "format": "text/plain", "language": language},
    ]
    if verdict and verdict["summary"]:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "describing",
                "value": verdict["summary"],
                "format": "text/plain",
                "language": language,
            }
        )
    if verdict and claim_url:
        bodies.append({"id": _absolute(claim_url, "claim_url"), "type": "Text", "format": "text/html"})
    return bodies


def annotation(
    claim: ExportClaim,
    *,
    annotation_id: str,
    source_url: str,
    created: dt.datetime | str,
    claim_url: str | None = None,
    creator: Mapping[str, str] | None = None,
    language: str = "en",
) -> dict[str, Any]:
    """One claim (a `snapshot["claims"]` entry) as a Web Annotation on the article at `source_url`."""
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "id": _absolute(annotation_id, "annotation_id"),
        "type": "Annotation",
        "motivation": "assessing",
        "created": iso_z(parse_iso(created)),
        "body": _bodies(claim, claim_url, language),
        "target": {
            "type": "SpecificResource",
            "source": _absolute(source_url, "source_url"),
            "selector": _selectors(claim),
        },
    }
    if creator and creator.get("name"):
        agent: dict[str, Any] = {"type": "Organization", "name": creator["name"]}
        if creator.get("url"):
            agent["id"] = _absolute(creator["url"], "creator url")
        doc["creator"] = agent
    return doc


def annotation_collection(
    items: Sequence[Mapping[str, Any]],
    *,
    collection_id: str,
    label: str,
    created: dt.datetime | str | None = None,
    page_id: str | None = None,
) -> dict[str, Any]:
    """A collection with `total` and its one embedded first AnnotationPage (which has an id of its own).
    The annotations inside drop their own `@context`: the collection's applies."""
    page: dict[str, Any] = {
        "id": _absolute(page_id or f"{collection_id}#page-1", "page_id"),
        "type": "AnnotationPage",
        "startIndex": 0,
        "items": [{k: v for k, v in item.items() if k != "@context"} for item in items],
    }
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "id": _absolute(collection_id, "collection_id"),
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
    }
    if created is not None:
        doc["created"] = iso_z(parse_iso(created))
    doc["first"] = page
    return doc


def _annotation_problems(n: int, item: Mapping[str, Any]) -> list[str]:
    problems = []
    if item.get("type") != "Annotation":
        problems.append(f"item {n}: type must be Annotation")
    if not str(item.get("id", "")).startswith(("http://", "https://", "urn:")):
        problems.append(f"item {n}: id must be an absolute URI")
    if not item.get("target"):
        problems.append(f"item {n}: target is required")
    if "body" in item and "bodyValue" in item:
        problems.append(f"item {n}: body and bodyValue must not both be present")
    created = item.get("created")
    if created is not None and not str(created).endswith("Z"):
        problems.append(f"item {n}: created must be UTC with Z")
    return problems


def required_terms_problems(collection: Mapping[str, Any]) -> list[str]:
    """The Web Annotation Data Model's required terms for a collection with an embedded page (a quick check
    that needs no copy of the W3C suite)."""
    problems: list[str] = []
    if collection.get("@context") != CONTEXT:
        problems.append(f"@context must be {CONTEXT}")
    if collection.get("type") != "AnnotationCollection":
        problems.append("type must be AnnotationCollection")
    if not str(collection.get("id", "")).startswith(("http://", "https://")):
        problems.append("collection id must be an absolute URI")
    first = collection.get("first")
    items = first.get("items") if isinstance(first, Mapping) else None
    if not isinstance(first, Mapping) or first.get("type") != "AnnotationPage" or not first.get("id"):
        problems.append("first must be an embedded AnnotationPage with an id")
    if not isinstance(items, list):
        problems.append("the first page must list items")
        return problems
    if collection.get("total") != len(items):
        problems.append("total must equal the number of items")
    for n, item in enumerate(items):
        problems.extend(_annotation_problems(n, item))
    return problems
