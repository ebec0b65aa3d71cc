"""The builders as pytest fixtures, bound to the test's `db` session (a pytest plugin, listed in
tests/conftest.py's `pytest_plugins`).

    def test_x(make_claim, make_verdict): claim = make_claim(status="submitted", kind="quantity")

`make_user` is tests/conftest.py's own fixture (it commits); `tests.support.people.make_user(db, ...)` is the builder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, Evidence, Publication, Rating, Source, Verdict
from tests.support import builders


@pytest.fixture()
def make_article(db: Session) -> Callable[..., Article]:
    return functools.partial(builders.make_article, db)


@pytest.fixture()
def make_claim(db: Session) -> Callable[..., Claim]:
    return functools.partial(builders.make_claim, db)


@pytest.fixture()
def make_source(db: Session) -> Callable[..., Source]:
    return functools.partial(builders.make_source, db)


@pytest.fixture()
def make_evidence(db: Session) -> Callable[..., Evidence]:
    return functools.partial(builders.make_evidence, db)


@pytest.fixture()
def make_verdict(db: Session) -> Callable[..., Verdict]:
    return functools.partial(builders.make_verdict, db)


@pytest.fixture()
def make_publication(db: Session) -> Callable[..., Publication]:
    return functools.partial(builders.make_publication, db)


@pytest.fixture()
def rating_by_label(db: Session) -> Callable[[str], Rating]:
    """A rating of the active scale by label (the presets are loaded on first use)."""
    return functools.partial(builders.rating, db)
