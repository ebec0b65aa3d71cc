"""The API's request validator (views/api/schema.py): every field of every request body, sent with every JSON type
it does not take, is a 422 naming that field, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import users
from factcheck.views.api import specs
from factcheck.views.api.schema import Field
from tests.security.test_bad_input import snapshot
from tests.support.scenes import make_newsroom
from tests.views.test_permissions import _args

ENDPOINTS = {
    ("POST", "/api/v1/articles"): specs.ARTICLE_SPEC,
    ("POST", "/api/v1/articles/{article_id}/claims"): specs.CLAIM_SPEC,
    ("PATCH", "/api/v1/claims/{claim_id}"): specs.PATCH_SPEC,
    ("POST", "/api/v1/claims/{claim_id}/sources"): specs.SOURCE_SPEC,
    ("PUT", "/api/v1/claims/{claim_id}/verdict"): specs.VERDICT_SPEC,
    ("POST", "/api/v1/claims/{claim_id}/return"): specs.RETURN_SPEC,
    ("POST", "/api/v1/claims/{claim_id}/comments"): specs.COMMENT_SPEC,
    ("POST", "/api/v1/articles/{article_id}/publish"): specs.PUBLISH_SPEC,
}
# One value of each JSON type, and what kind of field would take it.
VALUES: list[tuple[Any, set[str]]] = [
    ("text", {"string"}),
    (7, {"integer"}),
    (2.5, set()),
    (True, {"boolean"}),
    ({"x": 1}, set()),
    (["x"], set()),
    ([], set()),
]


def _valid(field: Field) -> Any:
    if field.enum:
        return field.enum[0]
    return {"string": "x", "integer": 1, "date": "2024-01-01", "boolean": True}[field.kind]


def test_every_wrong_type_is_a_422_naming_the_field(
    client: FlaskClient, db: Session, make_user: Callable[..., User]
) -> None:
    make_newsroom(db)
    token = users.create_token(db, None, make_user("admin"))
    db.commit()
    args = _args(db)
    headers = {"Authorization": f"Bearer {token}"}
    before = snapshot(db)
    problems = []
    for (method, template), spec in ENDPOINTS.items():
        path = template.format(article_id=args["article_id"], claim_id=args["claim_id"])
        base = {name: _valid(field) for name, field in spec.items() if field.required}
        for name, field in spec.items():
            wrong = [v for v, kinds in VALUES if field.kind not in kinds]
            if field.required and not field.nullable:
                wrong.append(None)
            for value in wrong:
                response = client.open(path, method=method, json={**base, name: value}, headers=headers)
                fields = (response.get_json(silent=True) or {}).get("error", {}).get("fields", {})
                if response.status_code != 422 or name not in fields:
                    problems.append(f"{method} {path} {name}={value!r}: {response.status_code} {fields}")
    assert problems == []
    assert snapshot(db) == before


def test_many_unknown_fields_make_a_short_message(client: FlaskClient, db: Session, make_user: Any) -> None:
    token = users.create_token(db, None, make_user("editor"))
    db.commit()
    body = {f"field{n}": n for n in range(5_000)}
    response = client.post("/api/v1/articles", json=body, headers={"Authorization": f"Bearer {token}"})
    error = response.get_json()["error"]
    assert response.status_code == 422 and "and 4,990 more" in error["message"]
    assert len(error["message"]) < 600 and len(error["fields"]) == 100
