"""The PDF report (WeasyPrint): cover with filters, charts, claims table with repeated headers, page numbers."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask, render_template
from flask.testing import FlaskClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from factcheck.exports.pdf_export import pdf_chunks, report_context
from factcheck.exports.report_formats import ExportContext
from factcheck.models import User
from factcheck.services import reports
from tests.reports_data import TRICKY, build_known_set

HEADER = "Approved"


def _text(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page (pdftotext from poppler-utils)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed: cannot read the PDF's text back")
    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


def test_pdf_download_of_the_known_set(
    client: FlaskClient, db: Session, login_as: Callable[..., User], tmp_path: Path
) -> None:
    build_known_set(db)
    db.commit()
    login_as("editor")
    response = client.get("/reports/download?format=pdf&outlet=Ledger,+Inc.")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].endswith('.pdf"')
    assert "verdict-report-" in response.headers["Content-Disposition"]
    pdf = response.get_data()
    response.close()
    assert pdf.startswith(b"%PDF-")
    pages = [p for p in _text(pdf, tmp_path) if p.strip()]
    text = "\n".join(pages)
    assert "Verdict report" in pages[0] and "Ledger, Inc." in pages[0] and "Ratings distribution" in pages[0]
    assert f"Page 1 of {len(pages)}" in pages[0] and f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "José Müller" in text and "https://src.example.org/a,b" in text
    assert "See the report (https://example.org/r?a=1&b=2)." in text
    assert TRICKY.splitlines()[1] in text  # "then left": the claim's second line


def test_long_table_repeats_its_header_on_every_page(app: Flask, db: Session, tmp_path: Path) -> None:
    build_known_set(db)
    db.commit()
    with app.test_request_context():
        f = reports.parse_filters(db, {})
        base = reports.preview(db, f, limit=1)[0]
        many = [
            dataclasses.replace(base, claim_id=1000 + i, claim_text=f"Claim number {i} " + "words " * 12)
            for i in range(90)
        ]
        ctx = ExportContext(
            session=db,
            filters=f,
            site_url="https://checks.example.org",
            organisation={"name": "Desk", "url": "https://checks.example.org/about"},
            render=render_template,
        )
        pdf = b"".join(pdf_chunks(ctx, many))
    pages = _text(pdf, tmp_path)
    table_pages = [p for p in pages if "Claim number" in p and "Summary:" not in p]
    assert len(table_pages) >= 3
    assert all(HEADER in p for p in table_pages)


def test_a_large_report_is_rendered_in_parts_with_every_claim_and_numbered_pages(
    app: Flask, db: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over PART_CLAIMS claims, each part is laid out (and its memory let go) before the next: the joined PDF
    holds the cover, every claim in the table and in its own section, in order, and pages numbered on."""
    from factcheck.exports import pdf_export

    monkeypatch.setattr(pdf_export, "PART_CLAIMS", 4)
    laid_out: list[int] = []
    real = pdf_export.render_part

    def counting(html: str, css: str, base_url: str) -> tuple[bytes, int]:
        pdf, pages = real(html, css, base_url)
        laid_out.append(pages)
        return pdf, pages

    monkeypatch.setattr(pdf_export, "render_part", counting)
    build_known_set(db)
    db.commit()
    with app.test_request_context():
        f = reports.parse_filters(db, {})
        base = reports.preview(db, f, limit=1)[0]
        many = [dataclasses.replace(base, claim_id=2000 + i, claim_text=f"Numbered claim {i:02d}") for i in range(10)]
        ctx = ExportContext(
            session=db,
            filters=f,
            site_url="https://checks.example.org",
            organisation={"name": "Desk", "url": "https://checks.example.org/about"},
            render=render_template,
        )
        pdf = b"".join(pdf_export.pdf_chunks(ctx, many))
    # 10 table rows, 10 claims and the one source they cite, four a part: the front with the table's first rows,
    # then runs that cross from one section to the next inside a part.
    assert len(laid_out) == 6
    pages = [p for p in _text(pdf, tmp_path) if p.strip()]
    assert len(pages) == sum(laid_out) and "Verdict report" in pages[0]
    assert [f"Page {n}" in page for n, page in enumerate(pages, start=1)] == [True] * len(pages)
    text = "\n".join(pages)
    assert [int(n) for n in re.findall(r"#(\d+) · ", text)] == [2000 + i for i in range(10)]
    table = [line for line in text.splitlines() if line.strip().startswith("20") and "Numbered claim" in line]
    assert len(table) == 10


def test_printable_report_builds_its_figures_once(app: Flask, db: Session) -> None:
    """One select for every figure (count, totals, medians, weeks), one for the rows: the summary is built once."""
    build_known_set(db)
    db.commit()
    statements: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        statements.append(statement)

    engine = db.get_bind()
    with app.test_request_context():
        f = reports.parse_filters(db, {})
        ctx = ExportContext(session=db, filters=f, site_url="https://checks.example.org", organisation={"name": "D"})
        event.listen(engine, "before_cursor_execute", record)
        try:
            context = report_context(ctx, reports.iter_rows(db, f))
        finally:
            event.remove(engine, "before_cursor_execute", record)
    assert len(context["items"]) == context["totals"].count == 4
    assert context["to_approval"] != "—" and "<svg" in context["ratings_svg"]
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 2
