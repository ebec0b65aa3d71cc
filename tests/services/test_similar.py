"""“Previously checked” (services/similar.py): claims with an approved verdict that resemble a new claim."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim
from factcheck.services import similar


def test_previously_checked_finds_verdicted_claims_elsewhere(
    db: Session, make_article: Callable[..., Article], make_claim: Callable[..., Claim]
) -> None:
    first = make_article("The minister said exports fell 12% in 2019.", extract=False)
    checked = make_claim(first, status="approved")
    other = make_article(
        "A senator claimed that exports fell 12% during 2019.\n\nUnrelated weather "
        "report: rain is expected across the north."
    )
    db.commit()
    new_claim = db.scalar(select(Claim).where(Claim.article_id == other.id, Claim.quote.contains("exports")))
    assert new_claim is not None
    found = similar.previously_checked(db, new_claim)
    assert [s.claim.id for s in found] == [checked.id] and found[0].score > 60
    assert similar.previously_checked(db, checked) == []  # the later claim has no verdict
