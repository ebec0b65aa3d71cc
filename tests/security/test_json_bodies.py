"""JSON bodies on every route that takes a body (every POST/PUT/PATCH/DELETE in app.url_map, the API's and the
browser forms' alike), as anonymous, reviewer, editor and admin: arbitrary JSON values, wrong types, deep
nesting, lone surrogate escapes, NUL, huge strings, bodies that are not UTF-8. The rule: a 2xx, 3xx or 4xx,
never a 5xx, and a refusal (4xx) leaves every table exactly as it was.

Every route gets a fixed corpus of hostile bodies, sent as the lowest role allowed to use it (so the bodies
reach the view); Hypothesis then explores (route, body) pairs over every route, a bounded number per role.
URLs in bodies point at the local test server, whose pages use charsets that name no text encoding, so the
fetching routes (source attach, URL import) meet those too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import users
from factcheck.views.api.openapi import document
from tests.conftest import PASSWORD, get_csrf
from tests.fetch.conftest import LocalServer
from tests.security.test_bad_input import FORM_FIELDS, snapshot
from tests.support.scenes import make_newsroom
from tests.views.test_permissions import LEVEL, MATRIX, RANK, _args

ROLES = ("anonymous", "reviewer", "editor", "admin")
API_FIELDS = sorted(
    {
        name
        for ops in document()["paths"].values()
        for op in ops.values()
        for name in op.get("requestBody", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema", {})
        .get("properties", {})
    }
)
FIELDS = sorted({*API_FIELDS, *FORM_FIELDS, "claims", "action", "stance", "decision", "notice", "other", "file"})
CHARSETS = ("rot13", "base64", "utf-7", "unicode_escape", "idna", "hex", "zlib", "utf-16", "utf-8")
PAGE = (
    "<html><body><article><p>The harbour authority said cargo volumes rose +2AA- by 9 per cent in 2023, "
    "\\ud800 its annual report shows, after a weak year.</p></article></body></html>"
)

# Lone surrogates and NUL included: json.dumps writes them as \ud800 and \u0000 escapes.
TEXT = st.text(st.characters(exclude_categories=()), max_size=40)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    TEXT,
    st.sampled_from(["", "x" * 300_000, "t\ud800x", "\udfff", "a\x00b", "2024-02-30", "1:1", "-1", "99999999999"]),
)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3), max_leaves=6
)


def _encoded(document_: Any) -> bytes:
    return json.dumps(document_).encode()


def _bodies(urls: list[str]) -> st.SearchStrategy[bytes]:
    names = st.sampled_from(FIELDS) | TEXT
    values = VALUES | st.sampled_from(urls)
    objects = st.dictionaries(names, values, max_size=6).map(_encoded)
    deep = st.integers(33, 5_000).flatmap(
        lambda n: st.sampled_from([b"[" * n + b"]" * n, b'{"a":' * n + b"1" + b"}" * n, b"[" * n])
    )
    raw = st.sampled_from([b"", b"{", b'{"title": "\xff"}', b'{"x": NaN}', b'{"n": 1e999}', b"\xef\xbb\xbf{}"])
    return st.one_of(objects, objects, VALUES.map(_encoded), deep, raw)


def _corpus(urls: list[str]) -> list[bytes]:
    # Every field at once with each wrong type, each hostile string; then huge strings where text is long.
    fields = [{name: value for name in FIELDS} for value in (1, True, None, {"x": 1}, [{"y": 2}], [["z"]])]
    fields += [{name: value for name in FIELDS} for value in ("t\ud800x", "a\x00b")]
    fields.append({name: "x" * 300_000 for name in ("title", "text", "summary", "body", "comment", "email")})
    return [
        *(_encoded(d) for d in fields),
        _encoded({name: urls[i % len(urls)] for i, name in enumerate(FIELDS)}),
        _encoded([{"title": "x"}]),
        _encoded("title"),
        _encoded(7),
        b"[" * 50_000,
        b'{"title": "\xed\xa0\x80"}',
    ]


def _routes(app: Flask, args: dict[str, object]) -> list[tuple[str, str, str]]:
    """(method, path, the lowest role that may use it) for every route that takes a body."""
    out = []
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}
        if not methods or rule.endpoint == "auth.logout":
            continue
        path = rule.build({k: args[k] for k in rule.arguments}, append_unknown=False)
        assert path is not None
        level = LEVEL[MATRIX[rule.endpoint].removeprefix("token:")]
        lowest = next(role for role in ROLES if RANK[role] >= level)
        out += [(method, path[1], lowest) for method in sorted(methods)]
    return sorted(out)


class Checker:
    """Sends bodies and records every breach of the rule."""

    def __init__(self, client: FlaskClient, db: Session, headers: dict[str, str]) -> None:
        self.client, self.db, self.headers = client, db, headers
        self.state = snapshot(db)
        self.problems: list[str] = []
        self.statuses: set[int] = set()

    def send(self, method: str, path: str, body: bytes) -> None:
        response = self.client.open(
            path, method=method, data=body, content_type="application/json", headers=self.headers
        )
        response.close()
        status = response.status_code
        self.statuses.add(status)
        shown = f"{method} {path} {body[:80]!r}: {status}"
        if status >= 500:
            self.problems.append(f"{shown} {response.data[:200]!r}")
        elif status >= 400:
            after = snapshot(self.db)
            changed = {table for table, digest in after.items() if self.state[table] != digest}
            if status == 401 and path == "/login":
                changed.discard("audit_events")  # a failed sign-in is recorded, by design
            if changed:
                self.problems.append(f"{shown}: refused, but {sorted(changed)} changed")
            self.state = after
        else:
            self.state = snapshot(self.db)


@pytest.mark.parametrize("role", ROLES)
def test_json_bodies_on_every_route(
    app: Flask,
    client: FlaskClient,
    db: Session,
    make_user: Callable[..., User],
    server: LocalServer,
    role: str,
) -> None:
    make_newsroom(db)
    db.commit()
    headers: dict[str, str] = {}
    if role != "anonymous":
        user = make_user(role)
        headers["Authorization"] = f"Bearer {users.create_token(db, None, user)}"
        db.commit()
        signed_in = client.post(
            "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": get_csrf(client)}
        )
        assert signed_in.status_code == 302
    headers["X-CSRFToken"] = get_csrf(client, "/login" if role == "anonymous" else "/work/")
    urls = [server.route(f"/{c}", body=PAGE.encode(), content_type=f"text/html; charset={c}") for c in CHARSETS]
    urls.append(server.route("/bounce", status=302, location="http://[::1"))
    routes = _routes(app, _args(db))
    assert len(routes) >= 35
    checker = Checker(client, db, headers)
    for method, path, lowest in routes:  # the corpus goes to each route as the lowest role allowed to use it
        if lowest == role:
            for body in _corpus(urls):
                checker.send(method, path, body)
    assert checker.problems == []

    @settings(
        max_examples=30,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(route=st.sampled_from([(method, path) for method, path, _ in routes]), body=_bodies(urls))
    def explore(route: tuple[str, str], body: bytes) -> None:
        checker.send(*route, body)
        assert checker.problems == []

    explore()
    assert checker.statuses & {400, 422}
