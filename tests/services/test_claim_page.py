"""The claim work page (services/claim_page.py): everything it shows in a fixed number of statements."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from factcheck.models import Article
from factcheck.services import claim_page, ratings
from tests.support.builders import claims_of
from tests.support.queries import counting

WARDS = "\n\n".join(f"The budget for ward {i} rose by {i % 9 + 2}% in 2023, the treasurer said." for i in range(4))


def test_claim_page_loads_everything_in_a_fixed_number_of_statements(
    db: Session, make_article: Callable[..., Article]
) -> None:
    ratings.load_presets(db)  # the page lists the active scale's ratings
    claim = claims_of(db, make_article(WARDS))[1]
    db.commit()
    db.expire_all()
    with counting(db) as count:
        page = claim_page.claim_page(db, claim.id)
        assert page is not None and page.previous_id is not None and page.next_id is not None
        assert page.before == "" and "ward 1 " in page.claim.quote
    assert count[0] <= 18  # ten, and the matches panel's (tests/services/test_claim_matches.py)
    assert claim_page.claim_page(db, 999_999) is None
