"""Hypothesis on the importers and the form validators: arbitrary input is either accepted or refused with a
domain error (a 4xx with a message), never a crash or a 500."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import importing
from factcheck.services.errors import DomainError
from tests.conftest import get_csrf

NAMES = st.sampled_from(["a.txt", "b.html", "c.htm", "d.TXT", "e.pdf", "", "noext", "x.xhtml"])
TEXTY = st.text(st.characters(exclude_categories=["Cs"]), max_size=400)


@settings(max_examples=150, deadline=None)
@given(
    name=NAMES,
    data=st.one_of(
        st.binary(max_size=600),
        TEXTY.map(lambda t: t.encode("utf-8")),
        TEXTY.map(lambda t: f" date 2020-01-0{len(t) % 9 + 1} A B\n\nTitle\n\n{t}".encode()),
    ),
)
def test_file_importer_accepts_or_refuses_cleanly(name: str, data: bytes) -> None:
    try:
        draft = importing.draft_from_file(name, data)
    except DomainError as exc:
        assert exc.message and 400 <= exc.status < 500
        return
    assert isinstance(draft.text, str) and draft.origin == "file"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=TEXTY,
    text=TEXTY,
    url=st.one_of(st.just(""), TEXTY, st.from_regex(r"https?://[a-z]{1,8}\.org/\S{0,12}")),
    published=st.one_of(st.just(""), TEXTY, st.dates().map(str)),
)
def test_paste_form_never_fails_with_a_server_error(
    client: FlaskClient, login_as: Callable[..., User], db: Session, title: str, text: str, url: str, published: str
) -> None:
    if not getattr(client, "_fuzz_logged_in", False):
        login_as("reviewer")
        client._fuzz_logged_in = True  # type: ignore[attr-defined]
    token = get_csrf(client, "/work/import")
    response = client.post(
        "/work/import/paste",
        data={"csrf_token": token, "title": title, "text": text, "url": url, "published": published},
    )
    assert response.status_code in (302, 400, 409, 413, 422), response.status_code


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(email=TEXTY, password=TEXTY)
def test_login_form_never_fails_with_a_server_error(
    client: FlaskClient, db: Session, email: str, password: str
) -> None:
    response = client.post(
        "/login", data={"csrf_token": get_csrf(client, "/login"), "email": email, "password": password}
    )
    assert response.status_code in (400, 401, 422, 429), response.status_code
