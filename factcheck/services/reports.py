"""Verdict reports: filters -> one SQL select of report rows (one row per claim with a verdict), streamed.

A row is a claim joined to its latest verdict (any state), the latest *approved* verdict (approval date and
approver), for published claims the first publication of its article made at or after that approval
(publication date and version), and its sources with their evidence stances (one joined string). An export of
any size is one query, read from a server-side cursor.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, String, Text, and_, case, func, literal, or_, select, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from factcheck.claims.kinds import KINDS
from factcheck.ids import parse_id
from factcheck.models import Article, Claim, ClaimStatus, Evidence, Publication, Rating, Source, User, Verdict
from factcheck.models.base import UTCDateTime
from factcheck.services.errors import DomainError

BATCH = 1000
DATE_FIELDS = ("approved", "published")
STATUSES = tuple(s.value for s in ClaimStatus if s is not ClaimStatus.NEW)
FILTER_KEYS = ("date", "from", "to", "outlet", "article", "reviewer", "approver", "rating", "kind", "status")
CONFIDENTIAL = "(confidential source: details withheld)"
UNIT, RECORD = "\x1f", "\x1e"  # separators of the selected sources: stance UNIT url RECORD stance UNIT url


class InvalidFilter(DomainError):
    """A report filter that cannot be applied; names the filter and says why."""

    status = 400
    code = "invalid_filter"

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"Invalid filter {name!r}: {why}", fields={name: why})
        self.name = name
        self.why = why


@dataclass(frozen=True)
class ReportFilters:
    date_field: str = "approved"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlet: str | None = None
    article_id: int | None = None
    reviewer_id: int | None = None
    approver_id: int | None = None
    rating_ids: tuple[int, ...] | None = None
    kind: str | None = None
    status: str | None = None
    labels: tuple[tuple[str, str], ...] = ()  # (filter, value as the user gave it) for report covers

    def describe(self) -> list[tuple[str, str]]:
        return list(self.labels) or [("filters", "none: every claim with a verdict")]

    def as_params(self) -> dict[str, str]:
        return {name: value for name, value in self.labels if name in FILTER_KEYS}


@dataclass(slots=True)
class SourceRef:
    url: str
    stance: str


@dataclass(slots=True)
class ReportRow:
    """One claim of the report. Fields are in the select's column order (rows are built positionally)."""

    claim_id: int
    claim_text: str
    kind: str
    speaker: str | None
    claim_dates: list[Any]  # normalised values (str) once built; the raw JSON list inside _row
    status: str
    imported_at: dt.datetime
    article_id: int
    article_title: str
    article_slug: str
    outlet: str
    article_url: str | None
    article_published_on: dt.date | None
    verdict_state: str
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


