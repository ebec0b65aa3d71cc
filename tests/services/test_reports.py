"""The report query: rows, filters (and their refusals), batching without N+1, totals, medians, weeks, charts."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from factcheck.models import Source
from factcheck.services import charts, reports
from factcheck.services.reports import InvalidFilter, summary
from factcheck.services.reports.summary import RatingTotal, WeekCount
from tests.reports_data import GROWTH, MINUS, TRICKY, UNEMPLOYMENT, build_known_set, set_times

UTC = dt.UTC


def _quotes(session: Session, **raw: str) -> set[str]:
    return {r.claim_text for r in reports.iter_rows(session, reports.parse_filters(session, raw))}


def test_rows_join_latest_verdict_approval_and_first_publication(db: Session) -> None:
    known = build_known_set(db)
    rows = {r.claim_text: r for r in reports.iter_rows(db, reports.parse_filters(db, {}))}
    assert set(rows) == {TRICKY, UNEMPLOYMENT, GROWTH, MINUS}
    tricky = rows[TRICKY]
    assert (tricky.rating_label, tricky.rating_value, tricky.status) == ("False", 1, "published")
    assert (tricky.reviewer, tricky.approver, tricky.speaker) == ("Zoë Réviewer", "Edith Editor", "José Müller")
    assert tricky.published_version == 1 and tricky.published_at is not None
    assert tricky.article_slug == known.article_a.slug
    assert [(s.url, s.stance) for s in rows[UNEMPLOYMENT].sources] == [
        ("https://src.example.org/jobs", "supports"),
        ("https://src.example.org/other", "context"),
    ]
    assert rows[UNEMPLOYMENT].claim_dates == ["2019"]
    growth = rows[GROWTH]
    assert (growth.verdict_state, growth.approver, growth.approved_at, growth.published_at) == (
        "submitted",
        None,
        None,
        None,
    )
    minus = rows[MINUS]
    assert (minus.verdict_state, minus.approver, minus.published_version) == ("approved", "Emil Editor", None)


def test_each_filter_narrows_the_set(db: Session) -> None:
    known = build_known_set(db)
    assert _quotes(db, outlet="Ledger, Inc.") == {TRICKY, UNEMPLOYMENT}
    assert _quotes(db, article=known.article_b.slug) == {GROWTH, MINUS}
    assert _quotes(db, article=str(known.article_a.id)) == {TRICKY, UNEMPLOYMENT}
    assert _quotes(db, reviewer="rob@example.org") == {GROWTH, MINUS}
    assert _quotes(db, reviewer=str(known.zoe.id)) == {TRICKY, UNEMPLOYMENT}
    assert _quotes(db, approver="EMIL@example.org") == {MINUS}
    assert _quotes(db, rating="mostly FALSE") == {GROWTH}
    assert _quotes(db, kind="quantity") == {UNEMPLOYMENT, MINUS}
    assert _quotes(db, status="submitted") == {GROWTH}
    assert _quotes(db, status="published", kind="quote") == {TRICKY}


def test_date_filters_on_approval_or_publication(db: Session) -> None:
    known = build_known_set(db)
    day = dt.datetime(2024, 3, 6, 12, tzinfo=UTC)  # a Wednesday
    set_times(
        db,
        known.claims["tricky"],
        imported=day - dt.timedelta(days=2),
        approved=day,
        published=day + dt.timedelta(days=8),
    )
    set_times(
        db,
        known.claims["unemployment"],
        imported=day - dt.timedelta(days=4),
        approved=day,
        published=day + dt.timedelta(days=8),
    )
    set_times(db, known.claims["minus"], imported=day, approved=day + dt.timedelta(days=30))
    assert _quotes(db, **{"from": "2024-03-06", "to": "2024-03-06"}) == {TRICKY, UNEMPLOYMENT}
    assert _quotes(db, **{"from": "2024-03-07"}) == {MINUS}
    assert _quotes(db, **{"to": "2024-03-05"}) == set()
    assert _quotes(db, date="published", **{"from": "2024-03-14", "to": "2024-03-14"}) == {TRICKY, UNEMPLOYMENT}
    assert _quotes(db, date="published", **{"from": "2024-03-15"}) == set()


@pytest.mark.parametrize(
    ("raw", "name", "why"),
    [
        ({"from": "2024-13-01"}, "from", "not a date"),
        ({"to": "yesterday"}, "to", "not a date"),
        ({"from": "2024-02-02", "to": "2024-02-01"}, "to", "before the start"),
        ({"date": "imported"}, "date", "approved, published"),
        ({"rating": "Pants on Fire!"}, "rating", "no rating"),
        ({"kind": "gossip"}, "kind", "must be one of"),
        ({"status": "new"}, "status", "must be one of"),
        ({"reviewer": "nobody@example.org"}, "reviewer", "no user"),
        ({"approver": "99999"}, "approver", "no user"),
        ({"article": "no-such-slug"}, "article", "no article"),
    ],
)
def test_invalid_filters_name_the_filter_and_why(db: Session, raw: dict[str, str], name: str, why: str) -> None:
    build_known_set(db)
    with pytest.raises(InvalidFilter) as caught:
        reports.parse_filters(db, raw)
    assert caught.value.name == name and why in caught.value.why and name in caught.value.message
    assert caught.value.status == 400


def test_streaming_is_one_query_with_sources_in_order_and_confidential_ones_marked(db: Session) -> None:
    """The reports are the desk's (editors only): a confidential source is listed, marked confidential."""
    build_known_set(db)
    secret = db.scalars(select(Source).where(Source.url == "https://src.example.org/other")).one()
    secret.confidential = True
    db.flush()
    statements: list[str] = []
    engine = db.get_bind()

    def count(conn: object, cursor: object, statement: str, *args: object) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        rows = {r.claim_text: r for r in reports.iter_rows(db, reports.parse_filters(db, {}), batch=2)}
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(rows) == 4 and len(statements) == 1  # sources come inside the report query, not one query each
    assert [(s.url, s.stance, s.confidential) for s in rows[UNEMPLOYMENT].sources] == [
        ("https://src.example.org/jobs", "supports", False),
        ("https://src.example.org/other", "context", True),
    ]
    assert [(s.url, s.stance) for s in rows[GROWTH].sources] == [("https://src.example.org/g", "refutes")]


