"""Comments on claims (services/comments.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from factcheck.models import Claim, User
from factcheck.services import comments
from factcheck.services.errors import ValidationError


def test_comments(db: Session, make_claim: Callable[..., Claim], make_user: Callable[..., User]) -> None:
    user, claim = make_user(), make_claim()
    comments.add_comment(db, user, claim, "  Check the 2018 baseline.  ")
    assert [c.body for c in comments.for_claim(db, claim)] == ["Check the 2018 baseline."]
    with pytest.raises(ValidationError, match="empty"):
        comments.add_comment(db, user, claim, "   ")
    with pytest.raises(ValidationError, match="limited"):
        comments.add_comment(db, user, claim, "x" * (comments.MAX_COMMENT + 1))
