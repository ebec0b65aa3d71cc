"""Accessibility of the reader pages: axe-core (through Playwright) finds no serious or critical violation on the
home page, an article page (latest with a correction notice, an older version with the newer-version notice, and
with a claim's card open in its dialog), a checked and an unchecked claim page and the methodology."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Publication, User
from factcheck.services import demo, publishing
from tests.e2e.conftest import LiveServer

AXE = Axe()
BLOCKING = ("serious", "critical")


def _blocking(page: Page) -> list[str]:
    violations: list[dict[str, Any]] = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
        if v.get("impact") in BLOCKING
    ]


def test_reader_pages_have_no_serious_axe_violations(page: Page, live: LiveServer, db: Session) -> None:
    demo.load_demo(db)
    db.commit()
    article = db.scalars(select(Article)).one()
    pub = db.scalars(select(Publication)).one()
    editor = db.scalars(select(User).where(User.role == "editor")).one()
    publishing.publish(db, editor, article, "We added the date of the ministry's figures.")  # a correction notice
    db.commit()
    checked = next(c for c in pub.snapshot["claims"] if c["checked"])
    unchecked = next((c for c in pub.snapshot["claims"] if not c["checked"]), None)
    paths = ["/", f"/a/{article.slug}", f"/a/{article.slug}/v/1", f"/claims/{checked['id']}", "/methodology"]
    if unchecked is not None:
        paths.append(f"/claims/{unchecked['id']}")
    found = {}
    for path in paths:
        page.goto(live.url + path)
        found[path] = _blocking(page)

    page.goto(f"{live.url}/a/{article.slug}")
    page.locator(f"#claim-{checked['id']}").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#card-dialog")).to_be_visible()
    found["/a/<slug> with a card open"] = _blocking(page)
    assert {path: problems for path, problems in found.items() if problems} == {}

    page.goto(live.url + "/methodology")  # axe really looks: an image without a text alternative is critical
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = '/static/favicon.svg';"
        " document.querySelector('main').append(img); }"
    )
    assert any(problem.startswith("image-alt") for problem in _blocking(page))
