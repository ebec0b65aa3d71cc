"""Jinja filters for every template: `markdown` (sanitised HTML), `when`, the one way dates are written, and
`event_date` / `event_iso` for an event's date at the precision the articles give.

`when` takes a datetime (UTC), a date, or an ISO 8601 string (as publication snapshots and exports store them)
and writes it in one of a few named styles; None and "" give "" (so `value|when or "—"` works)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from flask import g, has_app_context
from markupsafe import Markup

from factcheck.exports.events import start_date
from factcheck.rendering import render_markdown, unquoted

STYLES = {
    "date": "%Y-%m-%d",  # 2024-05-01
    "minute": "%Y-%m-%d %H:%M %Z",  # 2024-05-01 12:30 UTC (or CEST: the desk's time zone)
    "second": "%Y-%m-%d %H:%M:%S %Z",  # 2024-05-01 12:30:05 UTC (audit tables)
    "long": "%-d %b %Y",  # 1 May 2024 (an interview's date, as readers read it)
}


def _parse(value: str) -> dt.datetime | dt.date:
    if len(value) == 10:
        return dt.date.fromisoformat(value)
    return dt.datetime.fromisoformat(value)


def desk_zone() -> zoneinfo.ZoneInfo:
    """The desk's time zone setting, read once per request (UTC outside one)."""
    if not has_app_context():
        return zoneinfo.ZoneInfo("UTC")
    zone: zoneinfo.ZoneInfo | None = g.get("desk_zone")
    if zone is None:
        from factcheck.extensions import db
        from factcheck.services import settings

        zone = g.desk_zone = settings.timezone(db.session())
    return zone


def when(value: dt.datetime | dt.date | str | None, style: str = "date") -> str:
    """`style`: date, minute, second (in the desk's time zone, see `desk_zone`), or iso (UTC, machine-readable,
    for a <time datetime="..."> attribute)."""
    if value is None or value == "":
        return ""
    moment = _parse(value) if isinstance(value, str) else value
    if isinstance(moment, dt.datetime):
        moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    elif style in ("minute", "second"):
        style = "date"  # a date has no time of day to show
    if style == "iso":
        return moment.isoformat()
    if isinstance(moment, dt.datetime):
        moment = moment.astimezone(desk_zone())
    return moment.strftime(STYLES[style])


def event_date(value: str | None, precision: str | None = None) -> str:
    """An event's date as the articles give it: `2018-11-11`, `2018-11`, `2018`, `week of 2018-11-05`."""
    if not value:
        return "date unknown"
    return f"week of {value}" if precision == "week" else value


def event_iso(value: str | None, precision: str | None = None) -> str:
    """For <time datetime="...">: ISO 8601 at the event's precision (a week as `2018-W45`)."""
    return start_date(value, precision) or ""


def markdown(source: str) -> Markup:
    return render_markdown(source)


FILTERS = {
    "when": when,
    "markdown": markdown,
    "event_date": event_date,
    "event_iso": event_iso,
    "unquoted": unquoted,
}
