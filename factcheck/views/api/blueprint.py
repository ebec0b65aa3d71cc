"""The JSON API v1 blueprint: bearer-token authentication only (no cookies, so no CSRF)."""

from __future__ import annotations

from flask import Blueprint

from factcheck.extensions import csrf
from factcheck.views.api.idempotency import check_recorded

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.after_request(check_recorded)  # every write answered 2xx with an Idempotency-Key went through `answer`

# Reports downloads live on a blueprint of their own: they are files, not the JSON resources openapi.json describes.
reports_bp = Blueprint("api_reports", __name__, url_prefix="/api/v1/reports")
csrf.exempt(reports_bp)
