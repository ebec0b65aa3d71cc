"""The printable verdict report (HTML) and its PDF (WeasyPrint): a cover with the filters, the figures and
charts, the table (its header repeated on every page), each claim with its speaker, tags, rationale and evidence,
and the sources, each named once: a claim cites its sources by number (S1, S2...) with each passage, its stance
and whether it was found in the archived copy (and how well); the sources list at the end gives each one's title,
publisher, type, link and archived copy hash. Sections follow on from each other: no page is left half empty.

The same template serves both: the browser gets it with the site's stylesheet (print rules at its end), the
PDF gets templates/reports/pdf.css as a WeasyPrint stylesheet (page size, margins, page numbers).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from markupsafe import Markup

from factcheck.exports.export_context import ExportContext, Renderer
from factcheck.exports.report_fields import plain_text, utc_z, version_url
from factcheck.services import charts
from factcheck.services.errors import TooLarge
from factcheck.services.reports.rows import ReportRow, SourceRef
from factcheck.services.reports.summary import ReportSummary, summarize

MAX_ROWS = 5000
# Claims laid out at once. WeasyPrint keeps a document's whole layout in memory (about 0.25 MB a claim: 1.4 GB
# for 5,000 in one document), so a larger report is rendered in parts of this many claims and joined.
PART_CLAIMS = 500
NUMBERED_ON = '@page { @bottom-right { content: "Page " counter(page) } } @page :first { counter-reset: page FIRST }'
MAX_SOURCES = 8  # sources listed under each claim; the rest are counted ("and 3 more sources")
SHORT_TEXT = 200  # characters of the claim shown in the table (the whole claim is in its own section)
SHORT_PASSAGE = 300  # characters of a passage shown under its claim (the whole passage is in the CSV and JSON)


def _short(text: str, limit: int = SHORT_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _meta(row: ReportRow, url: str | None) -> str:
    """The claim's article, speaker, tags, kind, status, people, dates and published page, as one line of text."""
    parts = [
        row.article_title,
        row.outlet,
        f"speaker: {row.speaker}" if row.speaker else "",
        f"tags: {', '.join(row.tags)}" if row.tags else "",
        row.kind,
        row.status,
        f"reviewer: {row.reviewer}",
        f"approver: {row.approver}" if row.approver else "",
        f"approved {row.approved_at:%Y-%m-%d}" if row.approved_at else "",
        f"published {row.published_at:%Y-%m-%d}" if row.published_at else "",
        url or "",
    ]
    return " · ".join(p for p in parts if p)


def _passage(ref: SourceRef) -> str:
    """One cited passage on one line: its stance, the passage and whether it was found in the archived copy."""
    found = (
        f"found in the archived copy, score {round(ref.score, 1):g}"
        if ref.score is not None
        else "not found in the archived copy"
    )
    passage = _short(" ".join(ref.passage.split()), SHORT_PASSAGE)
    return f"{ref.stance.upper()} “{passage}” ({found})" if passage else f"{ref.stance.upper()} ({found})"


class SourceList:
    """The report's sources, numbered in the order they are first cited, each kept once."""

    def __init__(self) -> None:
        self.numbers: dict[int, int] = {}
        self.sources: list[dict[str, Any]] = []

    def cite(self, row: ReportRow) -> tuple[list[str], int]:
        """The claim's evidence as lines, one per source ("S3 REFUTES “…” (found...); CONTEXT ..."), at most
        MAX_SOURCES of them, and how many more sources it cites."""
        passages: dict[int, list[str]] = {}
        for ref in row.sources:
            if ref.source_id not in self.numbers:
                self.numbers[ref.source_id] = len(self.numbers) + 1
                self.sources.append({"number": self.numbers[ref.source_id], "ref": ref, "line": _source_line(ref)})
            passages.setdefault(ref.source_id, []).append(_passage(ref))
        lines = [f"S{self.numbers[sid]} {'; '.join(texts)}" for sid, texts in passages.items()]
        return lines[:MAX_SOURCES], max(0, len(lines) - MAX_SOURCES)


def _source_line(ref: SourceRef) -> str:
    """A source as the sources list names it: type, title, publisher, link, archived copy hash."""
    parts = [
        "CONFIDENTIAL" if ref.confidential else "",
        ref.kind,
        ref.title or "(no title)",
        ref.publisher,
        ref.url,
        f"archived copy SHA-256 {ref.sha256}" if ref.sha256 else "no archived copy",
    ]
    return " · ".join(p for p in parts if p)


