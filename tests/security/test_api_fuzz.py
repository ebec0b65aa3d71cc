"""Schemathesis against /api/v1/openapi.json: bounded examples, no 5xx, every response as documented.

Schemathesis' own pytest plugin does not run under pytest 9, so each operation's Hypothesis strategy is
driven directly here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import users
from factcheck.views.api.openapi import document
from tests.support.scenes import make_newsroom

OPERATIONS = sorted((path, method) for path, ops in document()["paths"].items() for method in ops)


@pytest.fixture()
def api_token(db: Session, make_user: Callable[..., User]) -> str:
    make_newsroom(db)
    token = users.create_token(db, None, make_user("editor"))
    db.commit()
    return token


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m.upper()} {p}" for p, m in OPERATIONS])
def test_api_conforms_to_its_openapi_document(app: Flask, api_token: str, path: str, method: str) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema[path][method.upper()]
    headers = {"Authorization": f"Bearer {api_token}"}

    @given(case=operation.as_strategy())
    @settings(
        max_examples=15,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case: Any) -> None:
        # Semantic refusals (a summary that names the verdict, a span outside the text) are legitimate 422s,
        # so "schema-valid data must be accepted" is not asked; everything about 5xx and conformance is.
        case.call_and_validate(headers=headers, excluded_checks=[checks.positive_data_acceptance])

    check()
