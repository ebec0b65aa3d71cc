"""Accounts for tests: `make_user` through the users service, and the builders' own reviewer and editor."""

from __future__ import annotations

import itertools

from sqlalchemy import inspect
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import users
from tests.conftest import PASSWORD

_serial = itertools.count(1)


def next_serial() -> int:
    """A number no other call in this test run got: for unique emails, titles and URLs."""
    return next(_serial)


def make_user(
    session: Session,
    role: str = "reviewer",
    *,
    email: str | None = None,
    name: str | None = None,
    password: str = PASSWORD,
    active: bool = True,
) -> User:
    """An account made by `users.create_user` (audited); `active=False` disables it as an admin would."""
    n = next_serial()
    user = users.create_user(
        session,
        None,
        email=email or f"built-{role}-{n}@example.org",
        name=name or f"Built {role.title()} {n}",
        role=role,
        password=password,
    )
    if not active:
        users.set_active(session, None, user, False)
        session.flush()
    return user


def default_user(session: Session, role: str = "reviewer") -> User:
    """The builders' own account of a role, made on first use in this session and reused after."""
    key = f"tests.support.{role}"
    user: User | None = session.info.get(key)
    if user is None or not inspect(user).persistent:  # a rollback undoes an uncommitted one
        user = session.info[key] = make_user(session, role)
    return user
