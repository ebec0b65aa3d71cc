"""The claim toolbar on the article work page, as a reviewer: click a highlighted claim (or press Enter on it)
and its tools open next to it; split where clicked, merge with the next after confirming, dismiss; the message
comes back next to the claim; the heading counts the claims listed; no offsets on the page. Then the claim's
details (speaker, tags, due date) edited in the browser and found by the queue's filters."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.e2e.conftest import LiveServer
from tests.e2e.test_review_flow import shortcuts_ready, sign_in, watch_errors
from tests.e2e.test_sources_flow import shoot
from tests.support import builders

TEXT = (
    "The ferry company carried 310,000 passengers in 2023, eight per cent more than in 2022.\n\n"
    "Fuel costs rose by a fifth over the year, and two crossings a day were cut during the winter.\n\n"
    "The harbour board approved a 40 metre extension of the pier on 3 March 2024."
)


def test_toolbar_split_merge_dismiss_and_details(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    article = builders.make_article(db, TEXT, extract=False)
    first = builders.make_claim(db, article, "The ferry company carried 310,000 passengers in 2023")
    second = builders.make_claim(db, article, "Fuel costs rose by a fifth over the year")
    third = builders.make_claim(db, article, "The harbour board approved a 40 metre extension of the pier")
    db.commit()
    reviewer = make_user("reviewer", name="Rita Reviewer")
    errors: list[str] = []
    watch_errors(page, errors)
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    sign_in(page, live, reviewer)
    page.goto(f"{live.url}/work/articles/{article.id}")
    shortcuts_ready(page)
    expect(page.locator("#h-claims")).to_have_text("3 claims in the text")
    expect(page.locator("table.claims tbody tr")).to_have_count(3)
    assert not page.get_by_label("Start").count() and "–" not in page.locator("[data-selection-text]").inner_text()

    # Click on the first claim: the toolbar opens by it; "Split here" splits where the click put the cursor.
    page.locator(f"#claim-{first.id}").click()
    toolbar = page.get_by_role("toolbar", name=f"Claim {first.id}")
    expect(toolbar).to_be_visible()
    shoot(page, "article-toolbar")
    toolbar.get_by_role("button", name="Split here").click()
    toolbar = page.get_by_role("toolbar", name=f"Claim {first.id}")
    expect(toolbar.get_by_role("status")).to_contain_text(f"Claim {first.id} split; the second part is claim")
    expect(page.locator(".flash")).to_have_count(0)  # the message is by the claim, not at the top
    expect(page.locator("#h-claims")).to_have_text("4 claims in the text")
    expect(page.locator("table.claims tbody tr")).to_have_count(4)

    # Enter on the second claim opens its toolbar; merging with the next asks first (declined, then accepted).
    page.keyboard.press("Escape")
    page.locator(f"#claim-{second.id}").focus()
    page.keyboard.press("Enter")
    toolbar = page.get_by_role("toolbar", name=f"Claim {second.id}")
    expect(toolbar.get_by_role("link", name="Open")).to_be_focused()
    page.once("dialog", lambda d: d.dismiss())
    toolbar.get_by_role("button", name="Merge with next").click()
    expect(toolbar.get_by_role("status")).to_have_text("Not merged.")
    page.once("dialog", lambda d: d.accept())
    toolbar.get_by_role("button", name="Merge with next").click()
    status = page.get_by_role("toolbar", name=f"Claim {second.id}").get_by_role("status")
    expect(status).to_contain_text(f"Claim {third.id} merged into claim {second.id}")
    expect(page.locator("#h-claims")).to_have_text("3 claims in the text")

    # Dismiss from the toolbar: the claim leaves the text; the count follows, the dismissed are counted apart.
    page.keyboard.press("Escape")
    page.locator(f"#claim-{second.id}").focus()
    page.keyboard.press("Enter")
    page.get_by_role("toolbar", name=f"Claim {second.id}").get_by_role("button", name="Dismiss").click()
    expect(page.locator(".flash")).to_contain_text(f"Claim {second.id} dismissed")
    expect(page.locator("#h-claims")).to_have_text("2 claims in the text")
    expect(page.locator("[data-other-counts]")).to_contain_text("2 dismissed")  # the merged-away claim too

    # The claim's details, edited in the browser, then found by the queue's filters.
    page.locator(f"#claim-{first.id}").click()
    page.get_by_role("toolbar", name=f"Claim {first.id}").get_by_role("link", name="Open").click()
    page.get_by_text("Edit speaker, kind, dates, tags, due date").click()
    form = page.locator("#edit-details")
    form.get_by_label("Speaker").fill("Ferry company")
    form.get_by_label("Tags").fill("transport, ferries")
    due = dt.date.today() + dt.timedelta(days=3)
    form.get_by_label("Due date").fill(due.isoformat())
    form.get_by_role("button", name="Save details").click()
    expect(page.locator(".flash")).to_contain_text("Saved")
    expect(page.locator("[data-speaker]")).to_have_text("Ferry company")
    shoot(page, "claim-details")
    page.goto(f"{live.url}/work/queue")
    page.locator("select[name=speaker]").select_option("Ferry company")
    page.locator("select[name=tag]").select_option("ferries")
    page.locator("select[name=deadline]").select_option("week")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("table.queue tbody tr")).to_have_count(1)
    expect(page.locator("table.queue tbody tr")).to_contain_text("Ferry company")
    assert re.search(r"speaker=Ferry", page.url)
    shoot(page, "queue-filters")
    assert errors == []
