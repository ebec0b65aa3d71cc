"""The input edge (factcheck/views/edge.py): one decoding layer in front of every route. Deep nesting, lone
surrogates, NUL anywhere, bodies that are not UTF-8 or not JSON, and wrong JSON types on browser forms are
answered 400/422 with a message naming the problem, before any view runs, and nothing is written."""

from __future__ import annotations

import html
import io
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Article, User
from factcheck.services import users
from factcheck.views import edge
from factcheck.views.api.openapi import document
from tests.conftest import PASSWORD, get_csrf
from tests.security.test_bad_input import snapshot
from tests.support.scenes import make_newsroom
from tests.views.test_permissions import _args

DEEP_BODIES = {
    "deep list": b"[" * 20_000 + b"]" * 20_000,  # far beyond the interpreter's recursion limit
    "deep object": b'{"a":' * 20_000 + b"1" + b"}" * 20_000,
    "deep, unclosed": b"[" * 20_000,
    "one level too deep": b"[" * (edge.MAX_JSON_DEPTH + 1) + b"]" * (edge.MAX_JSON_DEPTH + 1),
}


@pytest.fixture()
def room(db: Session, make_user: Callable[..., User]) -> dict[str, Any]:
    make_newsroom(db)
    token = users.create_token(db, None, make_user("editor"))
    db.commit()
    return {"db": db, "token": token, "args": _args(db)}


def _paths(app: Flask, args: dict[str, object]) -> list[tuple[str, str]]:
    out = []
    for rule in app.url_map.iter_rules():
        path = rule.build({k: args[k] for k in rule.arguments}, append_unknown=False)
        assert path is not None
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append((method, path[1]))
    return out


def _message(response: Any) -> str:
    body = response.get_json(silent=True)
    if body:
        return str(body["error"]["message"])
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("label", sorted(DEEP_BODIES))
def test_deep_nesting_is_a_400_on_every_route(
    app: Flask, client: FlaskClient, room: dict[str, Any], label: str
) -> None:
    body = DEEP_BODIES[label]
    before = snapshot(room["db"])
    problems = []
    routes = [*_paths(app, room["args"]), ("GET", "/no/such/page")]
    if label not in ("deep list", "deep object"):  # the other shapes on a few routes of each kind
        routes = [("GET", "/healthz"), ("POST", "/login"), ("POST", "/api/v1/articles"), ("GET", "/no/such/page")]
    for method, path in routes:
        response = client.open(path, method=method, data=body, content_type="application/json")
        if response.status_code != 400 or "nests deeper than 32 levels" not in _message(response):
            problems.append(f"{method} {path}: {response.status_code}")
    assert problems == []
    assert snapshot(room["db"]) == before


def test_nesting_at_the_limit_is_parsed() -> None:
    depth = edge.MAX_JSON_DEPTH
    assert edge.parse_json(b"[" * depth + b"]" * depth) is not None
    assert edge.parse_json('{"a": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\\"[[[["}') is not None


@pytest.fixture()
def token(db: Session, make_user: Callable[..., User]) -> dict[str, Any]:
    staff = make_user("editor")
    token = users.create_token(db, None, staff)
    db.commit()
    return {"db": db, "token": token}


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        (b'{"title": "\xff\xfe\xfa"}', "not UTF-8 text (byte 0xff at offset 11)"),
        (b'{"title": "\xed\xa0\x80"}', "not UTF-8 text"),  # an encoded surrogate
        (b'{"title": ', "not valid JSON: Expecting value"),
        (b'{"title": NaN}', "NaN, which is not JSON"),
        (b'{"title": -Infinity}', "-Infinity, which is not JSON"),
        (b'{"start": 1e999}', "number too large"),
        (b'{"start": ' + b"9" * 5000 + b"}", "cannot be read"),
        (b'{"title": "a\\ud800b"}', "lone surrogate (U+D800)"),
        (b'{"title": "\\udfff"}', "lone surrogate (U+DFFF)"),
        (b'{"t\\ud83d": "x"}', "the JSON key"),
        (b'{"title": ["ok", {"deeper": "\\u0000"}]}', "NUL characters"),
        (b'{"ti\\u0000tle": "x"}', "NUL characters"),
    ],
)
def test_bad_json_is_a_400_naming_the_problem(
    client: FlaskClient, token: dict[str, Any], body: bytes, needle: str
) -> None:
    room = token
    before = snapshot(room["db"])
    for path in ("/api/v1/articles", "/healthz", "/login"):
        response = client.post(path, data=body, content_type="application/json", headers=_bearer(room))
        assert response.status_code == 400, (path, response.data[:300])
        assert needle in _message(response), (path, _message(response))
    assert snapshot(room["db"]) == before


