"""ClaimReview's itemReviewed (issue 12): the claim's author and where it appeared, when known, nothing empty."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.exports.claimreview import claim_review, item_reviewed, validate_claim_review
from factcheck.models import Article, Publication, Source, User
from factcheck.models.snapshot import ExportArticle, ExportClaim
from factcheck.services import demo
from tests.support.reports_data import build_known_set

SITE = "http://factcheck.test"
FULL: ExportArticle = {
    "title": "Bridge story",
    "outlet": "Daily Test",
    "url": "https://news.test/bridge",
    "published_on": "2023-06-01",
    "author": "Ann Writer",
}


def _claim(speaker: str | None) -> ExportClaim:
    return {
        "id": 7,
        "start": 0,
        "end": 10,
        "quote": "The new bridge cost 40 million.",
        "prefix": "",
        "suffix": "",
        "kind": "quantity",
        "speaker": speaker,
        "checked": True,
        "verdict": {"rating": {"label": "True", "value": 5}, "summary": "The bridge cost 40 million"},
    }


def test_everything_known_is_carried() -> None:
    item = item_reviewed(_claim("The mayor"), FULL, FULL["url"])
    work = {
        "@type": "CreativeWork",
        "url": "https://news.test/bridge",
        "headline": "Bridge story",
        "datePublished": "2023-06-01",
        "author": {"@type": "Person", "name": "Ann Writer"},
        "publisher": {"@type": "Organization", "name": "Daily Test"},
    }
    assert item == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "The mayor"},
        "datePublished": "2023-06-01",
        "appearance": [work],
        "firstAppearance": work,
    }


def test_what_is_not_known_is_left_out() -> None:
    # No speaker: the outlet is the claim's author. No URL: no appearance (there is nowhere to go).
    bare: ExportArticle = {"title": "Bridge story", "outlet": "Daily Test", "url": None, "published_on": None}
    assert item_reviewed(_claim("  "), bare, None) == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "Daily Test"},
    }
    # Nothing known: an empty Claim, no empty names or URLs.
    nothing: ExportArticle = {"title": "", "outlet": "", "url": None, "published_on": None, "author": ""}
    assert item_reviewed(_claim(None), nothing, None) == {"@type": "Claim"}
    # A URL with no byline, outlet or title: the appearance is the URL alone.
    assert item_reviewed(_claim(None), {**nothing, "url": "https://x.test/a"}, "https://x.test/a")["appearance"] == [
        {"@type": "CreativeWork", "url": "https://x.test/a"}
    ]
    doc = claim_review(
        _claim("The mayor"),
        FULL,
        claim_url=f"{SITE}/claims/7",
        article_url=FULL["url"],
        published_at=dt.datetime(2024, 2, 1, tzinfo=dt.UTC),
        organisation={"name": "Desk"},
        scale={"best": 5, "worst": 1},
    )
    assert validate_claim_review(doc, site_url=SITE) == [] and doc["itemReviewed"]["firstAppearance"]["publisher"]


def _ld(html: str) -> dict[str, Any]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    doc: dict[str, Any] = json.loads(blocks[0])
    return doc


def test_the_claim_page_names_the_article_its_byline_and_outlet(client: FlaskClient, db: Session) -> None:
    demo.load_demo(db)
    db.commit()
    article = db.scalars(select(Article)).one()
    pub = db.scalars(select(Publication)).one()
    claim = next(c for c in pub.snapshot["claims"] if c["checked"])
    item = _ld(client.get(f"/claims/{claim['id']}").get_data(as_text=True))["itemReviewed"]
    appearance = item["appearance"][0]
    assert appearance["url"] == article.url and appearance["headline"] == article.title
    assert appearance["publisher"] == {"@type": "Organization", "name": article.outlet}
    assert appearance["author"] == {"@type": "Person", "name": article.author} and article.author
    assert item["firstAppearance"] == appearance and "author" in item


def test_feeds_name_the_claims_author_and_appearance_and_no_confidential_source(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    """The ClaimReview feed and the annotation collection are public formats: a confidential source (or any
    source) is never in them, while the desk's CSV of the same set lists it, marked confidential."""
    known = build_known_set(db)
    db.execute(update(Article).where(Article.id == known.article_a.id).values(author="Ann Writer"))
    db.execute(
        update(Source)
        .where(Source.url == "https://src.example.org/jobs")
        .values(confidential=True, title="Whistleblower memo", publisher="Secret Office")
    )
    db.commit()
    login_as("editor")
    bodies = {}
    for fmt in ("claimreview", "annotations", "csv"):
        response = client.get(f"/reports/download?format={fmt}")
        bodies[fmt] = response.get_data(as_text=True)
        response.close()
    printable = client.get("/reports/print").get_data(as_text=True)  # the PDF's template
    assert "CONFIDENTIAL · web · Whistleblower memo · Secret Office" in printable
    for fmt in ("claimreview", "annotations"):
        for secret in ("src.example.org/jobs", "Whistleblower", "Secret Office"):
            assert secret not in bodies[fmt], (fmt, secret)
    assert "Whistleblower memo" in bodies["csv"] and "Secret Office" in bodies["csv"]
    feed = json.loads(bodies["claimreview"])
    tricky = next(d for d in feed["dataFeedElement"] if d["url"].endswith(f"/claims/{known.claims['tricky'].id}"))
    item = tricky["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "José Müller"}
    assert item["appearance"][0] == {
        "@type": "CreativeWork",
        "url": "https://news.example.com/budget-cuts",
        "headline": 'Budget "cuts", explained',
        "datePublished": "2024-01-01",
        "author": {"@type": "Person", "name": "Ann Writer"},
        "publisher": {"@type": "Organization", "name": "Ledger, Inc."},
    }
