"""Sources beyond web pages in a real browser, as a reviewer: upload a PDF, quote a passage by selecting it in
the archived copy (a stance per passage, one source listed once), record a phone call, mark the document
confidential; readers then see "Phone call with …" and "A confidential source", never the document."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from factcheck.models import Claim, User
from tests.e2e.conftest import LiveServer
from tests.e2e.test_reader_a11y import _blocking
from tests.e2e.test_review_flow import sign_in, watch_errors
from tests.support import builders

SCREENS = Path("/work/notes/screens/sources")
REPORT = """<html><head><title>Pier works report</title></head><body><h1>Pier works</h1>
<p>The board approved the extension of the pier by 40 metres at its meeting on 3 March.</p>
<p>Work is due to start in the autumn, once the tender has closed.</p></body></html>"""
PASSAGE = "approved the extension of the pier by 40 metres"

SELECT_IN_COPY = """([phrase]) => {
  const root = document.querySelector('[data-archived-text]');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.textContent.indexOf(phrase);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + phrase.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
      return;
    }
  }
  throw new Error('phrase not in the archived copy');
}"""


def shoot(page: Page, name: str) -> None:
    """Screenshots at 1280 and 390 px (for the report), and the page checked on the way: no serious or critical
    axe-core violation, no horizontal overflow at 390 px."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    assert _blocking(page) == [], name
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENS / f"{name}-{width}.png"), full_page=True)
        if width == 390:
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= 390, f"{name} is {overflow} px wide at 390 px"
    page.set_viewport_size({"width": 1280, "height": 900})


def test_document_selection_person_and_confidential(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User], tmp_path: Path
) -> None:
    from weasyprint import HTML

    claim: Claim = builders.make_claim(db)
    db.commit()
    reviewer = make_user("reviewer", name="Rita Reviewer")
    pdf = tmp_path / "pier-works.pdf"
    pdf.write_bytes(bytes(HTML(string=REPORT).write_pdf()))
    errors: list[str] = []
    watch_errors(page, errors)
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)
    sign_in(page, live, reviewer)
    claim_url = f"{live.url}/work/claims/{claim.id}"
    page.goto(claim_url)

    # Uploads the PDF with no passage: archived with its text.
    page.get_by_text("An uploaded document (PDF, HTML or text)").click()
    upload = page.locator("#attach-document")
    upload.get_by_label("Document (PDF, HTML or text)").set_input_files(str(pdf))
    upload.get_by_label("Stance").select_option("supports")
    upload.get_by_role("button", name="Upload and attach").click()
    expect(page.locator("#evidence .flash")).to_contain_text("Source attached")  # where it was attached
    source = page.locator("#evidence [data-source]")
    expect(source).to_have_count(1)
    expect(source).to_contain_text("Pier works report")

    # Quotes a passage by selecting it in the archived copy, with a stance of its own.
    page.get_by_role("link", name="Quote by selecting in the archived copy").click()
    expect(page.locator("[data-archived-text]")).to_contain_text("40 metres")
    page.evaluate(SELECT_IN_COPY, [PASSAGE])
    quote = page.locator("#quote")
    expect(quote.get_by_label("Passage")).to_have_value(PASSAGE)
    expect(quote.locator("input[name=start]")).not_to_have_value("")
    quote.get_by_label("Stance").select_option("refutes")
    shoot(page, "archived-copy-quote")
    quote.get_by_role("button", name="Add this passage").click()
    expect(page.locator("#evidence [data-source]")).to_have_count(1)  # still one source, now two passages
    passages = page.locator("#evidence [data-source] [data-evidence]")
    expect(passages).to_have_count(2)
    expect(passages.nth(0).locator(".badge").first).to_have_text("supports")
    expect(passages.nth(1).locator(".badge").first).to_have_text("refutes")
    expect(passages.nth(1)).to_contain_text("Found in the archived copy")

    # Records a phone call.
    page.get_by_text("A person or correspondence").click()
    person = page.locator("#attach-person")
    person.get_by_label("Who").fill("Jon Ilves")
    person.get_by_label("Organisation or role").fill("Harbour board")
    person.get_by_label("Date").fill("2018-12-09")
    person.get_by_label("How").select_option("phone")
    person.get_by_label("Your notes").fill("He said the extension was approved on 3 March, after a long debate.")
    person.get_by_label("Passage").fill("approved on 3 March")
    person.get_by_role("button", name="Record and attach").click()  # no stance chosen: the browser asks for one
    expect(person.locator("select[name='person-stance']:invalid")).to_have_count(1)
    expect(person.get_by_label("Who")).to_have_value("Jon Ilves")
    person.get_by_label("Stance").select_option("refutes")
    person.get_by_role("button", name="Record and attach").click()
    expect(page.locator("#evidence [data-source]")).to_have_count(2)
    expect(page.locator("#evidence")).to_contain_text("Phone call")
    shoot(page, "claim-sources")

    # Marks the document confidential from its page.
    page.locator("#evidence [data-source]").first.get_by_role("link", name="archived copy", exact=True).click()
    page.get_by_role("button", name="Mark as confidential").click()
    expect(page.locator(".flash")).to_contain_text("readers never see it")
    shoot(page, "source-confidential")
    assert errors == []

    # Published: readers see the phone call and "a confidential source", nothing of the document.
    db.expire_all()
    builders.make_verdict(db, db.get(Claim, claim.id), state="approved")
    article = builders.make_publication(db, claim.article).article
    db.commit()
    page.goto(f"{live.url}/a/{article.slug}")
    cards = page.locator(f"#card-{claim.id}")
    expect(cards).to_contain_text("Phone call with Jon Ilves, Harbour board, 9 Dec 2018")
    expect(cards).to_contain_text("A confidential source")
    expect(cards).not_to_contain_text("Pier works report")
    shoot(page, "reader-sources")
