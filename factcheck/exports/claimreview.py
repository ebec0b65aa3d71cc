"""schema.org ClaimReview for one published claim (Google's fact-check profile, see STANDARDS.md).

API (pure functions over snapshot dicts):

    claim_review(claim, article, *, claim_url, article_url, published_at, organisation, scale) -> dict
    validate_claim_review(doc, *, site_url, labels=()) -> list[str]   # [] when the document passes
    claim_reviewed_text(summary, quote, label) -> str

`claim` is one entry of `snapshot["claims"]` with a `verdict` (an ExportClaim: what this writer reads of it);
`article` is `snapshot["article"]`; `organisation` is `{"name": ..., "url": ...}` (the ClaimReview author, from
settings); `scale` is `snapshot["scale"]` (only its best and worst values are read). Types: models/snapshot.py.
Labels off the ordinal ladder (no number) carry `alternateName` only.

`itemReviewed` (the Claim) carries what is known of it, and nothing empty: its `author` (the speaker, a Person;
else the outlet, an Organization), when it was made (`datePublished`: the article's date) and where it appeared
(`appearance` and `firstAppearance`: the article as a CreativeWork with its URL, headline, date, byline `author`
and `publisher`, the outlet). No URL, no appearance: an appearance is somewhere a reader can go.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from factcheck.models.rating import mentions_label
from factcheck.models.snapshot import ExportArticle, ExportClaim, ExportVerdict, ScaleBounds

MAX_CLAIM_REVIEWED = 75
SHORTENERS = frozenset({"bit.ly", "t.co", "goo.gl", "tinyurl.com", "ow.ly", "is.gd", "buff.ly", "rebrand.ly"})


_mentions = mentions_label  # the same rule the verdict form applies


def _shorten(text: str, limit: int = MAX_CLAIM_REVIEWED - 1) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:.-–— ")
    return cut + "…"


def claim_reviewed_text(summary: str, quote: str, label: str) -> str:
    """What was claimed, in under 75 characters and without the verdict label: the reviewer's summary when it
    qualifies, else the quoted claim, shortened at a word boundary."""
    for candidate in (summary, quote):
        if candidate.strip() and not _mentions(candidate, label):
            return _shorten(candidate)
    return _shorten(summary or quote)


def _rating(verdict: ExportVerdict, scale: ScaleBounds | None) -> dict[str, Any]:
    rating = verdict["rating"]
    doc: dict[str, Any] = {"@type": "Rating", "alternateName": rating["label"]}
    value = rating["value"]
    best, worst = (scale["best"], scale["worst"]) if scale else (None, None)
    if value is not None and best is not None and worst is not None:
        doc.update({"ratingValue": value, "bestRating": best, "worstRating": worst, "name": rating["label"]})
    return doc


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, str) and value:
        return value[:10]
    return None


def _name(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def item_reviewed(claim: ExportClaim, article: ExportArticle, article_url: str | None) -> dict[str, Any]:
    """The Claim reviewed: its author and appearance when known (see the module's docstring)."""
    item: dict[str, Any] = {"@type": "Claim"}
    speaker, outlet = _name(claim.get("speaker")), _name(article.get("outlet"))
    byline = _name(article.get("author"))
    if speaker:
        item["author"] = {"@type": "Person", "name": speaker}
    elif outlet:
        item["author"] = {"@type": "Organization", "name": outlet}
    if article.get("published_on"):
        item["datePublished"] = article["published_on"]
    if article_url:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": article_url}
        if _name(article.get("title")):
            appearance["headline"] = article["title"]
        if article.get("published_on"):
            appearance["datePublished"] = article["published_on"]
        if byline:
            appearance["author"] = {"@type": "Person", "name": byline}
        if outlet:
            appearance["publisher"] = {"@type": "Organization", "name": outlet}
        item["appearance"] = [appearance]
        item["firstAppearance"] = appearance
    return item


def claim_review(
    claim: ExportClaim,
    article: ExportArticle,
    *,
    claim_url: str,
    article_url: str | None,
    published_at: dt.datetime | str,
    organisation: Mapping[str, str],
    scale: ScaleBounds | None,
) -> dict[str, Any]:
    """The ClaimReview of one checked claim. Raises ValueError for a claim without an approved verdict."""
    verdict = claim["verdict"]
    if not verdict:
        raise ValueError("only a checked claim (with an approved verdict) has a ClaimReview")
    label = verdict["rating"]["label"]
    author: dict[str, Any] = {"@type": "Organization", "name": organisation.get("name", "")}
    if organisation.get("url"):
        author["url"] = organisation["url"]
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_url,
        "claimReviewed": claim_reviewed_text(verdict["summary"], claim["quote"], label),
        "datePublished": _date(published_at),
        "author": author,
        "reviewRating": _rating(verdict, scale),
        "itemReviewed": item_reviewed(claim, article, article_url),
    }
    return doc


