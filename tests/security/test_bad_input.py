"""Bad input everywhere: empty, huge, wrong-type, invalid UTF-8 and duplicate input never gives a 500, and a
refusal (4xx) leaves every table exactly as it was."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Base, User
from factcheck.services import users
from factcheck.views.api.openapi import document
from tests.conftest import get_csrf
from tests.support.scenes import make_newsroom
from tests.views.test_permissions import _args

HUGE = "x" * 300_000
FORM_FIELDS = (
    "title",
    "text",
    "url",
    "outlet",
    "author",
    "published",
    "summary",
    "rationale",
    "rating",
    "comment",
    "body",
    "passage",
    "stance",
    "note",
    "start",
    "end",
    "at",
    "version",
    "assignee",
    "email",
    "password",
    "correction_note",
    "q",
    "value",
    "kind",
    "status",
)


def snapshot(db: Session) -> dict[str, str]:
    """A digest of every row of every table."""
    db.expire_all()
    out = {}
    for table in Base.metadata.sorted_tables:
        rows = db.execute(select(table).order_by(*table.primary_key.columns)).all()
        out[table.name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def _api_cases(spec: dict[str, Any]) -> list[tuple[str, bytes]]:
    props = spec.get("properties", {})
    wrong = {name: [1, {"x": None}] for name in props}
    huge = {name: (HUGE if p.get("type") == "string" else 10**30) for name, p in props.items()}
    cases = [
        ("empty body", b""),
        ("invalid utf-8", b'{"title": "\xff\xfe\xfa"}'),
        ("not an object", b"[]"),
        ("truncated", b'{"title": '),
        ("wrong types", repr(wrong).replace("'", '"').replace("None", "null").encode()),
        ("huge", repr(huge).replace("'", '"').encode()),
        ("duplicate keys", b'{"start": 1, "start": "two", "end": 1}'),
    ]
    if spec.get("required"):  # an empty object is valid input where nothing is required
        cases.append(("empty object", b"{}"))
    return cases


@pytest.fixture()
def seeded(db: Session, make_user: Callable[..., User]) -> tuple[Session, str]:
    make_newsroom(db)
    token = users.create_token(db, None, make_user("admin"))
    db.commit()
    return db, token


def test_api_bodies(app: Flask, client: FlaskClient, seeded: tuple[Session, str]) -> None:
    db, token = seeded
    args = _args(db)
    problems = []
    for path, ops in document()["paths"].items():
        for method, op in ops.items():
            schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if schema is None:
                continue
            url = "/api/v1" + path.replace("{article_id}", str(args["article_id"])).replace(
                "{claim_id}", str(args["claim_id"])
            )
            for label, body in _api_cases(schema):
                before = snapshot(db)
                response = client.open(
                    url,
                    method=method.upper(),
                    data=body,
                    headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                )
                message = (response.get_json(silent=True) or {}).get("error", {}).get("message")
                if not (400 <= response.status_code < 500) or not message:
                    problems.append(f"{method.upper()} {url} {label}: {response.status_code} {response.data[:120]!r}")
                elif snapshot(db) != before:
                    problems.append(f"{method.upper()} {url} {label}: refused but the database changed")
    assert problems == []


def test_forms(app: Flask, client: FlaskClient, seeded: tuple[Session, str], login_as: Callable[..., User]) -> None:
    db, _ = seeded
    login_as("admin")
    args = _args(db)
    token = get_csrf(client, "/work/")
    cases = {
        "empty": {"csrf_token": token},
        "huge": {"csrf_token": token, **{f: HUGE for f in FORM_FIELDS}},
        "wrong types": {"csrf_token": token, **{f: "[object Object]" for f in FORM_FIELDS}},
    }
    problems = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api") or rule.endpoint in ("static", "auth.logout"):
            continue
        methods = (rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
        if not methods:
            continue
        path = rule.build({k: args[k] for k in rule.arguments}, append_unknown=False)[1]
        for method in sorted(methods):
            for label, data in cases.items():
                before = snapshot(db)
                response = client.open(path, method=method, data=data)
                if response.status_code >= 500:
                    problems.append(f"{method} {path} {label}: {response.status_code}")
                elif 400 <= response.status_code < 500 and snapshot(db) != before:
                    problems.append(f"{method} {path} {label}: refused but the database changed")
            raw = f"csrf_token={token}&title=%FF%FE&text=%C3%28".encode()
            response = client.open(path, method=method, data=raw, content_type="application/x-www-form-urlencoded")
            if response.status_code >= 500:
                problems.append(f"{method} {path} invalid utf-8: {response.status_code}")
    assert problems == []


def test_nul_characters_are_refused_everywhere(
    client: FlaskClient, seeded: tuple[Session, str], login_as: Callable[..., User]
) -> None:
    """PostgreSQL cannot store NUL in text; the request is refused before it reaches a query (found by fuzzing)."""
    db, token = seeded
    auth = {"Authorization": f"Bearer {token}"}
    login_as("reviewer")
    csrf = get_csrf(client, "/work/")
    before = snapshot(db)
    cases = [
        client.get("/api/v1/claims?kind=%00", headers=auth),
        client.get("/a/x%00y"),
        client.post("/api/v1/articles", json={"title": "T\u0000", "text": "Some text."}, headers=auth),
        client.post("/api/v1/articles", json={"title": "T", "text": "ok", "outlet": ["\u0000"]}, headers=auth),
    ]
    cases.append(client.post("/work/import/paste", data={"csrf_token": csrf, "title": "T", "text": "A\x00B"}))
    for response in cases:
        assert response.status_code == 400, response.data[:200]
        assert b"NUL characters" in response.data
    assert snapshot(db) == before
