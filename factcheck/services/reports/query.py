"""The report's one select: a row per claim with a verdict, filtered, ordered by claim id.

A row is a claim joined to its latest verdict (any state), the latest *approved* verdict (approval date and
approver), for published claims the first publication of its article made at or after that approval
(publication date and version), its evidence with each piece's source (one joined string) and its tags (another).
An export of any size is this one query, read from a server-side cursor (rows.py).

The reports are the desk's own (editors only): a confidential source is listed with its details and marked
confidential (EVIDENCE_PARTS' "confidential"). The public writers (ClaimReview, Web Annotation) read no source.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Select, String, Text, and_, case, cast, func, literal, select, type_coerce
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.functions import FunctionElement

from factcheck.models import (
    Article,
    Claim,
    ClaimStatus,
    ClaimTag,
    Evidence,
    Publication,
    PublicationKind,
    Rating,
    Source,
    User,
    Verdict,
    VerdictState,
)
from factcheck.services.reports.filters import ReportFilters

UNIT, RECORD = "\x1f", "\x1e"  # separators of the selected evidence: part UNIT part ... RECORD part UNIT part ...
# The parts of one piece of evidence in the joined string, in order (rows.source_ref reads them back). Free text
# has any UNIT or RECORD character replaced by a space, so a passage can never split a record.
EVIDENCE_PARTS = (
    "stance",
    "source_id",
    "kind",
    "url",
    "title",
    "publisher",
    "passage",
    "score",  # the passage's match score in the archived copy; empty when it was not found there
    "sha256",  # the archived copy's hash
    "confidential",  # "1" or "0"
    "person",
    "organisation",
    "contacted_on",
    "method",
    "file_name",
)


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


def _part(column: Any) -> Any:
    """A column as text for the joined string: NULL as '', the separators as spaces."""
    text = type_coerce(column, String())
    return func.coalesce(func.replace(func.replace(text, UNIT, " "), RECORD, " "), "")


def _sources_column() -> Any:
    """The claim's evidence as one string, EVIDENCE_PARTS joined by UNIT, pieces by RECORD, in evidence order: one
    correlated subquery, so sources cost no query of their own and no Python row each."""
    parts = {
        "stance": _part(Evidence.stance),
        "source_id": cast(Source.id, String()),
        "kind": _part(Source.kind),
        "url": _part(Source.url),
        "title": _part(Source.title),
        "publisher": _part(Source.publisher),
        "passage": _part(Evidence.passage),
        "score": func.coalesce(cast(Evidence.match_score, String()), ""),
        "sha256": _part(Source.sha256),
        "confidential": case((Source.confidential, literal("1")), else_=literal("0")),
        "person": _part(Source.person),
        "organisation": _part(Source.organisation),
        "contacted_on": func.coalesce(cast(Source.contacted_on, String()), ""),
        "method": _part(Source.method),
        "file_name": _part(Source.file_name),
    }
    record = parts[EVIDENCE_PARTS[0]]
    for name in EVIDENCE_PARTS[1:]:
        record = record + literal(UNIT) + parts[name]
    pairs = (
        select(record.label("pair"), Evidence.id.label("key"))
        .join(Source, Source.id == Evidence.source_id)
        .where(Evidence.claim_id == Claim.id, Evidence.superseded_at.is_(None))
        .order_by(Evidence.id)
        .correlate(Claim)
        .subquery("ev")
    )
    return select(_joined(pairs.c.pair, literal(RECORD), pairs.c.key)).scalar_subquery()


def _tags_column() -> Any:
    """The claim's tags as one string joined by RECORD, in tag order."""
    tags = (
        select(_part(ClaimTag.tag).label("tag"))
        .where(ClaimTag.claim_id == Claim.id)
        .order_by(ClaimTag.tag)
        .correlate(Claim)
        .subquery("tg")
    )
    return select(_joined(tags.c.tag, literal(RECORD), tags.c.tag)).scalar_subquery()


def _raw(column: Any, raw: bool) -> Any:
    """The column as the driver returns it (no result processing) when `raw`: the SQL is the same."""
    return type_coerce(column, String()) if raw else column


def report_select(f: ReportFilters, *, raw: bool = False) -> Select[Any]:
    """The report rows for the filters, as one select with labelled columns, ordered by claim id.

    With `raw`, the columns SQLAlchemy would convert (the four timestamps, the claim's dates, the article's date,
    the claim's status and the verdict's state) come as the driver returns them: strings on SQLite ('YYYY-MM-DD
    HH:MM:SS.ffffff' in UTC, JSON text), datetimes, dates and lists on PostgreSQL (see RawReport); the statuses as
    their values. Same SQL either way.

    Linear in the number of claims on SQLite and PostgreSQL: `marks` walks the claims in id order and finds each
    one's latest and latest approved verdict by an index probe on verdicts.claim_id (no grouping of the whole
    verdicts table, no sort of the wide result rows at the end); every other table is joined by primary key, and
    the first publication after approval and the sources are probes by article and by claim.
    """
    v_latest, v_appr = aliased(Verdict, name="v_latest"), aliased(Verdict, name="v_appr")
    latest_id = select(func.max(v_latest.id)).where(v_latest.claim_id == Claim.id).correlate(Claim)
    approved_id = (
        select(func.max(v_appr.id))
        .where(v_appr.claim_id == Claim.id, v_appr.state == VerdictState.APPROVED)
        .correlate(Claim)
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
            Publication.kind == PublicationKind.PUBLICATION,
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
            _raw(Claim.status, raw).label("status"),
            _raw(Claim.created_at, raw).label("imported_at"),
            Article.id.label("article_id"),
            Article.title.label("article_title"),
            Article.slug.label("article_slug"),
            Article.outlet,
            Article.url.label("article_url"),
            _raw(Article.published_on, raw).label("article_published_on"),
            _raw(current.state, raw).label("verdict_state"),
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
            _tags_column().label("tags"),
            Article.author.label("article_author"),
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
                Claim.status == ClaimStatus.PUBLISHED,
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
