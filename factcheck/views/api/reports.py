"""API v1 reports: `GET /api/v1/reports/verdicts?format=csv|json|claimreview|annotations|pdf&from=...` (bearer
token of an editor or admin; the same filters and files as the /reports page)."""

from __future__ import annotations

from flask import Response, request

from factcheck import policy
from factcheck.views.api.auth import allow, token_required
from factcheck.views.api.blueprint import reports_bp
from factcheck.views.reports import export_response


@reports_bp.get("/verdicts")
@token_required
def verdicts() -> Response:
    allow(policy.can_view_reports)
    return export_response(request.args.get("format", "json"), request.args)
