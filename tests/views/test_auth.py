"""Sign in (views/auth.py): the login page."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_login_page_has_csrf_and_is_readable_on_a_phone(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    assert 'name="csrf_token"' in page and 'name="viewport"' in page
