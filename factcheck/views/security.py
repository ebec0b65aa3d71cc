"""Security headers on every response: a strict CSP without inline script, no sniffing, no framing, and no
copy kept anywhere of a page made for one visitor. (What a request may carry is checked by the input edge,
views/edge.py.)"""

from __future__ import annotations

from flask import Response
from flask.globals import request_ctx

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if "Cache-Control" not in response.headers and _session_was_read():
        # The page read the visitor's session (who is signed in, a form's CSRF token, a flash): it is theirs
        # alone. Neither a shared cache nor the browser's history keeps it (a workbench page after signing out, a
        # sign-in form with another visitor's token). Pages meant to be cached say so themselves (reader/cached.py).
        response.headers["Cache-Control"] = "private, no-store"
    return response


def _session_was_read() -> bool:
    """Whether the request has read its session so far. Peeks at the request context's session: `flask.session`
    itself marks the session read when touched. Runs before Flask-Login's own after-request step, which touches
    it on every response (hence "Vary: Cookie" even on static files)."""
    opened = request_ctx._session
    return opened is not None and bool(opened.accessed or opened.modified)
