"""Link checks against a real local server: a published check's source that disappears (404, 410), moves (a
redirect to another final URL), changes (the hash differs) or stays the same (no new record); the archived copy
is kept; the periodic task queues only published, due sources."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import Job, LinkChange, LinkCheck, Source
from factcheck.netpolicy import FetchPolicy
from factcheck.services import link_checks, sources
from factcheck.tasks import runner
from factcheck.tasks.links import queue_link_checks
from tests.fetch.conftest import LocalServer
from tests.support.builders import make_article, make_claim, make_evidence
from tests.support.people import default_user
from tests.tasks.test_runner import Dispatched

POLICY = FetchPolicy.from_allow_string("127.0.0.1", connect_timeout=2.0, read_timeout=2.0)
PAGE = (
    b"<html><head><title>Ferry report</title></head><body><article><p>The island ferry added 14 sailings a week "
    b"in 2024, the operator said, and fares stayed at 6 euros.</p></article></body></html>"
)


def _published_source(db: Session, server: LocalServer, path: str = "/report") -> Source:
    url = server.route(path, body=PAGE)
    source = sources.fetch_source(db, default_user(db), url, POLICY)
    assert source.http_status == 200 and source.archived_text
    make_claim(db, make_article(db, extract=False), status="published", source=source)  # cites only this source
    return source


def _count(db: Session) -> int:
    return db.scalar(select(func.count(LinkCheck.id))) or 0


def test_unchanged_adds_nothing_and_changed_content_adds_one_row(db: Session, server: LocalServer) -> None:
    source = _published_source(db, server)
    archived, first_hash = source.archived_text, source.sha256
    assert link_checks.check(db, source, POLICY) is None and _count(db) == 0
    assert source.link_checked_at is not None
    server.route("/report", body=PAGE.replace(b"6 euros", b"7 euros"))
    row = link_checks.check(db, source, POLICY)
    assert row is not None and row.change == LinkChange.CHANGED and row.sha256 != first_hash
    assert link_checks.check(db, source, POLICY) is None, "the new content is what was last seen now"
    assert source.archived_text == archived and source.sha256 == first_hash, "the archived copy is kept"


def test_gone_404_and_410_then_restored(db: Session, server: LocalServer) -> None:
    source = _published_source(db, server)
    server.route("/report", status=404, body=b"no")
    row = link_checks.check(db, source, POLICY)
    assert row is not None and row.change == LinkChange.GONE and row.http_status == 404
    server.route("/report", status=410, body=b"gone")
    assert link_checks.check(db, source, POLICY) is None and _count(db) == 1, "still gone: no new record"
    server.route("/report", body=PAGE)
    row = link_checks.check(db, source, POLICY)
    assert row is not None and row.change == LinkChange.RESTORED and row.sha256 == source.sha256


def test_a_410_is_gone_too_and_a_500_is_unreachable(db: Session, server: LocalServer) -> None:
    source = _published_source(db, server)
    server.route("/report", status=500, body=b"oops")
    row = link_checks.check(db, source, POLICY)
    assert row is not None and row.change == LinkChange.UNREACHABLE and row.http_status == 500
    server.route("/report", status=410, body=b"gone")
    row = link_checks.check(db, source, POLICY)
    assert row is not None and row.change == LinkChange.GONE and row.http_status == 410


def test_a_redirect_to_another_page_is_moved(db: Session, server: LocalServer) -> None:
    source = _published_source(db, server)
    target = server.route("/archive/2024/report", body=PAGE)
    server.route("/report", status=301, location="/archive/2024/report", body=b"")
    row = link_checks.check(db, source, POLICY)
    assert row is not None and row.change == LinkChange.MOVED and row.final_url == target
    assert link_checks.check(db, source, POLICY) is None, "still there: no new record"
    assert [c.id for c in link_checks.changes(db)] == [row.id]


def test_the_periodic_task_queues_published_due_sources_and_the_job_records_a_change(
    app: Flask, db: Session, server: LocalServer
) -> None:
    published = _published_source(db, server)
    unpublished = sources.fetch_source(db, default_user(db), server.route("/draft", body=PAGE), POLICY)
    make_evidence(db, make_claim(db), unpublished, passage="")
    db.commit()
    ids = queue_link_checks(db, app.config)
    db.commit()
    jobs = list(db.scalars(select(Job).where(Job.id.in_(ids))))
    assert [j.arguments["source_id"] for j in jobs] == [published.id]
    server.route("/report", status=404, body=b"no")
    runner.run_job(app, ids[0], Dispatched())
    db.expire_all()
    [row] = db.scalars(select(LinkCheck))
    assert row.source_id == published.id and row.change == LinkChange.GONE
    assert queue_link_checks(db, app.config) == [], "checked a moment ago: not due"
    later = dt.datetime.now(dt.UTC) + link_checks.RECHECK_AFTER + dt.timedelta(minutes=1)
    assert [j.arguments["source_id"] for j in link_checks.queue_due(db, later)] == [published.id]
