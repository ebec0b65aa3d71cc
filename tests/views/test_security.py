"""Security headers on every response (views/security.py)."""

from __future__ import annotations

from flask.testing import FlaskClient


def test_security_headers_on_every_response(client: FlaskClient) -> None:
    for path in ("/", "/login", "/no/such/page", "/api/v1/me"):
        response = client.get(path)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert response.headers["X-Content-Type-Options"] == "nosniff"