def report_context(ctx: ExportContext, rows: Iterable[ReportRow]) -> dict[str, Any]:
    """Everything the printable template shows; refuses sets larger than MAX_ROWS (filter them further)."""
    figures = summarize(ctx.session, ctx.filters)
    if figures.count > MAX_ROWS:
        raise TooLarge(
            f"The printable report is limited to {MAX_ROWS:,} claims and this selection has "
            f"{figures.count:,}. Narrow the filters, or download CSV or JSON."
        )
    cited = SourceList()
    items = []
    for row in rows:
        evidence, more = cited.cite(row)
        items.append(
            {
                "row": row,
                "rationale": [p for p in plain_text(row.rationale).split("\n\n") if p],
                "short_text": _short(row.claim_text),
                "evidence": evidence,
                "more_sources": more,
                "meta": _meta(row, version_url(ctx.site_url, row)),
                "approved_at": utc_z(row.approved_at),
                "published_at": utc_z(row.published_at),
            }
        )
    return {
        "sources": cited.sources,
        "organisation": ctx.organisation["name"],
        "generated_at": utc_z(ctx.now),
        "filters": ctx.filters.describe(),
        "items": items,
        **summary_context(figures),
    }


def summary_context(figures: ReportSummary) -> dict[str, Any]:
    """The report's figures as the templates show them (the builder's page and the printable report)."""
    return {
        "totals": figures.totals,
        "timeline": figures.timeline,
        "to_approval": figures.to_approval,
        "to_publication": figures.to_publication,
        # The charts escape every label themselves: safe to place as markup.
        "ratings_svg": Markup(charts.ratings_chart(figures.totals.by_rating)),
        "weekly_svg": Markup(charts.weekly_chart(figures.timeline.weeks)),
    }


def render_pdf(html: str, css: str, base_url: str) -> bytes:
    return render_part(html, css, base_url)[0]


def render_part(html: str, css: str, base_url: str) -> tuple[bytes, int]:
    """One document laid out and written; its layout (the memory) is dropped on return. (PDF, page count)."""
    from weasyprint import CSS, HTML  # deferred: WeasyPrint takes a moment to import

    document = HTML(string=html, base_url=base_url).render(stylesheets=[CSS(string=css)])
    return document.write_pdf(), len(document.pages)


def _parts(context: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The report as documents of at most PART_CLAIMS entries (table rows, claims, sources), each a run of the whole:
    the first holds the cover and totals with the table's first rows, a section ends inside a part where it can
    and the next one follows it there, so the only page breaks a part adds are at the parts' ends."""
    items, sources = context["items"], context["sources"]
    runs = [("table", items), ("claim", items), ("source", sources)]
    entries = [(name, i) for name, seq in runs for i in range(len(seq))]
    for start in range(0, max(1, len(entries)), PART_CLAIMS):
        part = entries[start : start + PART_CLAIMS]
        doc: dict[str, Any] = {**context, "front": start == 0}
        for name, seq in runs:
            mine = [i for n, i in part if n == name]
            doc[f"{name}_items"] = seq[mine[0] : mine[-1] + 1] if mine else None
            doc[f"{name}s_first" if name != "table" else "table_first"] = bool(mine) and mine[0] == 0
        yield doc


def render_in_parts(
    render: Renderer,
    context: dict[str, Any],
    css: str,
    base_url: str,
    progress: Callable[[float, str], object] = lambda _fraction, _note: None,
) -> bytes:
    """A large report rendered part by part and joined (pypdf): memory stays that of one part, whatever the
    size. Pages are numbered on across the parts ("Page 212"); the total is not known while laying out."""
    from pypdf import PdfReader, PdfWriter

    writer, page = PdfWriter(), 1
    parts = list(_parts(context))
    for n, part in enumerate(parts):
        progress(0.1 + 0.85 * n / len(parts), f"laying out part {n + 1} of {len(parts)}")
        numbering = NUMBERED_ON.replace("FIRST", str(page))
        pdf, pages = render_part(render("reports/print.html", for_pdf=True, **part), css + numbering, base_url)
        reader = PdfReader(io.BytesIO(pdf))
        if page == 1 and reader.metadata:
            writer.add_metadata(dict(reader.metadata))
        writer.append(reader)
        page += pages
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_chunks(ctx: ExportContext, rows: Iterable[ReportRow]) -> Iterator[bytes]:
    render: Renderer | None = ctx.render
    if render is None:
        raise RuntimeError("the PDF export needs a template renderer")
    context = report_context(ctx, rows)
    css = render("reports/pdf.css")
    if len(context["items"]) > PART_CLAIMS:
        yield render_in_parts(render, context, css, ctx.site_url, ctx.progress)
        return
    ctx.progress(0.3, f"laying out {len(context['items'])} claims")
    yield render_pdf(render("reports/print.html", for_pdf=True, **context), css, ctx.site_url)
