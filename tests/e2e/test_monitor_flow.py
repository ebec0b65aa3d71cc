"""The Monitor page in a browser, as a reviewer: from the nav, filter by outlet, accept a claim for checking (it
is assigned and leaves the list), with no serious axe-core violation and no overflow at 390 px."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, ClaimStatus, MonitoredClaim
from factcheck.services import feed_poll, ratings
from tests.e2e.conftest import LiveServer
from tests.e2e.test_review_flow import sign_in
from tests.support import builders
from tests.support.feeds import make_feed, paragraphs
from tests.support.people import make_user

SCREENS = os.environ.get("FEEDS_SCREENS", "")  # a folder: screenshots of the Monitor page for the report
EARLIER = "The harbour board said 42 ferries sailed from Port Alder in 2023, up from 22 the year before."


def _scene(db: Session) -> None:
    ratings.load_presets(db)
    old = builders.make_article(db, EARLIER, extract=False, outlet="Archive")
    builders.make_claim(db, old, EARLIER, status="approved")
    for n, outlet in ((2, "Courier"), (3, "Weekly"), (4, "Weekly")):
        feed = make_feed(db, f"https://{outlet.lower()}{n}.example/feed.xml", outlet=outlet, title=f"{outlet} news")
        article = builders.make_article(
            db, "\n\n".join(paragraphs(n, outlet)), outlet=outlet, published_on=dt.date(2026, 11, n)
        )
        feed_poll.monitor_article(db, feed, article.id)
    db.commit()


def _checked(page: Page) -> None:
    blocking = [v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
    assert blocking == []
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        if SCREENS:
            Path(SCREENS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(SCREENS) / f"feeds-monitor-{width}.png"), full_page=True)
        if width == 390:
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_reviewer_filters_the_monitor_and_accepts_a_claim(page: Page, live: LiveServer, db: Session) -> None:
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    _scene(db)
    reviewer = make_user(db, "reviewer", name="Rae Reviewer")
    db.commit()
    sign_in(page, live, reviewer)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Monitor").click()
    expect(page.get_by_role("heading", name="Monitor")).to_be_visible()
    expect(page.locator("tr.checked").first).to_contain_text("checked here")  # already checked comes first
    _checked(page)
    page.get_by_label("Outlet").select_option("Weekly")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("tbody tr").first).to_contain_text("Weekly")
    rows = page.locator("tbody tr[id^=monitored-]")
    shown = rows.count()
    assert shown > 0 and "Courier reports" not in page.locator("tbody").inner_text()
    first_id = int((rows.first.get_attribute("id") or "").removeprefix("monitored-"))
    rows.first.get_by_role("button", name="Accept").click()
    expect(page.get_by_role("status")).to_contain_text(f"Claim {first_id} accepted")
    expect(page.get_by_label("Outlet")).to_have_value("Weekly")  # the filters are kept
    expect(page.locator(f"#monitored-{first_id}")).to_have_count(0)
    expect(rows).to_have_count(shown - 1)
    db.expire_all()
    claim = db.get(Claim, first_id)
    assert claim is not None and claim.status == ClaimStatus.IN_REVIEW and claim.assignee_id == reviewer.id
    assert db.scalar(select(MonitoredClaim).where(MonitoredClaim.claim_id == first_id)) is not None
