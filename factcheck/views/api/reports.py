"""API v1 reports: `GET /api/v1/reports/verdicts?format=csv|json|claimreview|annotations|pdf&from=...` (bearer
token of an editor or admin; the same filters and files as the /reports page). The PDF is made on the job queue:
202 with a Location to the job, whose `file` is the PDF once it succeeded."""

from __future__ import annotations

from flask import Response, request

from factcheck import policy
from factcheck.extensions import db
from factcheck.services import jobs, reports
from factcheck.tasks.reports import REPORT_PDF_JOB
from factcheck.views.api.auth import allow, api_user, token_required
from factcheck.views.api.blueprint import reports_bp
from factcheck.views.api.jobs import accepted
from factcheck.views.reports import export_response


@reports_bp.get("/verdicts")
@token_required
def verdicts() -> Response:
    allow(policy.can_view_reports)
    if request.args.get("format") == "pdf":  # made on the job queue: 202, then GET the job's `file`
        params = reports.parse_filters(db.session(), request.args).as_params()
        response = accepted(jobs.enqueue(db.session(), api_user(), REPORT_PDF_JOB, {"params": params}))
        db.session.commit()
        return response
    return export_response(request.args.get("format", "json"), request.args)
