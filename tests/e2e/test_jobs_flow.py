"""Slow work in a real browser: a URL import and a source fetch answer at once, show "waiting"/"fetching…", and
the page updates itself when the job finishes (static/js/jobs.js), here run by hand in a thread as a consumer
would run it."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.extensions import db as flask_db
from factcheck.factory import create_app
from factcheck.models import Job, JobState, User
from factcheck.tasks import runner
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.fetch.conftest import LocalServer
from tests.support.builders import make_claim
from tests.tasks.test_runner import PAGE


@pytest.fixture()
def queued_app(app_config: dict[str, Any], tmp_path: Path, db: Session) -> Iterator[tuple[Flask, LiveServer]]:
    """The app with a real queue nobody consumes: jobs wait until the test runs them."""
    app = create_app(app_config | {"JOBS_IMMEDIATE": False, "INSTANCE_PATH": str(tmp_path)})
    server = LiveServer(app)
    server.start()
    yield app, server
    server.stop()
    with app.app_context():
        flask_db.engine.dispose()


def _sign_in(page: Page, base: str, user: User) -> None:
    page.goto(base + "/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Workbench")).to_be_visible()


def _run_later(app: Flask, db: Session) -> threading.Thread:
    """Run every queued job once the browser has seen it waiting."""
    db.expire_all()
    ids = list(db.scalars(select(Job.id).where(Job.state == JobState.QUEUED)))
    assert ids, "the request queued a job"
    thread = threading.Thread(target=lambda: [runner.run_job(app, i, lambda *_a: None) for i in ids])
    thread.start()
    return thread


def test_a_url_import_and_a_source_fetch_update_their_pages_when_done(
    page: Page,
    queued_app: tuple[Flask, LiveServer],
    db: Session,
    make_user: Callable[..., User],
    server: LocalServer,
) -> None:
    app, live = queued_app
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    _sign_in(page, live.url, make_user("reviewer"))

    page.goto(live.url + "/work/import")
    page.get_by_label("Article URL").fill(server.route("/ferry", body=PAGE.encode()))
    page.get_by_role("button", name="Fetch and import").click()
    expect(page.get_by_role("heading", name="Importing the article")).to_be_visible()
    expect(page.get_by_text("Waiting for a worker…")).to_be_visible()
    _run_later(app, db).join()
    # No click: the page polls the job, then reloads into the imported article with the job's message.
    expect(page.get_by_role("heading", name="Ferry timetable grows")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("claims found")).to_be_visible()

    claim = make_claim(db)
    db.commit()
    page.goto(f"{live.url}/work/claims/{claim.id}")
    page.get_by_label("Source URL").fill(server.route("/missing", status=404, body=b"gone"))
    page.locator("#attach").get_by_label("Stance").select_option("refutes")
    page.get_by_role("button", name="Attach source").click()
    expect(page.get_by_text("Waiting to be fetched…")).to_be_visible()
    _run_later(app, db).join()
    expect(page.get_by_text("Unreachable:")).to_be_visible(timeout=15_000)
    expect(page.get_by_text("Waiting to be fetched…")).to_have_count(0)
    assert errors == []