def _same_site(url: str, site_url: str) -> bool:
    a, b = urlsplit(url), urlsplit(site_url)
    return a.scheme in ("http", "https") and (a.scheme, a.netloc.lower()) == (b.scheme, b.netloc.lower())


def _check_rating(rating: Any, problems: list[str]) -> None:
    if not isinstance(rating, Mapping) or not str(rating.get("alternateName", "")).strip():
        problems.append("reviewRating.alternateName (the verdict label) is required")
        return
    numbers = {k: rating.get(k) for k in ("ratingValue", "bestRating", "worstRating")}
    present = [k for k, v in numbers.items() if v is not None]
    if present and len(present) < 3:
        problems.append("reviewRating has some of ratingValue/bestRating/worstRating but not all")
    if len(present) == 3:
        value, best, worst = numbers["ratingValue"], numbers["bestRating"], numbers["worstRating"]
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (value, best, worst)):
            problems.append("reviewRating numbers must be numbers")
        elif not worst <= value <= best:  # type: ignore[operator]
            problems.append(f"ratingValue {value} lies outside worstRating {worst}..bestRating {best}")


def validate_claim_review(doc: Mapping[str, Any], *, site_url: str, labels: Iterable[str] = ()) -> list[str]:
    """Every breach of STANDARDS.md's ClaimReview rules, as readable sentences; [] when the document passes.

    `labels` are the scale's labels: `claimReviewed` may contain none of them (nor the document's own label)."""
    problems: list[str] = []
    if doc.get("@type") != "ClaimReview":
        problems.append("@type must be ClaimReview")
    if doc.get("@context") not in ("https://schema.org", "http://schema.org", "https://schema.org/"):
        problems.append("@context must be https://schema.org")
    reviewed = doc.get("claimReviewed")
    rating = doc.get("reviewRating")
    if not isinstance(reviewed, str) or not reviewed.strip():
        problems.append("claimReviewed (text) is required")
    else:
        if len(reviewed) >= MAX_CLAIM_REVIEWED:
            problems.append(f"claimReviewed has {len(reviewed)} characters; keep it under {MAX_CLAIM_REVIEWED}")
        own = [str(rating.get("alternateName", ""))] if isinstance(rating, Mapping) else []
        for label in {*labels, *own}:
            if _mentions(reviewed, label):
                problems.append(f"claimReviewed contains the verdict label {label!r}")
    _check_rating(rating, problems)
    url = doc.get("url")
    if not isinstance(url, str) or not url:
        problems.append("url is required")
    elif urlsplit(url).netloc.lower() in SHORTENERS:
        problems.append("url must not be a link shortener")
    elif not _same_site(url, site_url):
        problems.append(f"url {url} is not on this site ({site_url})")
    author = doc.get("author")
    if author is not None and (not isinstance(author, Mapping) or not str(author.get("name", "")).strip()):
        problems.append("author must be an Organization with a name")
    return problems