def _bearer(room: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {room['token']}"}


def test_a_paired_surrogate_escape_is_a_character(client: FlaskClient, token: dict[str, Any]) -> None:
    room = token
    body = {"title": "Fish \ud83d\udc1f report", "text": "The harbour landed 40 tonnes of cod in 2023, it said."}
    response = client.post("/api/v1/articles", json=body, headers=_bearer(room))
    assert response.status_code == 201 and response.get_json()["title"] == "Fish \U0001f41f report"


def test_lone_surrogates_in_every_api_field(client: FlaskClient, room: dict[str, Any]) -> None:
    args, before = room["args"], snapshot(room["db"])
    problems = []
    for path, ops in document()["paths"].items():
        for method, op in ops.items():
            schema = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            url = "/api/v1" + path.replace("{article_id}", str(args["article_id"])).replace(
                "{claim_id}", str(args["claim_id"])
            )
            for name in (schema or {}).get("properties", {}) or ["anything"]:
                raw = f'{{"{name}": "t\\ud800x"}}'.encode()
                response = client.open(
                    url, method=method.upper(), data=raw, content_type="application/json", headers=_bearer(room)
                )
                if response.status_code != 400 or f"the JSON field '{name}'" not in _message(response):
                    problems.append(f"{method} {url} {name}: {response.status_code} {_message(response)[:100]}")
    assert problems == []
    assert snapshot(room["db"]) == before


def test_the_body_is_parsed_once_and_get_json_returns_it(
    client: FlaskClient, token: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    room = token
    calls = []
    real = edge.parse_json

    def counting(data: bytes | str) -> Any:
        calls.append(len(data))
        return real(data)

    monkeypatch.setattr(edge, "parse_json", counting)
    body = {"title": "Rivers", "text": "The river rose by two metres on Sunday, the agency said."}
    response = client.post("/api/v1/articles", json=body, headers=_bearer(room))
    assert response.status_code == 201 and len(calls) == 1


# --- NUL and lone surrogates outside JSON -----------------------------------------------------------------


def test_nul_is_refused_wherever_a_request_carries_text(
    client: FlaskClient, room: dict[str, Any], login_as: Callable[..., User]
) -> None:
    login_as("reviewer")
    csrf = get_csrf(client, "/work/")
    before = snapshot(room["db"])
    file = b"The council met on Monday and voted to close the old bridge for repairs in May."
    cases = {
        "path": client.get("/a/x%00y"),
        "query value": client.get("/work/queue?outlet=a%00"),
        "query key": client.get("/work/queue?out%00let=a"),
        "form value": client.post("/suggest", data={"csrf_token": csrf, "claim": "x\x00"}),
        "form key": client.post("/suggest", data={"csrf_token": csrf, "cl\x00aim": "x"}),
        "multipart key": client.post(
            "/work/import/file",
            data={"csrf_token": csrf, "ti\x00tle": "x", "file": (io.BytesIO(file), "ok.txt")},
            content_type="multipart/form-data",
        ),
        "upload file name": client.post(
            "/work/import/file",
            data={"csrf_token": csrf, "file": (io.BytesIO(file), "bridge\x00.txt")},
            content_type="multipart/form-data",
        ),
        "upload field name": client.post(
            "/work/import/file",
            data={"csrf_token": csrf, "fi\x00le": (io.BytesIO(file), "bridge.txt")},
            content_type="multipart/form-data",
        ),
        "json key on a form": client.post("/login", json={"em\x00ail": "a"}, headers={"X-CSRFToken": csrf}),
    }
    problems = {k: r.status_code for k, r in cases.items() if r.status_code != 400 or b"NUL characters" not in r.data}
    assert problems == {}
    assert snapshot(room["db"]) == before
    assert room["db"].scalar(select(func.count(Article.id))) == 2


def test_a_surrogate_in_an_upload_file_name_is_refused(
    client: FlaskClient, room: dict[str, Any], login_as: Callable[..., User]
) -> None:
    login_as("reviewer")
    csrf = get_csrf(client, "/work/")
    body = (
        b'--XX\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n' + csrf.encode() + b"\r\n"
        b"--XX\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''a%ED%A0%80.txt\r\n"
        b"Content-Type: text/plain\r\n\r\nThe river rose by two metres on Sunday, the agency said.\r\n--XX--\r\n"
    )
    before = snapshot(room["db"])
    response = client.post("/work/import/file", data=body, content_type="multipart/form-data; boundary=XX")
    assert response.status_code in (302, 400, 422), response.status_code
    assert response.status_code == 302 or snapshot(room["db"]) == before


# --- JSON bodies on browser form routes --------------------------------------------------------------------


def test_a_json_body_on_a_form_is_text_only_form_data(client: FlaskClient, db: Session, make_user: Any) -> None:
    user = make_user("reviewer")
    csrf = get_csrf(client, "/login")
    signed_in = client.post("/login", json={"email": user.email, "password": PASSWORD}, headers={"X-CSRFToken": csrf})
    assert signed_in.status_code == 302


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"email": "a@b.example", "password": True}, 422, "'password' must be text (a JSON string or number)"),
        ({"email": None, "password": "x"}, 422, "'email' must be text (a JSON string or number), not null"),
        ({"email": {"x": 1}, "password": "x"}, 422, "not an object"),
        ({"email": [{"x": 1}], "password": "x"}, 422, "not an object"),
        ({"email": [["a"]], "password": "x"}, 422, "not a list"),
        ([{"email": "a"}], 400, "must be an object of field names and values, not a list"),
        ("email=a", 400, "not a string"),
        (12, 400, "not a number"),
        (True, 400, "not a boolean"),
    ],
)
def test_wrong_json_types_on_a_form_are_refused(
    client: FlaskClient, db: Session, body: Any, status: int, needle: str
) -> None:
    csrf = get_csrf(client, "/login")
    before = snapshot(db)
    response = client.post("/login", json=body, headers={"X-CSRFToken": csrf})
    assert response.status_code == status, response.data[:300]
    assert needle in _message(response)
    assert snapshot(db) == before


@pytest.mark.parametrize(
    ("value", "texts"),
    [(5, ["5"]), (2.5, ["2.5"]), (-1, ["-1"]), (10**30, [str(10**30)]), (["a", 3, 0.1], ["a", "3", "0.1"]), ([], [])],
)
def test_numbers_on_a_form_become_their_json_text(value: Any, texts: list[str]) -> None:
    assert edge.form_from_json({"field": value}).getlist("field") == texts
