"""Webhooks and link checks in a browser: an admin creates a hook (the secret shown once), sends a test, and
reads the delivery log of an event its receiver refused twice; an editor's list of changed sources. Each page is
checked with axe-core (no serious or critical violation) and for overflow at 390 px; with HOOKS_SCREENS naming a
folder, screenshots at 1280 and 390 px are saved there (hooks-*.png)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.models import Job, User
from factcheck.netpolicy import FetchPolicy
from factcheck.services import link_checks, sources, webhooks
from factcheck.tasks import runner
from tests.e2e.conftest import LiveServer
from tests.e2e.test_reader_a11y import _blocking
from tests.e2e.test_review_flow import sign_in, watch_errors
from tests.fetch.conftest import LocalServer
from tests.support import builders
from tests.support.hooks import Receiver
from tests.support.people import default_user
from tests.tasks.test_runner import Dispatched

SCREENS = os.environ.get("HOOKS_SCREENS", "")
POLICY = FetchPolicy.from_allow_string("127.0.0.1", connect_timeout=2.0, read_timeout=2.0)


def shoot(page: Page, name: str) -> None:
    assert _blocking(page) == [], name
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if SCREENS:
            Path(SCREENS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENS) / f"hooks-{name}-{width}.png"), full_page=True)
        if width == 390:
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= 390, f"{name} is {wide} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def _run_deliveries(app: Flask, db: Session) -> None:
    """What a consumer does over a few minutes: every delivery job, each retry once its backoff is over."""
    db.commit()
    dispatch = Dispatched()
    for _ in range(webhooks.MAX_ATTEMPTS):
        db.execute(update(Job).where(Job.kind == webhooks.DELIVER_JOB).values(run_after=None))
        db.commit()
        for job_id in db.scalars(select(Job.id).where(Job.kind == webhooks.DELIVER_JOB, Job.state == "queued")):
            runner.run_job(app, job_id, dispatch)
    db.expire_all()


def test_admin_creates_a_hook_tests_it_and_reads_the_delivery_log(
    app: Flask, page: Page, live: LiveServer, db: Session, make_user: Callable[..., User], receiver: Receiver
) -> None:
    page.set_default_timeout(15_000)
    errors: list[str] = []
    watch_errors(page, errors)
    admin = make_user("admin", name="Ada Admin")
    sign_in(page, live, admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Admin", exact=True).click()
    page.get_by_role("link", name="Webhooks", exact=True).click()
    page.get_by_role("link", name="New webhook").click()
    page.get_by_label("Name").fill("Newsroom chat")
    page.get_by_label("Target URL").fill(receiver.url())
    page.get_by_label("Claim approved").check()
    page.get_by_label("Article published").check()
    page.get_by_role("button", name="Create webhook").click()
    secret = page.locator("[data-secret]").inner_text()
    assert re.fullmatch(r"[\w-]{40,}", secret)
    receiver.secret = secret
    page.get_by_role("link", name="Go to the hook and its delivery log").click()
    expect(page.locator("body")).not_to_contain_text(secret)
    page.get_by_role("button", name="Send a test").click()
    expect(page.locator("[data-delivery-log]")).to_contain_text("ping")
    expect(page.locator("[data-delivery-log]")).to_contain_text("200")
    # An approval whose delivery the receiver refuses twice: three attempts in the log.
    receiver.statuses = [500, 500, 200]
    builders.make_claim(db, status="approved")
    _run_deliveries(app, db)
    page.reload()
    row = page.locator("[data-delivery-log] tbody tr").first
    expect(row).to_contain_text("claim.approved")
    expect(row.locator("[data-attempt]")).to_have_count(3)
    expect(row).to_contain_text("delivered")
    assert [r.signature_ok for r in receiver.received] == [True] * 4
    shoot(page, "delivery-log")
    assert errors == []


def test_an_editor_reads_the_changed_sources(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User], server: LocalServer
) -> None:
    page.set_default_timeout(15_000)
    body = b"<html><head><title>%s</title></head><body><article><p>%s: 41 ferries in 2023.</p></article></body></html>"
    found = []
    for path, title in (
        ("/harbour-report", "Harbour report"),
        ("/fares", "Fare table"),
        ("/council", "Council minutes"),
    ):
        url = server.route(path, body=body % (title.encode(), title.encode()))
        source = sources.fetch_source(db, default_user(db), url, POLICY)
        article = builders.make_article(db, extract=False, title=f"Checked: {title}")
        builders.make_claim(db, article, status="published", source=source)
        found.append(source)
    server.route("/harbour-report", status=410, body=b"gone")
    server.route("/archive/fares-2024", body=body % (b"Fare table", b"Fare table"))
    server.route("/fares", status=301, location="/archive/fares-2024")
    server.route("/council", body=body % (b"Council minutes", b"Council minutes (amended)"))
    for source in found:
        assert link_checks.check(db, source, POLICY) is not None
    db.commit()
    editor = make_user("editor", name="Eda Editor")
    sign_in(page, live, editor)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Links", exact=True).click()
    table = page.locator("[data-changed-sources]")
    for text in ("gone", "moved", "changed", "Harbour report", "Checked: Fare table", "now at"):
        expect(table).to_contain_text(text)
    shoot(page, "changed-sources")
