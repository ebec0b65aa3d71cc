"""A reader and a reviewer meet the demo in a real browser."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, User
from factcheck.services import demo
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer


def test_reader_sees_published_article_and_reviewer_signs_in(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" and "401" not in msg.text else None)
    demo.load_demo(db)
    db.commit()
    article = db.scalar(select(Article))
    assert article is not None
    page.goto(live.url + "/")
    expect(page.get_by_role("heading", name="Checked articles")).to_be_visible()
    expect(page.get_by_role("link", name=article.title)).to_be_visible()

    user = make_user("reviewer", name="Browser Reviewer")
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill("wrong password entirely")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That email and password do not match an active account.")).to_be_visible()
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Workbench")).to_be_visible()
    expect(page.get_by_text("Browser Reviewer")).to_be_visible()
    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_text("2018-11-11").first).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    assert errors == []
