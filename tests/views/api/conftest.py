"""Fixtures of the API tests: bearer-token headers for a new account of a role."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import ratings, users


@pytest.fixture()
def bearer(db: Session, make_user: Callable[..., User]) -> Callable[[str], dict[str, str]]:
    ratings.load_presets(db)
    db.commit()

    def make(role: str) -> dict[str, str]:
        user = make_user(role)
        token = users.create_token(db, None, user)
        db.commit()
        return {"Authorization": f"Bearer {token}"}

    return make
