"""Report jobs: the verdict report's PDF, made on the queue (a large one takes a minute) and kept with the job
until it is downloaded. Idempotent: running it again makes the same report of the data as it then is."""

from __future__ import annotations

from flask import current_app, render_template

from factcheck.exports.export_context import ExportContext
from factcheck.exports.pdf_export import pdf_chunks
from factcheck.exports.report_formats import file_name
from factcheck.services import reports, settings
from factcheck.tasks.registry import Outcome, TaskContext, task

REPORT_PDF_JOB = "report.pdf"


@task(REPORT_PDF_JOB)
def report_pdf(ctx: TaskContext) -> Outcome:
    site_url = str(ctx.config["SITE_URL"])
    ctx.progress(0.05, "collecting the claims")
    # Templates build links with url_for: a request context on the site's address, as a reader would see them.
    with current_app.test_request_context(base_url=site_url):
        filters = reports.parse_filters(ctx.session, dict(ctx.args.get("params") or {}))
        export = ExportContext(
            session=ctx.session,
            filters=filters,
            site_url=site_url,
            organisation=settings.organisation(
                ctx.session,
                fallback_name=str(ctx.config["ORGANISATION_NAME"]),
                fallback_url=site_url.rstrip("/") + "/about",
            ),
            render=render_template,
            progress=ctx.progress,
        )
        pdf = b"".join(pdf_chunks(export, reports.iter_rows(ctx.session, filters)))
    return Outcome({"file_name": file_name("pdf", export.now), "bytes": len(pdf)}, output=pdf)
