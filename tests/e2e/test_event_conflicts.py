"""Events in a real browser: a reviewer imports two articles that disagree on a meeting's date, and sees the
conflict on both claims (side by side, each linking to the other), in the queue's conflicts filter and on the
timeline."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import ratings
from tests.e2e.conftest import LiveServer
from tests.e2e.test_review_flow import sign_in, watch_errors
from tests.support import event_texts as tx


def _import(page: Page, live: LiveServer, title: str, text: str, published: str) -> None:
    page.goto(live.url + "/work/import")
    paste = page.locator("form[action$='/import/paste']")
    paste.locator("input[name=title]").fill(title)
    paste.locator("textarea[name=text]").fill(text)
    paste.locator("input[name=published]").fill(published)
    page.get_by_role("button", name="Import text").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()


def test_two_articles_disagreeing_on_a_meeting_date_show_the_conflict_on_both_claims(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    ratings.load_presets(db)
    db.commit()
    reviewer = make_user("reviewer", name="Rosa Reviewer")
    errors: list[str] = []
    watch_errors(page, errors)
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    sign_in(page, live, reviewer)
    _import(page, live, "Aachen meeting on the 12th", tx.MEETING_12, tx.MEETING_DAYS[0].isoformat())
    _import(page, live, "Aachen meeting on the 14th", tx.MEETING_14, tx.MEETING_DAYS[1].isoformat())

    # The queue's conflicts filter holds both claims.
    page.goto(live.url + "/work/queue")
    page.get_by_label("conflicts").check()
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(2)

    # The first claim: the conflict, this article's words and the other's side by side.
    rows.filter(has_text="on March 12").get_by_role("link").first.click()
    panel = page.locator("#conflicts")
    expect(panel.get_by_role("heading", name="Conflicts")).to_be_visible()
    expect(panel).to_contain_text("2019-03-12 vs 2019-03-14")
    sides = panel.locator(".side")
    expect(sides.nth(0).locator("mark")).to_have_text("March 12")
    expect(sides.nth(1).locator("mark")).to_have_text("March 14")
    expect(sides.nth(1)).to_contain_text("Aachen meeting on the 14th")

    # The link goes to the other claim, which shows the same conflict the other way round.
    sides.nth(1).get_by_role("link", name="open the other claim").click()
    other = page.locator("#conflicts")
    expect(other).to_contain_text("2019-03-12 vs 2019-03-14")
    expect(other.locator(".side").nth(0).locator("mark")).to_have_text("March 14")
    expect(other.locator(".side").nth(1).locator("mark")).to_have_text("March 12")
    expect(other.locator(".side").nth(1)).to_contain_text("Aachen meeting on the 12th")

    # The timeline shows one meeting with both articles and the conflict.
    page.get_by_role("link", name="the event").click()
    event = page.locator(".tl-event")
    expect(event).to_have_count(1)
    expect(event).to_contain_text("Meeting: Angela Merkel, Emmanuel Macron")
    expect(event).to_contain_text("2 articles")
    expect(event).to_contain_text("1 conflict")
    assert errors == []
