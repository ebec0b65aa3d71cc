"""The desk's daily work and the team, in a real browser, each flow as the role that does it: an admin invites a
person who sets a password from the one-time link; an admin disables and re-enables; a reviewer changes their
password and their other browser is signed out; an editor's desk and its links; an assignment reaching the
assignee's inbox; an accepted reader request reaching the queue; a duplicate import flagged; readers' full-text
search; the desk's time zone. With DESK_SCREENS=<folder>, each page is also saved at 1280 and 390 px wide."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, ClaimStatus, User
from factcheck.services import demo, reader_requests
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.e2e.test_review_flow import sign_in
from tests.support import builders

NEW_PASSWORD = "lighthouse keeper 2024"
SCREENS = os.environ.get("DESK_SCREENS", "")


def shoot(page: Page, name: str) -> None:
    """Save the page at both widths when DESK_SCREENS names a folder (screenshots for the report)."""
    if not SCREENS:
        return
    folder = Path(SCREENS)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def patient(page: Page) -> None:
    page.set_default_timeout(15_000)  # the machine is shared: be patient, not flaky
    expect.set_options(timeout=15_000)


def test_admin_invites_and_the_person_joins(
    page: Page, browser: Browser, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    patient(page)
    admin = make_user("admin", name="Ada Admin")
    sign_in(page, live, admin)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Team").click()
    page.get_by_label("Name").fill("Nadia Newcomer")
    page.get_by_label("Email").fill("nadia@example.org")
    page.get_by_label("Role", exact=True).select_option("editor")
    page.get_by_role("button", name="Invite").click()
    link = page.locator("[data-issued-link]").input_value()
    assert re.fullmatch(r"http://factcheck\.test/account/welcome/[\w-]+", link)
    invited = db.scalar(select(User.id).where(User.email == "nadia@example.org"))
    expect(page.locator(f"#person-{invited}")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Nadia Newcomer"))).to_contain_text("invited")
    shoot(page, "team")

    # The newcomer, in their own browser, opens the link and chooses a password.
    newcomer = browser.new_context()
    theirs = newcomer.new_page()
    theirs.goto(live.url + link.removeprefix("http://factcheck.test"))
    expect(theirs.get_by_role("heading", name="Welcome, Nadia Newcomer")).to_be_visible()
    shoot(theirs, "welcome")
    theirs.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    theirs.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    theirs.get_by_role("button", name="Set my password").click()
    expect(theirs.locator(".flash")).to_contain_text("Your password is set")
    theirs.get_by_label("Email").fill("nadia@example.org")
    theirs.get_by_label("Password").fill(NEW_PASSWORD)
    theirs.get_by_role("button", name="Sign in").click()
    expect(theirs.get_by_role("heading", name="Workbench")).to_be_visible()
    expect(theirs.get_by_role("heading", name=re.compile("Waiting for my approval"))).to_be_visible()  # an editor

    # The admin makes her a reviewer, then disables her: her open browser is signed out at once.
    row = page.get_by_role("row", name=re.compile("Nadia Newcomer"))
    page.reload()
    row.get_by_label("Role of Nadia Newcomer").select_option("reviewer")
    row.get_by_role("button", name="Change role of Nadia Newcomer").click()
    expect(page.locator(".flash")).to_contain_text("Nadia Newcomer is now reviewer")
    page.get_by_role("button", name="Disable Nadia Newcomer").click()
    expect(page.locator(".flash")).to_contain_text("account is disabled")
    theirs.goto(live.url + "/work/")
    expect(theirs.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_role("button", name="Enable Nadia Newcomer").click()
    expect(page.locator(".flash")).to_contain_text("account is enabled")
    newcomer.close()


def test_changing_my_password_signs_out_my_other_browser(
    page: Page, browser: Browser, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    patient(page)
    reviewer = make_user("reviewer", name="Rui Reviewer")
    other = browser.new_context()
    elsewhere = other.new_page()
    sign_in(elsewhere, live, reviewer)
    sign_in(page, live, reviewer)
    page.get_by_role("link", name=re.compile("Rui Reviewer")).click()
    expect(page.get_by_role("heading", name="Change my password")).to_be_visible()
    shoot(page, "password")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Repeat the new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator(".flash")).to_contain_text("1 other sign-in ended")
    elsewhere.goto(live.url + "/work/")
    expect(elsewhere.get_by_role("heading", name="Sign in")).to_be_visible()
    other.close()


def test_editor_desk_inbox_and_reader_request(
    page: Page, browser: Browser, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    patient(page)
    reviewer = make_user("reviewer", name="Rosa Reviewer")
    editor = make_user("editor", name="Emil Editor")
    article = builders.make_article(db, "The tram line carried 9 million people in 2023.\n\nIt opened in 1994.")
    claim = builders.make_claim(db, article, "The tram line carried 9 million people in 2023.", status="submitted")
    reader_requests.submit(db, kind="suggestion", body="Did the tram really open in 1994?", article=article)
    db.commit()

    # The editor's desk: the submitted verdict waits; the tiles lead to the queue.
    sign_in(page, live, editor)
    waiting = page.get_by_role("region", name=re.compile("Waiting for my approval"))
    expect(waiting.get_by_role("link", name=re.compile("tram line carried"))).to_be_visible()
    shoot(page, "desk-home")
    waiting.get_by_role("link", name=re.compile("tram line carried")).click()
    expect(page).to_have_url(re.compile(f"/work/claims/{claim.id}$"))
    page.goto(live.url + "/work/")
    page.locator("a.stat", has_text="submitted").click()
    expect(page).to_have_url(re.compile(r"/work/queue\?status=submitted"))

    # The editor accepts the reader's request: it becomes a claim in the queue.
    page.goto(live.url + "/publish/")
    page.get_by_role("button", name=re.compile("Accept")).click()
    expect(page.locator(".flash")).to_contain_text("it is now a claim in the review queue")
    page.goto(live.url + "/work/queue?status=new")
    expect(page.locator("table.queue")).to_contain_text("from a reader")

    # Assigns it to the reviewer, who finds it in her inbox.
    db.expire_all()
    new = db.scalar(select(Claim).where(Claim.origin == "reader"))
    assert new is not None and new.status is ClaimStatus.NEW
    page.goto(live.url + "/work/queue?status=new")
    page.get_by_label(f"Select claim {new.id}").check()
    page.locator(".bulk-bar select[name=action]").select_option("assign")
    page.locator(".bulk-bar select[name=assignee]").select_option(str(reviewer.id))
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".flash")).to_contain_text("assigned to Rosa Reviewer")
    theirs = browser.new_context().new_page()
    patient(theirs)
    sign_in(theirs, live, reviewer)
    theirs.get_by_role("link", name=re.compile("Inbox")).click()
    expect(theirs.locator(".inbox")).to_contain_text("Emil Editor assigned you a claim")
    shoot(theirs, "inbox")
    theirs.get_by_role("link", name=re.compile("assigned you a claim")).click()
    expect(theirs).to_have_url(re.compile(f"/work/claims/{new.id}$"))


def test_duplicates_search_time_zone_and_empty_bulk(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    patient(page)
    demo.load_demo(db)
    admin = make_user("admin", name="Ada Admin")
    db.commit()
    sign_in(page, live, admin)
    # A duplicate import is flagged with a link to the article already there.
    text = "The ferry carried 12,000 cars last summer, the operator said.\n\nFares rose by a tenth."
    for title in ("Ferry summer", "Ferry summer (copy)"):
        page.goto(live.url + "/work/import")
        paste = page.locator("form[action$='/import/paste']")
        paste.locator("input[name=title]").fill(title)
        paste.locator("textarea[name=text]").fill(text)
        page.get_by_role("button", name="Import text").click()
    notice = page.locator("[data-duplicates]")
    expect(notice).to_contain_text("Possible duplicate import")
    expect(notice.get_by_role("link", name="“Ferry summer”")).to_be_visible()
    shoot(page, "duplicate")

    # Nothing ticked: back to the same filtered queue with a message.
    page.goto(live.url + "/work/queue?status=new")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".flash")).to_contain_text("Tick at least one claim")
    expect(page).to_have_url(re.compile(r"/work/queue\?status=new"))
    shoot(page, "queue")

    # The desk's time zone.
    page.goto(live.url + "/settings/")
    page.get_by_label("Desk time zone").fill("Asia/Tokyo")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash")).to_contain_text("Saved")
    page.goto(live.url + "/publish/")
    expect(page.locator("body")).to_contain_text("Publishing")

    # A reader searches the published text.
    page.goto(live.url + "/")
    title = page.locator(".cards h2").first.inner_text()
    words = db.scalar(select(Claim.quote).where(Claim.status == "published").order_by(Claim.id))
    assert words
    page.get_by_label("Search articles").fill(" ".join(words.split()[:4]))
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".cards")).to_contain_text(title)
    page.get_by_label("Search articles").fill("zebra quokka")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".empty")).to_contain_text("No published article matches")


def test_admin_makes_a_rating_scale_with_bundled_icons(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    patient(page)
    demo.load_demo(db)
    admin = make_user("admin", name="Ada Admin")
    db.commit()
    sign_in(page, live, admin)
    page.goto(live.url + "/admin/")
    page.get_by_role("link", name="New rating scale").click()
    page.get_by_label("Name", exact=True).fill("Plain words")
    for n, (label, value, icon) in enumerate(
        [("Wrong", "1", "cross"), ("Partly", "2", "half"), ("Right", "3", "check")]
    ):
        page.get_by_label(f"Label of rating {n + 1}", exact=True).fill(label)
        page.get_by_label(f"Value of rating {n + 1}", exact=True).fill(value)
        page.get_by_label(f"Definition of rating {n + 1}", exact=True).fill(f"{label}, as checked.")
        page.get_by_label(f"Icon of rating {n + 1}", exact=True).select_option(icon)
    shoot(page, "rating-scale")
    page.get_by_role("button", name="Save the scale").click()
    expect(page.locator(".flash")).to_contain_text("“Plain words” is saved")
    card = page.locator(".card", has_text="Plain words")
    expect(card.locator("svg.rating-icon")).to_have_count(3)
    page.goto(live.url + "/methodology")
    expect(page.locator("svg.rating-icon").first).to_be_visible()
    shoot(page, "methodology")
    page.goto(live.url + "/reports")
    shoot(page, "reports")
    page.goto(live.url + "/settings/")
    shoot(page, "settings")
    page.goto(live.url + "/?q=" + "Kremlin")
    shoot(page, "search")
