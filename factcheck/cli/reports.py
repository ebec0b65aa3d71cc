"""`flask reports export`: the report builder's downloads from the command line, with a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click
from flask import current_app, render_template
from flask.cli import AppGroup

from factcheck.exports.report_formats import FORMATS, ExportContext, export_chunks
from factcheck.extensions import db
from factcheck.services import reports, settings
from factcheck.services.errors import DomainError
from factcheck.services.reports import InvalidFilter, ReportRow

reports_cli = AppGroup("reports", help="Verdict reports and exports.")


@reports_cli.command("export")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="csv", show_default=True)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="File to write ('-' for standard output).",
)
@click.option("--from", "date_from", default="", help="First day (YYYY-MM-DD, UTC), inclusive.")
@click.option("--to", "date_to", default="", help="Last day (YYYY-MM-DD, UTC), inclusive.")
@click.option(
    "--date", "date_field", default="", help="Which dates --from/--to filter: approved (default) or published."
)
@click.option("--outlet", default="", help="Outlet name, exactly.")
@click.option("--article", default="", help="Article id or slug.")
@click.option("--reviewer", default="", help="Reviewer (verdict author): user id or email.")
@click.option("--approver", default="", help="Approving editor: user id or email.")
@click.option("--rating", default="", help="Rating label, e.g. 'Mostly false'.")
@click.option("--kind", default="", help="Claim kind.")
@click.option("--status", default="", help="Claim status.")
@click.option("--no-bom", is_flag=True, help="CSV in plain UTF-8, without a byte-order mark.")
def export(
    fmt: str,
    out: Path,
    date_from: str,
    date_to: str,
    date_field: str,
    outlet: str,
    article: str,
    reviewer: str,
    approver: str,
    rating: str,
    kind: str,
    status: str,
    no_bom: bool,
) -> None:
    """Write the claims matching the filters (one row per claim with a verdict) to OUT."""
    raw = {
        "from": date_from,
        "to": date_to,
        "date": date_field,
        "outlet": outlet,
        "article": article,
        "reviewer": reviewer,
        "approver": approver,
        "rating": rating,
        "kind": kind,
        "status": status,
    }
    session = db.session()
    try:
        filters = reports.parse_filters(session, raw)
    except InvalidFilter as exc:
        option = {"from": "--from", "to": "--to", "date": "--date"}.get(exc.name, f"--{exc.name}")
        raise click.BadParameter(exc.why, param_hint=option) from exc
    total = reports.count(session, filters)
    ctx = ExportContext(
        session=session,
        filters=filters,
        site_url=str(current_app.config["SITE_URL"]),
        organisation=settings.organisation(
            db.session(),
            fallback_name=str(current_app.config["ORGANISATION_NAME"]),
            fallback_url=str(current_app.config["SITE_URL"]).rstrip("/") + "/about",
        ),
        bom=not no_bom,
        render=render_template,
    )
    to_stdout = str(out) == "-"
    try:
        with click.progressbar(length=total, label=f"Exporting {fmt}", show_pos=True, file=sys.stderr) as bar:
            rows = reports.iter_rows(session, filters)
            if fmt == "csv":  # keep the rows object whole so the CSV writer can take its fast path
                chunks = _counting_lines(export_chunks(fmt, ctx, rows), bar)
            else:
                chunks = export_chunks(fmt, ctx, _ticking(rows, bar))
            if to_stdout:
                for chunk in chunks:
                    sys.stdout.buffer.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
            else:
                tmp = out.with_name(out.name + ".part")
                with tmp.open("wb") as fh:
                    for chunk in chunks:
                        fh.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
                tmp.replace(out)
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"{total} claim{'' if total == 1 else 's'} written to {out} ({fmt}).", err=to_stdout)


def _ticking(rows: Iterable[ReportRow], bar: Any) -> Iterator[ReportRow]:
    for row in rows:
        bar.update(1)
        yield row


def _counting_lines(chunks: Iterable[str | bytes], bar: Any) -> Iterator[str | bytes]:
    """Advance the bar by the CSV records in each chunk (record ends; the header line is not counted)."""
    header = True
    for chunk in chunks:
        ends = chunk.count("\r\n") if isinstance(chunk, str) else chunk.count(b"\r\n")
        bar.update(max(0, ends - 1) if header else ends)
        header = False
        yield chunk
