"""What storing events adds to an import, and the timeline's cost (prints; asserts nothing).

    .venv/bin/python benchmarks/events_store.py

Into a fresh SQLite file: imports 300 short wire stories about overlapping events (the same meetings, visits and
votes told by several articles, some disagreeing on dates), then the 125 KB article of benchmarks/claims_speed.py
twice (the second time its events are linked to the first's). For each, the time of the events step (compute +
write, which link, sum up and find conflicts) next to the whole import in the same run. Then the workbench
timeline of one person: statements and milliseconds. Goal: the events step takes at most 10 ms for a short
article (it is a handful of statements: the article's old mentions, the candidate events, the writes, the summary
and the audit event; on a short article that is about as much as the import itself), and the timeline reads in
four statements.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from claims_speed import PUBLISHED, build  # noqa: E402

from factcheck.extensions import db  # noqa: E402
from factcheck.factory import create_app  # noqa: E402
from factcheck.models import Event, EventConflict, EventMention  # noqa: E402
from factcheck.services import articles, timeline  # noqa: E402
from factcheck.services import events as ev  # noqa: E402

PAIRS = [("Angela Merkel", "Emmanuel Macron", "Aachen"), ("Vladimir Putin", "Recep Tayyip Erdogan", "Ankara"),
         ("Donald Trump", "Shinzo Abe", "Tokyo"), ("Theresa May", "Leo Varadkar", "Dublin"),
         ("Xi Jinping", "Moon Jae-in", "Beijing")]  # fmt: skip
SPENT = {"events": 0.0}


def _timed(fn: Any) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            SPENT["events"] += time.perf_counter() - t0

    return wrapper


def story(i: int) -> tuple[str, dt.date]:
    a, b, place = PAIRS[i % len(PAIRS)]
    day = dt.date(2019, 1, 1) + dt.timedelta(days=(i // 10) * 9)
    meet = day + dt.timedelta(days=7 + (i % 3 == 0))  # every third story a day off: a conflict
    text = (
        f"{place}, {day:%b} {day.day}: {a} will meet {b} in {place} on {meet:%B} {meet.day}, officials said.\n\n"
        f"The talks are expected to cover trade and security, a spokesman said on {day:%A}."
    )
    return text, day


def main() -> int:
    path = Path(tempfile.mkdtemp()) / "events.db"
    url = f"sqlite:///{path}"
    app = create_app({"DATABASE_URL": url, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "b" * 40})
    ev.compute, ev.write = _timed(ev.compute), _timed(ev.write)  # the events step, timed inside the import
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        session = db.session()
        total = 0.0
        for i in range(300):
            text, day = story(i)
            t0 = time.perf_counter()
            articles.import_text(session, None, title=f"Story {i}", text=text, origin="paste", published_on=day)
            session.commit()
            total += time.perf_counter() - t0
        share = SPENT["events"]
        counts = [session.scalar(select(func.count(m.id))) for m in (Event, EventMention, EventConflict)]
        print(f"300 short stories: {total / 300 * 1000:.1f} ms an import, of which events {share / 300 * 1000:.1f} "
              f"ms ({share / (total - share):.0%} added); {counts[0]} events, {counts[1]} mentions, "
              f"{counts[2]} conflicts (goal: events at most 10 ms)")  # fmt: skip
        big = build(125_000)
        for label in ("125 KB article", "125 KB article again (linked)"):
            SPENT["events"] = 0.0
            t0 = time.perf_counter()
            articles.import_text(session, None, title=label, text=big, origin="paste", published_on=PUBLISHED)
            session.commit()
            whole = time.perf_counter() - t0
            print(f"{label}: import {whole:.2f} s, of which events {SPENT['events']:.2f} s "
                  f"({SPENT['events'] / (whole - SPENT['events']):.0%} added)")  # fmt: skip
        statements = [0]
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.__setitem__(0, statements[0] + 1))
        session.expire_all()
        t0 = time.perf_counter()
        found = timeline.timeline(session, timeline.TimelineFilters(participants=("Merkel",)))
        ms = (time.perf_counter() - t0) * 1000
        print(f"timeline of Merkel: {len(found.events)} events, {statements[0]} statements, {ms:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
