"""Read other fact-checkers' ClaimReview markup (schema.org, Google's fact-check profile) into plain records.

Accepts what fact-checkers publish or dump: one page's JSON-LD (a ClaimReview, a list, or an `@graph`), the
`<script type="application/ld+json">` blocks of an HTML page, a schema.org DataFeed (ours, or Google's with
DataFeedItem wrappers), or JSON lines of any of these. Each review becomes a `Review`; anything unusable becomes
a `Problem` that says where and why. Nothing here raises on bad input.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

MAX_DEPTH = 8  # nesting of lists / graphs / feeds followed
MAX_TEXT = 5000


@dataclass(frozen=True)
class Review:
    claim_text: str
    rating_text: str
    rating_value: float | None  # 0 (worst) .. 1 (best), when the rating gives a numeric scale
    reviewer_name: str
    reviewer_url: str
    review_url: str
    reviewed_on: dt.date | None
    claim_author: str
    claim_appearance: str
    raw: dict[str, Any]
    digest: str


@dataclass(frozen=True)
class Problem:
    where: str
    reason: str


class _LdJson(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = (dict(attrs).get("type") or "").split(";")[0].strip().lower()
        self._inside = tag == "script" and kind == "application/ld+json"
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def documents(text: str) -> Iterator[tuple[str, Any] | Problem]:
    """(where, parsed JSON) for each document in a JSON, JSON-lines or HTML text."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<"):
        parser = _LdJson()
        try:
            parser.feed(stripped)
            parser.close()
        except Exception as exc:  # html.parser is lenient; this is a last resort
            yield Problem("page", f"not readable as HTML ({type(exc).__name__})")
            return
        if not parser.blocks:
            yield Problem("page", "no application/ld+json script in the page")
        for i, block in enumerate(parser.blocks, 1):
            yield from _json(block, f"script {i}")
        return
    try:
        yield "document", json.loads(stripped)
        return
    except (ValueError, RecursionError):
        pass
    lines = [(n, line) for n, line in enumerate(stripped.splitlines(), 1) if line.strip()]
    if len(lines) < 2:
        yield Problem("document", "not JSON, JSON lines or an HTML page")
        return
    for n, line in lines:
        yield from _json(line, f"line {n}")


def _json(text: str, where: str) -> Iterator[tuple[str, Any] | Problem]:
    try:
        yield where, json.loads(text)
    except (ValueError, RecursionError) as exc:
        yield Problem(where, f"not valid JSON ({str(exc)[:80]})")


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type", obj.get("type"))
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


def reviews_in(doc: Any, where: str, depth: int = 0) -> Iterator[tuple[str, dict[str, Any]] | Problem]:
    """Every ClaimReview object inside a document: lists, @graph, DataFeed elements and DataFeedItem wrappers."""
    if depth > MAX_DEPTH:
        yield Problem(where, "nested too deeply")
        return
    if isinstance(doc, list):
        for i, item in enumerate(doc):
            yield from reviews_in(item, f"{where}[{i}]", depth + 1)
        return
    if not isinstance(doc, dict):
        yield Problem(where, f"expected a JSON object, found {type(doc).__name__}")
        return
    types = _types(doc)
    if "ClaimReview" in types:
        yield where, doc
    elif "@graph" in doc:
        yield from reviews_in(doc["@graph"], f"{where}.@graph", depth + 1)
    elif "DataFeed" in types:
        yield from reviews_in(doc.get("dataFeedElement", []), f"{where}.dataFeedElement", depth + 1)
    elif "DataFeedItem" in types:
        yield from reviews_in(doc.get("item"), f"{where}.item", depth + 1)
    else:
        yield Problem(where, f"not a ClaimReview (type {', '.join(sorted(types)) or 'missing'})")


def _text(value: Any, limit: int = MAX_TEXT) -> str:
    if isinstance(value, list):
        value = next((v for v in value if v), "")
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or value.get("@id") or ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return " ".join(str(value).replace("\x00", " ").split())[:limit]


def _web_url(value: Any) -> str:
    """An http(s) address, or "" (a `javascript:` or `data:` link from another site is never kept)."""
    text = _text(value, 2000)
    return text if text.lower().startswith(("http://", "https://")) else ""


def _first(value: Any) -> Any:
    return next((v for v in value if v), None) if isinstance(value, list) else value


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _normalised(rating: dict[str, Any]) -> float | None:
    value, best, worst = (_number(rating.get(k)) for k in ("ratingValue", "bestRating", "worstRating"))
    if value is None or best is None or worst is None or best == worst:
        return None
    share = (value - worst) / (best - worst)
    return round(share, 4) if 0.0 <= share <= 1.0 else None


def _date(value: Any) -> dt.date | None:
    text = _text(value)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_review(obj: dict[str, Any]) -> Review | str:
    """A Review, or the reason the object cannot be used (missing claim or rating)."""
    claim = _text(obj.get("claimReviewed"))
    if not claim:
        return "claimReviewed is missing or empty"
    rating = _first(obj.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    label = _text(rating.get("alternateName") or rating.get("name"), 200)
    if not label:
        return "reviewRating has no alternateName or name (the verdict label)"
    author = _first(obj.get("author"))
    author = author if isinstance(author, dict) else {"name": author}
    item = _first(obj.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    appearance = _first(item.get("appearance")) or item.get("firstAppearance")
    raw = json.loads(json.dumps(obj, allow_nan=False, default=str))
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return Review(
        claim_text=claim,
        rating_text=label,
        rating_value=_normalised(rating),
        reviewer_name=_text(author.get("name"), 200),
        reviewer_url=_web_url(author.get("url")),
        review_url=_web_url(obj.get("url")),
        reviewed_on=_date(obj.get("datePublished")),
        claim_author=_text(item.get("author"), 200),
        claim_appearance=_web_url(appearance.get("url") if isinstance(appearance, dict) else appearance),
        raw=raw,
        digest=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


def read_reviews(text: str) -> Iterator[Review | Problem]:
    """Every usable review in a text, and a Problem for every part that is not one."""
    for found in documents(text):
        if isinstance(found, Problem):
            yield found
            continue
        for item in reviews_in(found[1], found[0]):
            if isinstance(item, Problem):
                yield item
                continue
            try:
                parsed = parse_review(item[1])
            except (ValueError, RecursionError) as exc:  # NaN/Infinity or absurd nesting in the raw object
                parsed = f"cannot be stored ({str(exc)[:80]})"
            yield parsed if isinstance(parsed, Review) else Problem(item[0], parsed)
