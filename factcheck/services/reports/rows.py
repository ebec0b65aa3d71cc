"""The report's rows, streamed: ReportRow objects (iter_rows), or the same rows as the driver returns them
(RawReport) for an export that formats every value itself (the CSV)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from factcheck.models import ClaimStatus, VerdictState
from factcheck.models.base import UTCDateTime
from factcheck.services.reports.filters import ReportFilters
from factcheck.services.reports.query import RECORD, UNIT, report_select

BATCH = 1000


# How a person source was reached, as readers are told it (templates/reader/_source_label.html says the same).
CONTACT = {
    "interview": "Interview with",
    "phone": "Phone call with",
    "email": "E-mail from",
    "letter": "Letter from",
    "message": "Message from",
}


@dataclass(slots=True)
class SourceRef:
    """One piece of a claim's evidence and its source, as the reports show it. `url` is a link (a web source's
    URL), empty for an uploaded document ("document:<sha256>" is an internal id) and for a person."""

    url: str
    stance: str
    source_id: int = 0
    kind: str = "web"  # models.SourceKind: web | document | person
    title: str = ""  # a person: "Interview with Jane Roe, Ministry, 2018-12-09"; a document: its title or file name
    publisher: str = ""
    passage: str = ""
    score: float | None = None  # the passage's match in the archived copy (100 exact); None: not found there
    sha256: str | None = None  # the archived copy's hash
    confidential: bool = False

    @property
    def found(self) -> bool:
        """Whether the passage was found in the archived copy."""
        return self.score is not None


def source_ref(parts: Sequence[str]) -> SourceRef:
    """One piece of evidence from its EVIDENCE_PARTS (the joined string's units, all text)."""
    stance, source_id, kind, url, title, publisher, passage, score, sha, secret, person, org, day, how, file = parts
    if kind == "person":
        who = ", ".join(p for p in (person or title, org, day) if p)
        title, url = f"{CONTACT.get(how, 'Conversation with')} {who}", ""
    elif kind == "document":
        title, url = title or file, ""
    return SourceRef(
        url=url,
        stance=stance,
        source_id=int(source_id),
        kind=kind or "web",
        title=title,
        publisher=publisher,
        passage=passage,
        score=float(score) if score else None,
        sha256=sha or None,
        confidential=secret == "1",
    )


@dataclass(slots=True)
class ReportRow:
    """One claim of the report. Fields are in the select's column order (rows are built positionally)."""

    claim_id: int
    claim_text: str
    kind: str
    speaker: str | None
    claim_dates: list[Any]  # normalised values (str) once built; the raw JSON list inside _row
    status: ClaimStatus
    imported_at: dt.datetime
    article_id: int
    article_title: str
    article_slug: str
    outlet: str
    article_url: str | None
    article_published_on: dt.date | None
    verdict_state: VerdictState
    rating_label: str
    rating_value: int | None
    rating_scale_id: int
    rating_colour: str
    summary: str
    rationale: str
    reviewer: str
    approver: str | None
    verdict_at: dt.datetime
    approved_at: dt.datetime | None
    published_version: int | None
    published_at: dt.datetime | None
    start: int = 0
    end: int = 0
    prefix: str = ""
    suffix: str = ""
    sources: list[SourceRef] = field(default_factory=list)  # selected as one joined string, split by _row
    tags: list[str] = field(default_factory=list)  # the same
    article_author: str = ""


def source_refs(joined: str | None) -> list[SourceRef]:
    """The claim's evidence from the selected string (query.EVIDENCE_PARTS)."""
    if not joined:
        return []
    return [source_ref(record.split(UNIT)) for record in joined.split(RECORD)]


def tag_list(joined: str | None) -> list[str]:
    return joined.split(RECORD) if joined else []


def normal_dates(raw: Any) -> list[str]:
    """The claim's dates column (a list of {"value", "text"} objects) as normalised strings."""
    return [str(d.get("value") or d.get("text") or "") for d in raw if isinstance(d, dict)] if raw else []


def _row(r: Any) -> ReportRow:
    row = ReportRow(*r)
    row.claim_dates = normal_dates(row.claim_dates)
    row.sources = source_refs(row.sources)  # type: ignore[arg-type]  # the joined string as selected
    row.tags = tag_list(row.tags)  # type: ignore[arg-type]
    row.article_author = row.article_author or ""
    return row


class RawReport:
    """The report's rows as the driver returns them (report_select(raw=True)), for exports that format every
    value themselves (the CSV): a row is a tuple in ReportRow's field order, without its conversions.

    `stamp(value)` turns a raw timestamp into the aware UTC datetime ReportRow would hold, `dates(value)` a raw
    dates column into ReportRow.claim_dates. On SQLite a timestamp is 'YYYY-MM-DD HH:MM:SS.ffffff' (UTC) and the
    dates are JSON text; on PostgreSQL they come converted by the driver.
    """

    def __init__(self, session: Session, f: ReportFilters, *, limit: int | None = None, batch: int = BATCH) -> None:
        self.session, self.filters, self.limit, self.batch = session, f, limit, batch
        dialect = session.get_bind().dialect
        self.sqlite_stamps = dialect.name == "sqlite"
        process = UTCDateTime().dialect_impl(dialect).result_processor(dialect, None)
        self._stamp: Callable[[Any], Any] = process if process is not None else (lambda value: value)
        self._loads = getattr(dialect, "_json_deserializer", None) or json.loads

    def stamp(self, value: Any) -> dt.datetime | None:
        return None if value is None else self._stamp(value)

    def dates(self, value: Any) -> list[str]:
        return normal_dates(self._loads(value) if isinstance(value, str) else value)

    def batches(self) -> Iterator[Sequence[Sequence[Any]]]:
        stmt = report_select(self.filters, raw=True)
        if self.limit is not None:
            stmt = stmt.limit(self.limit)
        result = self.session.connection().execute(stmt.execution_options(yield_per=self.batch, stream_results=True))
        try:
            yield from result.partitions(self.batch)
        finally:
            result.close()


class ReportRows:
    """What iter_rows returns: iterating gives ReportRow objects, streamed; `raw()` gives the same rows unconverted
    (RawReport) to an export that can use them. Nothing is queried until one of them is iterated."""

    def __init__(self, session: Session, f: ReportFilters, *, limit: int | None = None, batch: int = BATCH) -> None:
        self.session, self.filters, self.limit, self.batch = session, f, limit, batch

    def __iter__(self) -> Iterator[ReportRow]:
        stmt = report_select(self.filters)
        if self.limit is not None:
            stmt = stmt.limit(self.limit)
        # Core execution on the session's connection (same transaction): rows come as plain tuples, a batch at a time.
        result = self.session.connection().execute(stmt.execution_options(yield_per=self.batch, stream_results=True))
        try:
            for part in result.partitions(self.batch):
                for r in part:
                    yield _row(r)
        finally:
            result.close()

    def raw(self) -> RawReport:
        return RawReport(self.session, self.filters, limit=self.limit, batch=self.batch)


def iter_rows(session: Session, f: ReportFilters, *, limit: int | None = None, batch: int = BATCH) -> ReportRows:
    """Stream the report rows: a server-side cursor where the driver has one, `batch` rows in memory at a time."""
    return ReportRows(session, f, limit=limit, batch=batch)


def preview(session: Session, f: ReportFilters, limit: int = 50) -> list[ReportRow]:
    return list(iter_rows(session, f, limit=limit))
