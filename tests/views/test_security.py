"""Security headers on every response (views/security.py)."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Claim, User


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for path in ("/", "/login", "/no/such/page", "/api/v1/me"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_page_made_for_one_visitor_is_stored_nowhere(
    client: FlaskClient, login_as: Callable[..., User], make_claim: Callable[..., Claim], db: Session
) -> None:
    """A page that read the session (a sign-in form's CSRF token, a workbench page) says private, no-store; a
    page that sets its own caching keeps it."""
    assert "Cache-Control" not in client.get("/healthz").headers  # it never reads the session: nothing to hide
    assert client.get("/login").headers["Cache-Control"] == "private, no-store"
    claim = make_claim()
    db.commit()
    login_as("reviewer")
    for path in ("/work/", f"/work/claims/{claim.id}", "/work/queue"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "private, no-store", path
    assert client.get("/readyz").headers["Cache-Control"] == "no-store"  # its own
