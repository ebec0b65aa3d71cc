"""The queue's article picker in a real browser: typing part of a title offers the matching articles (from the
JSON endpoint, titles as text, never markup) and picking one filters the queue to that article."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from factcheck.models import User
from tests.e2e.conftest import LiveServer
from tests.e2e.test_review_flow import sign_in, watch_errors
from tests.support.builders import make_article, make_claim

HOSTILE = 'Lighthouse <img src=x onerror="window.pwned=1"> repairs'


def test_typing_offers_articles_and_picking_one_filters(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    hostile = make_article(db, "The lighthouse repairs cost 3 million in 2020.", title=HOSTILE, extract=False)
    make_claim(db, hostile)
    other = make_article(db, "The ferry carried 90,000 people in 2019.", title="Ferry numbers", extract=False)
    make_claim(db, other)
    db.commit()
    errors: list[str] = []
    watch_errors(page, errors)
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    sign_in(page, live, make_user("reviewer"))
    page.goto(live.url + "/work/queue")
    expect(page.locator("table.queue tbody tr")).to_have_count(2)
    field = page.locator("input[name=article]")
    field.press_sequentially("lighthouse", delay=30)
    option = page.locator("#article-picks option")
    expect(option).to_have_count(1)
    assert option.get_attribute("value") == f"#{hostile.id} · {HOSTILE}"
    field.fill(option.get_attribute("value") or "")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("table.queue tbody tr")
    expect(rows).to_have_count(1)
    expect(rows).to_contain_text("lighthouse repairs")
    expect(field).to_have_value(f"#{hostile.id} · {HOSTILE}")
    assert page.evaluate("window.pwned === undefined")
    assert errors == []
