"""Editors' verdict reports: the builder page, downloads of exactly the filtered set, the printable report."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from factcheck import policy
from factcheck.exports.pdf_export import MAX_ROWS, report_context, summary_context
from factcheck.exports.report_formats import FORMATS, ExportContext, export_chunks, file_name
from factcheck.extensions import db
from factcheck.forms.common import EmptyForm
from factcheck.forms.reports import ReportFilterForm
from factcheck.models import Job, JobState
from factcheck.services import jobs, reports, settings
from factcheck.services.reports import InvalidFilter, ReportFilters
from factcheck.services.reports.summary import summarize
from factcheck.tasks.reports import REPORT_PDF_JOB
from factcheck.views.helpers import get_or_404, require

bp = Blueprint("reports", __name__, url_prefix="/reports")

PREVIEW_ROWS = 50


def _context(filters: ReportFilters, bom: bool = True) -> ExportContext:
    return ExportContext(
        session=db.session(),
        filters=filters,
        site_url=str(current_app.config["SITE_URL"]),
        organisation=settings.organisation(
            db.session(),
            fallback_name=str(current_app.config["ORGANISATION_NAME"]),
            fallback_url=str(current_app.config["SITE_URL"]).rstrip("/") + "/about",
        ),
        bom=bom,
        render=render_template,
    )


def parse_bom(args: Mapping[str, str]) -> bool:
    raw = args.get("bom", "1").strip().lower()
    if raw not in ("0", "1", "true", "false", "yes", "no"):
        raise InvalidFilter("bom", "must be 1 (with a byte-order mark) or 0 (plain UTF-8)")
    return raw in ("1", "true", "yes")


def export_response(fmt: str, args: Mapping[str, str]) -> Response:
    """The download of the filtered set in `fmt`: streamed for the text formats, whole for the PDF."""
    if fmt not in FORMATS:
        raise InvalidFilter("format", f"must be one of {', '.join(FORMATS)}")
    filters = reports.parse_filters(db.session(), args)
    ctx = _context(filters, bom=parse_bom(args))
    spec = FORMATS[fmt]
    headers = {
        "Content-Disposition": f'attachment; filename="{file_name(fmt, ctx.now)}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }
    chunks = export_chunks(fmt, ctx, reports.iter_rows(ctx.session, filters))
    if fmt == "pdf":
        return Response(
            b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks),
            content_type=spec.media_type,
            headers=headers,
        )

    def stream() -> Iterator[bytes]:
        try:
            for chunk in chunks:
                yield chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
        finally:
            # The request's teardown may already have removed the scoped session while this generator still
            # used it; close the one it holds, or its connection stays "idle in transaction" (and locks tables).
            ctx.session.close()

    return Response(stream_with_context(stream()), content_type=spec.media_type, headers=headers)


def _link(endpoint: str, params: Mapping[str, str]) -> str:
    query = urlencode(params)
    return url_for(endpoint) + (f"?{query}" if query else "")


def _form_with_errors(form: ReportFilterForm, exc: InvalidFilter) -> None:
    field = form.field_named(exc.name)
    if field is not None:
        field.errors = [*getattr(field, "errors", []), exc.why]  # type: ignore[attr-defined]


@bp.get("")
@require(policy.can_view_reports)
def index() -> tuple[str, int]:
    form = ReportFilterForm(request.args)
    session = db.session()
    form.fill_choices(reports.filter_choices(session))
    error: InvalidFilter | None = None
    page: dict[str, Any] = {}
    form.validate()
    try:
        filters = reports.parse_filters(session, request.args)
    except InvalidFilter as exc:
        error = exc
        _form_with_errors(form, exc)
    else:
        params = filters.as_params()
        page = {
            "rows": reports.preview(session, filters, PREVIEW_ROWS),
            **summary_context(summarize(session, filters)),
            "downloads": [(name, _link("reports.download", {"format": name, **params})) for name in FORMATS]
            + [("csv without BOM", _link("reports.download", {"format": "csv", "bom": "0", **params}))],
            "print_url": _link("reports.printable", params),
            "pdf_max": MAX_ROWS,
            "pdf_params": params,
            "pdf_form": EmptyForm(),
        }
    status = 400 if error else 200
    return render_template("reports/index.html", form=form, error=error, preview_rows=PREVIEW_ROWS, **page), status


@bp.post("/pdf")
@require(policy.can_view_reports)
def pdf_job() -> WerkzeugResponse:
    """Queue the PDF of the filtered set (the hidden fields carry the filters); its job page shows the progress
    and then the download."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    params = reports.parse_filters(db.session(), request.form).as_params()
    job = jobs.enqueue(db.session(), current_user, REPORT_PDF_JOB, {"params": params})
    db.session.commit()  # the PDF is made on the queue from here
    return redirect(url_for("work.job_page", job_id=job.id))


@bp.get("/jobs/<int:job_id>.pdf")
@require(policy.can_view_reports)
def job_file(job_id: int) -> Response:
    job = get_or_404(Job, job_id)
    if job.kind != REPORT_PDF_JOB or job.state != JobState.SUCCEEDED or job.output is None:
        abort(404)
    name = str((job.result or {}).get("file_name") or "verdict-report.pdf")
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    return Response(job.output, content_type="application/pdf", headers=headers)


@bp.get("/download")
@require(policy.can_view_reports)
def download() -> Response:
    return export_response(request.args.get("format", "csv"), request.args)


@bp.get("/print")
@require(policy.can_view_reports)
def printable() -> str:
    filters = reports.parse_filters(db.session(), request.args)
    ctx = _context(filters)
    context = report_context(ctx, reports.iter_rows(ctx.session, filters))
    return render_template("reports/print.html", for_pdf=False, **context)
