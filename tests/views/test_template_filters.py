"""Template filters: `when`, the one way templates write dates (no strftime, isoformat or slicing in templates),
and `markdown`."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask, render_template_string

from factcheck.config import PROJECT_ROOT
from factcheck.views.template_filters import when

MOMENT = dt.datetime(2024, 5, 1, 12, 30, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("value", "style", "written"),
    [
        (MOMENT, "date", "2024-05-01"),
        (MOMENT, "minute", "2024-05-01 12:30 UTC"),
        (MOMENT, "second", "2024-05-01 12:30:05 UTC"),
        (MOMENT, "iso", "2024-05-01T12:30:05+00:00"),
        (MOMENT.astimezone(dt.timezone(dt.timedelta(hours=2))), "minute", "2024-05-01 12:30 UTC"),
        (MOMENT.replace(tzinfo=None), "iso", "2024-05-01T12:30:05+00:00"),  # naive: taken as UTC
        (dt.date(2024, 5, 1), "date", "2024-05-01"),
        (dt.date(2024, 5, 1), "minute", "2024-05-01"),  # a date has no time of day
        (dt.date(2024, 5, 1), "iso", "2024-05-01"),
        ("2024-05-01T12:30:05Z", "date", "2024-05-01"),  # exports write UTC with Z
        ("2024-05-01T14:30:05+02:00", "minute", "2024-05-01 12:30 UTC"),
        ("2024-05-01T12:30:05+00:00", "iso", "2024-05-01T12:30:05+00:00"),  # snapshots keep isoformat()
        ("2024-05-01", "iso", "2024-05-01"),
        (None, "date", ""),
        ("", "minute", ""),
    ],
)
def test_when_writes_each_style(value: dt.datetime | dt.date | str | None, style: str, written: str) -> None:
    assert when(value, style) == written


def test_the_filters_are_registered(app: Flask) -> None:
    source = "{{ t|when('minute') }} · {{ none|when or '—' }} · {{ '**b**'|markdown }}"
    with app.test_request_context():
        html = render_template_string(source, t=MOMENT)
    assert html.startswith("2024-05-01 12:30 UTC · — · <p><strong>b</strong></p>")


def test_templates_write_dates_only_through_when() -> None:
    ways = re.compile(r"strftime|isoformat|\[:10\]|\[:16\]|\[:19\]")
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{n}"
        for path in sorted((PROJECT_ROOT / "templates").rglob("*.html"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if ways.search(line)
    ]
    assert found == []
