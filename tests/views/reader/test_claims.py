"""A published claim's page (views/reader/claims.py) carries exactly one valid ClaimReview."""

from __future__ import annotations

import json
import re

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.exports.claimreview import validate_claim_review
from factcheck.models import Article, Claim, Publication
from factcheck.services import demo

SITE = "http://factcheck.test"


def _demo(db: Session) -> tuple[Article, Publication]:
    demo.load_demo(db)
    db.commit()
    return db.scalars(select(Article)).one(), db.scalars(select(Publication)).one()


def test_claim_page_has_exactly_one_valid_claimreview(client: FlaskClient, db: Session) -> None:
    _article, pub = _demo(db)
    checked = [c for c in pub.snapshot["claims"] if c["checked"]]
    for claim in checked:
        html = client.get(f"/claims/{claim['id']}").get_data(as_text=True)
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1
        doc = json.loads(blocks[0])
        assert validate_claim_review(doc, site_url=SITE) == []
        assert doc["url"] == f"{SITE}/claims/{claim['id']}"
    # Only checked claims have a page: the engine's suggestions (never published) and unknown ids are 404.
    unchecked = db.scalars(select(Claim).where(Claim.id.not_in([c["id"] for c in checked]))).first()
    assert unchecked is not None
    assert client.get(f"/claims/{unchecked.id}").status_code == 404
    assert client.get("/claims/999999").status_code == 404
