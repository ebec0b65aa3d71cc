"""Accounts (services/users.py): creation, email normalising, password rules, duplicates."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import users
from factcheck.services.errors import Conflict, ValidationError
from tests.conftest import PASSWORD


def test_create_user_hashes_the_password(db: Session, make_user: Callable[..., User]) -> None:
    user = make_user("editor", email="Ed@Example.org")
    assert user.email == "ed@example.org"
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


@pytest.mark.parametrize(
    ("email", "role", "password", "message"),
    [
        ("not-an-email", "reviewer", PASSWORD, "not an email"),
        ("a@example.org", "boss", PASSWORD, "Unknown role"),
        ("a@example.org", "reviewer", "short", "at least 12"),
        ("a@example.org", "reviewer", "aaaaaaaaaaaaaaaa", "too simple"),
    ],
)
def test_create_user_refuses_bad_input(db: Session, email: str, role: str, password: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        users.create_user(db, None, email=email, name="A", role=role, password=password)


def test_duplicate_email_is_refused(db: Session, make_user: Callable[..., User]) -> None:
    make_user(email="same@example.org")
    with pytest.raises(Conflict):
        users.create_user(db, None, email="SAME@example.org", name="B", role="reviewer", password=PASSWORD)
