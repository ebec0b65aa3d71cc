"""Security headers on every response (a strict CSP without inline script, no sniffing, no framing), and the
refusal of NUL characters in any text a request carries."""

from __future__ import annotations

from flask import Response, request
from werkzeug.exceptions import BadRequest

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


def add_security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_characters() -> None:
    """NUL is never meaningful in text, and PostgreSQL refuses it in text columns: answer 400 before any work.

    Uploaded files are left to the importers, which refuse binary files with their own message.
    """
    found = _has_nul(request.path) or any(_has_nul(k) or _has_nul(v) for k, v in request.args.items(multi=True))
    if not found and request.mimetype in FORM_TYPES:
        found = any(_has_nul(k) or _has_nul(v) for k, v in request.form.items(multi=True))
    if not found and request.is_json:
        found = _has_nul(request.get_json(silent=True))
    if found:
        raise BadRequest("Text may not contain NUL characters (\\0).")