def _date(name: str, raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidFilter(name, f"{raw!r} is not a date (YYYY-MM-DD)") from None


def _numeric_id(name: str, raw: str) -> int | None:
    """`raw` as an id if it is written in digits (None if it is a slug or an email); InvalidFilter if its
    digits are not an id the database can hold (non-ASCII digits such as "²", or beyond 32 bits)."""
    if not raw.isnumeric():
        return None
    value = parse_id(raw)
    if value is None:
        raise InvalidFilter(name, f"{raw[:40]!r} is not a valid id")
    return value


def _user_id(session: Session, name: str, raw: str) -> int:
    user_id = _numeric_id(name, raw)
    stmt = (
        select(User.id).where(User.id == user_id)
        if user_id is not None
        else select(User.id).where(func.lower(User.email) == raw.lower())
    )
    found = session.scalar(stmt)
    if found is None:
        raise InvalidFilter(name, f"no user with the id or email {raw!r}")
    return found


def _article_id(session: Session, raw: str) -> int:
    article_id = _numeric_id("article", raw)
    cond = Article.id == article_id if article_id is not None else Article.slug == raw
    found = session.scalar(select(Article.id).where(cond))
    if found is None:
        raise InvalidFilter("article", f"no article with the id or slug {raw!r}")
    return found


def parse_filters(session: Session, raw: Mapping[str, Any]) -> ReportFilters:
    """Validate raw filter values (query string, CLI options); unknown keys are ignored, empty ones unset."""
    values = {k: str(raw.get(k) or "").strip() for k in FILTER_KEYS}
    kw: dict[str, Any] = {}
    if values["date"]:
        if values["date"] not in DATE_FIELDS:
            raise InvalidFilter("date", f"must be one of {', '.join(DATE_FIELDS)}")
        kw["date_field"] = values["date"]
    if values["from"]:
        kw["date_from"] = _date("from", values["from"])
    if values["to"]:
        kw["date_to"] = _date("to", values["to"])
        if kw.get("date_from") and kw["date_to"] < kw["date_from"]:
            raise InvalidFilter("to", "the end date is before the start date")
    if values["outlet"]:
        kw["outlet"] = values["outlet"]
    if values["article"]:
        kw["article_id"] = _article_id(session, values["article"])
    for name in ("reviewer", "approver"):
        if values[name]:
            kw[f"{name}_id"] = _user_id(session, name, values[name])
    if values["rating"]:
        ids = tuple(session.scalars(select(Rating.id).where(func.lower(Rating.label) == values["rating"].lower())))
        if not ids:
            raise InvalidFilter("rating", f"no rating is labelled {values['rating']!r}")
        kw["rating_ids"] = ids
    if values["kind"]:
        if values["kind"] not in KINDS:
            raise InvalidFilter("kind", f"must be one of {', '.join(KINDS)}")
        kw["kind"] = values["kind"]
    if values["status"]:
        if values["status"] not in STATUSES:
            raise InvalidFilter("status", f"must be one of {', '.join(STATUSES)}")
        kw["status"] = values["status"]
    labels = tuple((k, v) for k, v in values.items() if v)
    return ReportFilters(labels=labels, **kw)


class _joined(FunctionElement[str]):
    """string_agg(value, separator ORDER BY key) on PostgreSQL; group_concat(value, separator) elsewhere, whose
    order is the scan order of its ordered FROM (SQLite before 3.44 has no ORDER BY inside an aggregate)."""

    type = Text()
    name = "joined"
    inherit_cache = True


@compiles(_joined)
def _joined_default(element: _joined, compiler: Any, **kw: Any) -> str:
    value, separator, _key = list(element.clauses)
    return f"group_concat({compiler.process(value, **kw)}, {compiler.process(separator, **kw)})"


@compiles(_joined, "postgresql")
def _joined_pg(element: _joined, compiler: Any, **kw: Any) -> str:
    value, separator, key = (compiler.process(c, **kw) for c in element.clauses)
    return f"string_agg({value}, {separator} ORDER BY {key})"


def _sources_column() -> Any:
    """The claim's sources as one string, "stance US url RS stance US url..." in evidence order (confidential ones
    masked): one correlated subquery, so sources cost no query of their own and no Python row each."""
    url = case((Source.confidential, literal(CONFIDENTIAL)), else_=Source.url)
    pairs = (
        select((Evidence.stance + literal(UNIT) + url).label("pair"), Evidence.id.label("key"))
        .join(Source, Source.id == Evidence.source_id)
        .where(Evidence.claim_id == Claim.id)
        .order_by(Evidence.id)
        .correlate(Claim)
        .subquery("ev")
    )
    return select(_joined(pairs.c.pair, literal(RECORD), pairs.c.key)).scalar_subquery()


def _raw(column: Any, raw: bool) -> Any:
    """The column as the driver returns it (no result processing) when `raw`: the SQL is the same."""
    return type_coerce(column, String()) if raw else column


def report_select(f: ReportFilters, *, raw: bool = False) -> Select[Any]:
    """The report rows for the filters, as one select with labelled columns, ordered by claim id.

    With `raw`, the columns SQLAlchemy would convert (the four timestamps, the claim's dates, the article's date)
    come as the driver returns them: strings on SQLite ('YYYY-MM-DD HH:MM:SS.ffffff' in UTC, JSON text), datetimes,
    dates and lists on PostgreSQL (see RawReport). Same SQL either way.

    Linear in the number of claims on SQLite and PostgreSQL: `marks` walks the claims in id order and finds each
    one's latest and latest approved verdict by an index probe on verdicts.claim_id (no grouping of the whole
    verdicts table, no sort of the wide result rows at the end); every other table is joined by primary key, and
    the first publication after approval and the sources are probes by article and by claim.
    """
    v_latest, v_appr = aliased(Verdict, name="v_latest"), aliased(Verdict, name="v_appr")
    latest_id = select(func.max(v_latest.id)).where(v_latest.claim_id == Claim.id).correlate(Claim)
    approved_id = (
        select(func.max(v_appr.id)).where(v_appr.claim_id == Claim.id, v_appr.state == "approved").correlate(Claim)
    )
    marks = select(
        Claim.id.label("claim_id"),
        latest_id.scalar_subquery().label("latest_id"),
        approved_id.scalar_subquery().label("approved_id"),
    ).subquery("marks")
    current, approved = aliased(Verdict, name="cur"), aliased(Verdict, name="appr")
    author, approver = aliased(User, name="author"), aliased(User, name="approver")
    first_version = (
        select(func.min(Publication.version))
        .where(
            Publication.article_id == Claim.article_id,
            Publication.kind == "publication",
            Publication.published_at >= approved.created_at,
        )
        .correlate(Claim, approved)
        .scalar_subquery()
    )
    stmt = (
        select(
            Claim.id.label("claim_id"),
            Claim.quote.label("claim_text"),
            Claim.kind,
            Claim.speaker,
            _raw(Claim.dates, raw).label("claim_dates"),
            Claim.status,
            _raw(Claim.created_at, raw).label("imported_at"),
            Article.id.label("article_id"),
            Article.title.label("article_title"),
            Article.slug.label("article_slug"),
            Article.outlet,
            Article.url.label("article_url"),
            _raw(Article.published_on, raw).label("article_published_on"),
            current.state.label("verdict_state"),
            Rating.label.label("rating_label"),
            Rating.value.label("rating_value"),
            Rating.scale_id.label("rating_scale_id"),
            Rating.colour.label("rating_colour"),
            current.summary,
            current.rationale,
            author.name.label("reviewer"),
            approver.name.label("approver"),
            _raw(current.created_at, raw).label("verdict_at"),
            _raw(approved.created_at, raw).label("approved_at"),
            Publication.version.label("published_version"),
            _raw(Publication.published_at, raw).label("published_at"),
            Claim.start,
            Claim.end,
            Claim.prefix,
            Claim.suffix,
            _sources_column().label("sources"),
        )
        .select_from(marks)
        .join(Claim, Claim.id == marks.c.claim_id)
        .join(current, current.id == marks.c.latest_id)
        .join(Rating, Rating.id == current.rating_id)
        .join(Article, Article.id == Claim.article_id)
        .join(author, author.id == current.author_id)
        .outerjoin(approved, approved.id == marks.c.approved_id)
        .outerjoin(approver, approver.id == approved.approver_id)
        .outerjoin(
            Publication,
            and_(
                Claim.status == ClaimStatus.PUBLISHED.value,
                Publication.article_id == Claim.article_id,
                Publication.version == first_version,
            ),
        )
        .order_by(marks.c.claim_id)
    )
    return _apply(stmt, f, current, approved)


def _apply(stmt: Select[Any], f: ReportFilters, current: Any, approved: Any) -> Select[Any]:
    stamp = approved.created_at if f.date_field == "approved" else Publication.published_at
    if f.date_from:
        stmt = stmt.where(stamp >= dt.datetime.combine(f.date_from, dt.time(), dt.UTC))
    if f.date_to:
        stmt = stmt.where(stamp < dt.datetime.combine(f.date_to + dt.timedelta(days=1), dt.time(), dt.UTC))
    if f.outlet:
        stmt = stmt.where(Article.outlet == f.outlet)
    if f.article_id:
        stmt = stmt.where(Article.id == f.article_id)
    if f.reviewer_id:
        stmt = stmt.where(current.author_id == f.reviewer_id)
    if f.approver_id:
        stmt = stmt.where(approved.approver_id == f.approver_id)
    if f.rating_ids:
        stmt = stmt.where(Rating.id.in_(f.rating_ids))
    if f.kind:
        stmt = stmt.where(Claim.kind == f.kind)
    if f.status:
        stmt = stmt.where(Claim.status == f.status)
    return stmt


def count(session: Session, f: ReportFilters) -> int:
    sub = report_select(f).order_by(None).subquery()
    return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def _source_refs(joined: str | None) -> list[SourceRef]:
    if not joined:
        return []
    return [SourceRef(url, stance) for stance, _, url in (pair.partition(UNIT) for pair in joined.split(RECORD))]


def normal_dates(raw: Any) -> list[str]:
    """The claim's dates column (a list of {"value", "text"} objects) as normalised strings."""
    return [str(d.get("value") or d.get("text") or "") for d in raw if isinstance(d, dict)] if raw else []


def _row(r: Any) -> ReportRow:
    row = ReportRow(*r)
    row.claim_dates = normal_dates(row.claim_dates)
    row.sources = _source_refs(row.sources)  # type: ignore[arg-type]  # the joined string as selected
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


def filter_choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Values offered by the report builder's selects (outlets, articles, people, ratings)."""
    outlets = session.scalars(select(Article.outlet).where(Article.outlet != "").distinct().order_by(Article.outlet))
    arts = session.execute(select(Article.id, Article.title).order_by(Article.title).limit(500))
    people = session.execute(
        select(User.email, User.name)
        .where(or_(User.id.in_(select(Verdict.author_id)), User.id.in_(select(Verdict.approver_id))))
        .order_by(User.name)
    )
    labels = session.scalars(
        select(Rating.label).where(Rating.id.in_(select(Verdict.rating_id))).distinct().order_by(Rating.label)
    )
    return {
        "outlet": [(o, o) for o in outlets],
        "article": [(str(i), t) for i, t in arts],
        "people": [(e, n) for e, n in people],
        "rating": [(label, label) for label in labels],
    }
