"""Jinja filters for every template: `markdown` (sanitised HTML) and `when`, the one way dates are written.

`when` takes a datetime (UTC), a date, or an ISO 8601 string (as publication snapshots and exports store them)
and writes it in one of a few named styles; None and "" give "" (so `value|when or "—"` works)."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from factcheck.rendering import render_markdown

STYLES = {
    "date": "%Y-%m-%d",  # 2024-05-01
    "minute": "%Y-%m-%d %H:%M UTC",  # 2024-05-01 12:30 UTC
    "second": "%Y-%m-%d %H:%M:%S",  # 2024-05-01 12:30:05 (audit tables, whose heading says UTC)
}


def _parse(value: str) -> dt.datetime | dt.date:
    if len(value) == 10:
        return dt.date.fromisoformat(value)
    return dt.datetime.fromisoformat(value)


def when(value: dt.datetime | dt.date | str | None, style: str = "date") -> str:
    """`style`: date, minute, second, or iso (machine-readable, for a <time datetime="..."> attribute)."""
    if value is None or value == "":
        return ""
    moment = _parse(value) if isinstance(value, str) else value
    if isinstance(moment, dt.datetime):
        moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    elif style in ("minute", "second"):
        style = "date"  # a date has no time of day to show
    if style == "iso":
        return moment.isoformat()
    return moment.strftime(STYLES[style])


def markdown(source: str) -> Markup:
    return render_markdown(source)


FILTERS = {"when": when, "markdown": markdown}
