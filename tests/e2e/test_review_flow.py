"""The review workflow in a real browser: import, select text to make a claim, attach a source, quote a passage,
draft and submit a verdict; an editor approves in a second browser; a reviewer with a stale page gets the 409."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import ratings
from tests.conftest import PASSWORD
from tests.e2e.conftest import LiveServer
from tests.fetch.conftest import LocalServer

ARTICLE = (
    "Ferry crossings to the island doubled between 2019 and 2023, the harbour master told the council.\n\n"
    "Local cafés 🎉 say the summer season now starts in April.\n\n"
    "The operator expects 40,000 passengers a month by 2027, according to its annual plan."
)
SELECTED = "the summer season now starts in April"
SOURCE = (
    b"<html><head><title>Harbour statistics</title></head><body><article><h1>Crossings by year</h1>"
    b"<p>The harbour recorded 1,200 ferry crossings in 2019 and 2,450 crossings in 2023, more than twice "
    b"as many as four years earlier.</p><p>Passenger numbers grew more slowly over the same period, "
    b"according to the port authority's yearly figures.</p></article></body></html>"
)
PASSAGE = "The harbour recorded 1,200 ferry crossings in 2019 and 2,450 crossings in 2023"

SELECT_JS = """([phrase]) => {
  const root = document.querySelector('[data-article-text]');
  const index = root.textContent.indexOf(phrase);
  if (index < 0) throw new Error('phrase not in the article text');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    const length = node.textContent.length;
    if (seen <= index && index <= seen + length) range.setStart(node, index - seen);
    if (seen <= index + phrase.length && index + phrase.length <= seen + length) {
      range.setEnd(node, index + phrase.length - seen);
      break;
    }
    seen += length;
  }
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}"""


@pytest.fixture()
def source_server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.start()
    yield srv
    srv.close()


def sign_in(page: Page, live: LiveServer, user: User) -> None:
    page.goto(live.url + "/login")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Workbench")).to_be_visible()


def shortcuts_ready(page: Page) -> None:
    """Keys pressed before work.js has run would be lost: wait for it on the page now shown."""
    page.wait_for_load_state("load")
    expect(page.locator("html[data-work-ready]")).to_be_attached()


def watch_errors(page: Page, errors: list[str]) -> None:
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text) if msg.type == "error" and "409" not in msg.text and "401" not in msg.text else None
        ),
    )


def test_reviewer_to_editor_with_a_stale_page(
    page: Page,
    browser: Browser,
    live: LiveServer,
    db: Session,
    make_user: Callable[..., User],
    source_server: LocalServer,
) -> None:
    ratings.load_presets(db)
    db.commit()
    reviewer = make_user("reviewer", name="Rita Reviewer")
    editor = make_user("editor", name="Eddie Editor")
    latecomer = make_user("reviewer", name="Lars Late")
    errors: list[str] = []
    watch_errors(page, errors)
    page.set_default_timeout(15_000)  # the machine is shared with other test runs: be patient, not flaky
    expect.set_options(timeout=15_000)

    # A reviewer imports an article by paste.
    sign_in(page, live, reviewer)
    page.goto(live.url + "/work/import")
    paste = page.locator("form[action$='/import/paste']")
    paste.locator("input[name=title]").fill("Island ferries")
    paste.locator("textarea[name=text]").fill(ARTICLE)
    page.get_by_role("button", name="Import text").click()
    expect(page.get_by_role("heading", name="Island ferries")).to_be_visible()

    # Selects text with the mouse (a Range + the selection API) and makes it a claim; the offsets the page
    # sends are UTF-16 units, after an emoji that takes two of them.
    shortcuts_ready(page)
    page.evaluate(SELECT_JS, [SELECTED])
    expect(page.locator("#new-claim input[name=start]")).not_to_have_value("")
    page.get_by_role("button", name="Add as a claim").click()
    flash = page.locator(".flash").filter(has_text="added")
    expect(flash).to_contain_text(SELECTED)
    match = re.search(r"Claim (\d+) added", flash.inner_text())
    assert match
    page.goto(f"{live.url}/work/claims/{match.group(1)}")
    expect(page.locator(".in-context mark")).to_have_text(SELECTED)

    # Work on the harbour claim: attach a source from a local server and quote a passage.
    # From the queue, by keyboard: j, j, k comes back to the first row, Enter opens it.
    page.goto(live.url + "/work/queue?sort=position")
    shortcuts_ready(page)
    rows = page.locator("table.queue tbody tr")
    page.keyboard.press("j")
    page.keyboard.press("j")
    expect(rows.nth(1)).to_be_focused()
    page.keyboard.press("k")
    expect(rows.nth(0)).to_be_focused()
    expect(rows.nth(0)).to_contain_text("Ferry crossings to the island doubled")
    page.keyboard.press("Enter")
    expect(page.locator(".in-context mark")).to_contain_text("Ferry crossings to the island doubled")
    claim_url = page.url
    shortcuts_ready(page)
    page.keyboard.press("a")
    expect(page.get_by_label("Source URL")).to_be_focused()
    page.get_by_label("Source URL").fill(source_server.route("/crossings", body=SOURCE))
    page.locator("#attach").get_by_label("Stance").select_option("supports")
    page.get_by_label("Passage quoted from the source").fill(PASSAGE)
    page.get_by_role("button", name="Attach source").click()
    expect(page.locator("#evidence p.found")).to_contain_text("Found in the archived copy")
    page.get_by_role("link", name="show it there").click()
    expect(page.locator("mark#passage")).to_have_text(PASSAGE)
    page.goto(claim_url)

    # Drafts a verdict (the summary hint warns past 75 characters) and submits it.
    shortcuts_ready(page)
    page.keyboard.press("v")
    expect(page.get_by_label("Rating")).to_be_focused()
    page.get_by_label("Rating").select_option(label="True")
    summary = page.get_by_label("Summary of the claim as checked")
    summary.fill("Ferry crossings doubled from 2019 to 2023, according to the island's harbour master")
    expect(page.locator("[data-summary-warning]")).to_be_visible()
    summary.fill("Ferry crossings doubled from 2019 to 2023")
    expect(page.locator("[data-summary-warning]")).to_be_hidden()
    page.get_by_label("Rationale (Markdown)").fill("The port's **yearly figures** show 1,200 then 2,450.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Verdict drafted.")).to_be_visible()
    page.get_by_role("button", name="Submit for second review").click()
    expect(page.get_by_text("Verdict submitted for second review.")).to_be_visible()
    expect(page.locator(".rationale strong")).to_have_text("yearly figures")

    # A second reviewer opens the claim page now; it will be stale once the editor acts.
    late_context = browser.new_context()
    late = late_context.new_page()
    late.set_default_timeout(15_000)
    watch_errors(late, errors)
    sign_in(late, live, latecomer)
    late.goto(claim_url)

    # An editor approves in a second browser.
    editor_context = browser.new_context()
    ed = editor_context.new_page()
    ed.set_default_timeout(15_000)
    watch_errors(ed, errors)
    sign_in(ed, live, editor)
    ed.goto(claim_url)
    ed.get_by_role("button", name="Approve").click()
    expect(ed.get_by_text("Verdict approved.")).to_be_visible()
    expect(ed.locator("#history")).to_contain_text("verdict.approve")

    # The stale page's edit is refused with the 409 page, which says who changed what.
    late.get_by_role("button", name="Assign to me").click()
    expect(late.get_by_role("heading", name="Changed by someone else")).to_be_visible()
    expect(late.locator("table")).to_contain_text("Eddie Editor")
    expect(late.locator("table")).to_contain_text("verdict.approve")
    late.get_by_role("button", name="Re-apply my change").click()
    expect(late.get_by_text("assigned to Lars Late")).to_be_visible()

    # The shortcut list opens with "?".
    shortcuts_ready(late)
    late.keyboard.press("?")
    expect(late.get_by_role("dialog")).to_be_visible()
    late_context.close()
    editor_context.close()
    assert errors == [], errors