def test_totals_medians_and_weeks(db: Session) -> None:
    known = build_known_set(db)
    monday = dt.datetime(2024, 3, 4, 10, tzinfo=UTC)
    set_times(
        db,
        known.claims["tricky"],
        imported=monday,
        approved=monday + dt.timedelta(hours=2),
        published=monday + dt.timedelta(days=15),
    )
    set_times(
        db,
        known.claims["unemployment"],
        imported=monday - dt.timedelta(hours=4),
        approved=monday + dt.timedelta(hours=2),
        published=monday + dt.timedelta(days=15),
    )
    set_times(db, known.claims["minus"], imported=monday, approved=monday + dt.timedelta(hours=9))
    f = reports.parse_filters(db, {})
    figures = summary.summarize(db, f)
    totals = figures.totals
    assert totals.count == figures.count == 4
    assert [(t.label, t.count) for t in totals.by_rating] == [
        ("False", 1),
        ("Mostly false", 1),
        ("Half true", 1),
        ("True", 1),
    ]
    assert totals.by_kind == [("quantity", 2), ("comparison", 1), ("quote", 1)]  # most first, then by name
    assert totals.by_reviewer == [("Rob Reviewer", 2), ("Zoë Réviewer", 2)]
    assert dict(totals.by_outlet) == {"Ledger, Inc.": 2, "Other Post": 2}
    line = figures.timeline
    assert line.to_approval == dt.timedelta(hours=6)  # median of 2 h, 6 h, 9 h
    assert line.to_publication == dt.timedelta(days=15, hours=2)  # median of 15 d and 15 d 4 h
    assert line.weeks == [WeekCount(dt.date(2024, 3, 18), 2)]


def test_weekly_counts_fill_empty_weeks() -> None:
    stamps = [
        dt.datetime(2024, 1, 1, tzinfo=UTC),
        dt.datetime(2024, 1, 7, 23, tzinfo=UTC),
        dt.datetime(2024, 1, 22, tzinfo=UTC),
    ]
    weeks = summary.weekly(stamps)
    assert [(w.week.isoformat(), w.count) for w in weeks] == [
        ("2024-01-01", 2),
        ("2024-01-08", 0),
        ("2024-01-15", 0),
        ("2024-01-22", 1),
    ]
    assert summary.Timeline(None, None, weeks).weeks_without == 2
    assert summary.format_duration(dt.timedelta(days=2, hours=3, minutes=5)) == "2 d 3 h"
    assert summary.format_duration(None) == "—"


def test_empty_selection(db: Session) -> None:
    build_known_set(db)
    f = reports.parse_filters(db, {"outlet": "Nobody's Gazette"})
    assert list(reports.iter_rows(db, f)) == [] and reports.count(db, f) == 0
    figures = summary.summarize(db, f)
    assert figures.count == 0
    assert figures.timeline == summary.Timeline(None, None, [])
    assert figures.to_approval == figures.to_publication == "—"


def test_charts_escape_labels_and_use_no_style_attributes() -> None:
    svg = charts.ratings_chart([RatingTotal('<b>"Bad" & co</b>', 1, "red;x", 3), RatingTotal("True", 5, "#2e7d32", 1)])
    assert "<b>" not in svg and "&lt;b&gt;&quot;Bad&quot; &amp; co&lt;/b&gt;" in svg
    assert "style=" not in svg and 'fill="#6b7280"' in svg and 'fill="#2e7d32"' in svg  # bad colour replaced
    weekly = charts.weekly_chart([WeekCount(dt.date(2024, 1, 1), 2), WeekCount(dt.date(2024, 1, 8), 0)])
    assert weekly.count('class="chart-bar"') == 1 and weekly.count('class="chart-zero"') == 1
    assert "style=" not in weekly and "1 a week" in weekly
    assert "No verdicts" in charts.ratings_chart([]) and "Nothing published" in charts.weekly_chart([])


def test_report_row_fields_follow_the_select_columns() -> None:
    """Rows are built positionally for speed: the dataclass must list the select's columns in order."""
    import dataclasses

    columns = [c.name for c in reports.report_select(reports.ReportFilters()).selected_columns]
    fields = [f.name for f in dataclasses.fields(reports.ReportRow)]
    assert fields == columns
