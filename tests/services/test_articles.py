"""Fixes found by review: publishing leaves re-reviewed claims alone, article URLs are absolute http(s),
a verdict label is matched as a word, re-anchoring flags claims with verdicts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, User
from factcheck.models.rating import mentions_label
from factcheck.services import importing, publishing, ratings, sources, verdicts
from factcheck.services.errors import ValidationError
from tests.support import builders


def test_publishing_again_leaves_a_claim_in_re_review_alone(db: Session, make_user: Callable[..., User]) -> None:
    reviewer, editor = make_user("reviewer"), make_user("editor")
    article = builders.make_article(db, extract=False)
    reopened = builders.make_claim(db, article, "41 ferries sailed", status="approved")
    other = builders.make_claim(db, article, "ticket prices would fall", status="approved")
    builders.make_publication(db, article)
    assert reopened.status == other.status == "published"
    scale = ratings.active_scale(db)
    assert scale is not None
    verdicts.draft(db, reviewer, reopened, rating_id=scale.ratings[1].id, summary="Revised summary", rationale="")
    verdicts.submit(db, reviewer, reopened)
    assert reopened.status == "submitted"
    publishing.publish(db, editor, reopened.article, "Re-published while one claim is re-reviewed.")
    db.flush()
    assert reopened.status == "submitted" and other.status == "published"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "example.com/story", "ftp://example.org/a", "http://"])
def test_article_urls_must_be_absolute_http(db: Session, url: str) -> None:
    with pytest.raises(ValidationError, match="not an article address"):
        importing.import_draft(
            db, None, importing.ArticleDraft(title="T", text="Some text here.", origin="paste", url=url)
        )


def test_verdict_label_is_matched_as_a_word(db: Session, make_user: Callable[..., User]) -> None:
    assert mentions_label("This is FALSE.", "False") and not mentions_label("A falsehood spread", "False")
    ratings.load_presets(db)
    result = importing.import_draft(
        db,
        None,
        importing.ArticleDraft(
            title="T", text="Officials said spending on corrections doubled in 2020.", origin="paste"
        ),
    )
    claim = db.scalars(select(Claim).where(Claim.article_id == result.article.id)).first()
    assert claim is not None
    scale = ratings.active_scale(db)
    assert scale is not None
    false = next(r for r in scale.ratings if r.label == "False")
    verdicts.draft(db, make_user(), claim, rating_id=false.id, summary="A falsehood about prisons", rationale="")
    with pytest.raises(ValidationError, match="must not contain the verdict"):
        verdicts.draft(db, make_user(), claim, rating_id=false.id, summary="This is false", rationale="")


def test_reanchoring_flags_only_claims_with_verdicts(db: Session, make_user: Callable[..., User]) -> None:
    ratings.load_presets(db)
    reviewer = make_user()
    url = "https://example.org/story"
    text = "The mayor said 120 buses were bought in 2021.\n\nThe council approved a 4% budget rise on Monday."
    first = importing.import_draft(db, None, importing.ArticleDraft(title="T", text=text, origin="url", url=url))
    buses, budget = db.scalars(select(Claim).where(Claim.article_id == first.article.id).order_by(Claim.start))
    source = sources.archived_source(
        db,
        reviewer,
        url="https://example.org/s",
        title="S",
        publisher="P",
        text="120 buses",
        fetched_at=buses.created_at,
    )
    sources.add_evidence(db, reviewer, buses, source, stance="supports", passage="120 buses")
    scale = ratings.active_scale(db)
    assert scale is not None
    verdicts.draft(db, reviewer, buses, rating_id=scale.ratings[4].id, summary="Bus purchases in 2021", rationale="")
    changed = text.replace("120 buses", "112 buses").replace("4% budget", "5% budget")
    importing.import_draft(db, None, importing.ArticleDraft(title="T", text=changed, origin="url", url=url))
    db.flush()
    assert buses.anchor_state == "fuzzy" and buses.needs_rereview
    assert budget.anchor_state == "fuzzy" and not budget.needs_rereview
