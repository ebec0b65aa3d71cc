"""API v1 reports: `GET /api/v1/reports/verdicts?format=csv|json|claimreview|annotations|pdf&from=...` (bearer
token of an editor or admin; the same filters and files as the /reports page)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from factcheck import policy
from factcheck.extensions import csrf
from factcheck.views.api import api_user, token_required
from factcheck.views.reports import export_response

bp = Blueprint("api_reports", __name__, url_prefix="/api/v1/reports")
csrf.exempt(bp)


@bp.get("/verdicts")
@token_required
def verdicts() -> Response:
    if not policy.can_view_reports(api_user()):
        abort(403)
    return export_response(request.args.get("format", "json"), request.args)
