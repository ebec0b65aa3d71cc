"""Test support: builders for the data a test needs (`tests.support.builders`), their pytest fixtures
(`tests.support.fixtures`, registered in tests/conftest.py) and the known data set of the report tests
(`tests.support.reports_data`)."""

from tests.support.builders import (
    claims_of,
    make_article,
    make_claim,
    make_evidence,
    make_publication,
    make_source,
    make_verdict,
    rating,
)
from tests.support.people import default_user, make_user

__all__ = [
    "claims_of",
    "default_user",
    "make_article",
    "make_claim",
    "make_evidence",
    "make_publication",
    "make_source",
    "make_user",
    "make_verdict",
    "rating",
]
