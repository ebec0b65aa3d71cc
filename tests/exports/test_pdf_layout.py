"""The PDF report's layout (issue 12): no page but the last is left half empty, and each source is named once,
in the sources list, while the claims cite it by number with each passage, its stance and whether it was found."""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any

import pytest
from flask import Flask, render_template
from pypdf import PdfReader
from sqlalchemy.orm import Session

from factcheck.exports import pdf_export
from factcheck.exports.report_formats import ExportContext
from factcheck.services import reports
from factcheck.services.reports import ReportRow, SourceRef
from tests.support.reports_data import build_known_set

MM = 72 / 25.4  # PDF points in a millimetre
TOP, BOTTOM = 14 * MM, 16 * MM  # the page margins of templates/reports/pdf.css (the footer sits in the bottom one)


def page_fullness(pdf: bytes) -> list[float]:
    """How far down each page's text reaches, as a share of the text area (1.0: to the bottom margin)."""
    shares = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        height = float(page.mediabox.height)
        lows: list[float] = []

        def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any, lows: list[float] = lows) -> None:
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            if text.strip() and y > BOTTOM + 4:  # the footer ("Page 3 of 9") does not count
                lows.append(y)

        page.extract_text(visitor_text=visit)
        top = height - TOP
        shares.append((top - min(lows)) / (top - BOTTOM) if lows else 0.0)
    return shares


def _rows(base: ReportRow, n: int) -> list[ReportRow]:
    """n claims of varied length citing 1-3 of 20 shared sources, some passages not found."""
    rows = []
    for i in range(n):
        cited = [
            SourceRef(
                url=f"https://src.example.org/doc-{(i + k) % 20}",
                stance=("supports", "refutes", "context")[k],
                source_id=(i + k) % 20 + 1,
                title=f"Source title {(i + k) % 20}",
                publisher="Statistics Office",
                passage="A passage quoted from the source. " * (1 + i % 4),
                score=None if k == 1 else 100.0,
                sha256=f"{(i + k) % 20:02d}" * 32,
            )
            for k in range(1 + i % 3)
        ]
        rows.append(
            dataclasses.replace(
                base,
                claim_id=1000 + i,
                claim_text=f"Claim {i} " + "words " * (5 + i % 30),
                rationale="A reason given. " * (8 + (i * 7) % 50),
                sources=cited,
                tags=["budget", "health"],
            )
        )
    return rows


def _pdf(app: Flask, db: Session, n: int) -> bytes:
    build_known_set(db)
    db.commit()
    with app.test_request_context():
        f = reports.parse_filters(db, {})
        base = reports.preview(db, f, limit=1)[0]
        ctx = ExportContext(
            session=db,
            filters=f,
            site_url="https://checks.example.org",
            organisation={"name": "Desk", "url": "https://checks.example.org/about"},
            render=render_template,
        )
        return b"".join(pdf_export.pdf_chunks(ctx, _rows(base, n)))


def test_fifty_claims_leave_no_page_half_empty(app: Flask, db: Session) -> None:
    pdf = _pdf(app, db, 50)
    shares = page_fullness(pdf)
    assert len(shares) >= 8  # a real multi-page report
    half_empty = [(n, round(s, 2)) for n, s in enumerate(shares[:-1], start=1) if s < 0.5]
    assert half_empty == [], f"pages less than half full (page, share): {half_empty} of {len(shares)}"


def test_each_source_is_named_once_and_cited_by_number(app: Flask, db: Session) -> None:
    pdf = _pdf(app, db, 50)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    for k in range(20):
        assert flat.count(f"Source title {k} ") == 1, k  # named once, in the sources list
        assert flat.count(f"https://src.example.org/doc-{k} ") == 1, k
    numbers = {int(n) for n in re.findall(r"\bS(\d+) (?:SUPPORTS|REFUTES|CONTEXT)", flat)}
    assert numbers == set(range(1, 21))  # the claims cite every source by its number
    listed = re.findall(r"\bS(\d+) · web · Source title", flat)
    assert [int(n) for n in listed] == list(range(1, 21))
    assert "(not found in the archived copy)" in flat and "(found in the archived copy, score 100)" in flat
    assert "archived copy SHA-256 " + "00" * 32 in flat and "tags: budget, health" in flat


def test_a_report_in_parts_breaks_pages_only_where_a_part_ends(
    app: Flask, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Laid out in parts (memory), each part is its own document: a part holds a run of the report across its
    sections (the cover and totals with the table's first rows...), so the only short pages are parts' last."""
    monkeypatch.setattr(pdf_export, "PART_CLAIMS", 45)
    laid_out: list[int] = []
    real = pdf_export.render_part

    def counting(html: str, css: str, base_url: str) -> tuple[bytes, int]:
        pdf, pages = real(html, css, base_url)
        laid_out.append(pages)
        return pdf, pages

    monkeypatch.setattr(pdf_export, "render_part", counting)
    shares = page_fullness(_pdf(app, db, 50))  # 50 table rows, 50 claims, 20 sources: three parts
    assert len(laid_out) == 3 and len(shares) == sum(laid_out)
    part_ends = {laid_out[0] - 1, laid_out[0] + laid_out[1] - 1}  # the first two parts' last pages (0-based)
    half_empty = [n for n, s in enumerate(shares[:-1]) if s < 0.5 and n not in part_ends]
    assert half_empty == [], (half_empty, [round(s, 2) for s in shares], laid_out)
