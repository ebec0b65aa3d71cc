"""Every staff page at 390 px: no horizontal page overflow (document scrollWidth), and axe-core finds no serious or
critical violation on any of them at 1280 px. Run as an admin, who sees every staff page; the pages are listed
from the app's own routes, so a new staff page joins the sweep (or this test says which one it cannot open)."""

from __future__ import annotations

from typing import Any

from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import Browser, Page
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, Source, User
from factcheck.services import demo, notifications
from tests.e2e.conftest import LiveServer
from tests.e2e.test_review_flow import sign_in
from tests.support.people import make_user

AXE = Axe()
BLOCKING = ("serious", "critical")
STAFF_PREFIXES = ("/work", "/publish", "/reports", "/admin", "/settings", "/inbox", "/account/password")
SKIP: set[str] = set()  # every staff page is swept


def staff_pages(app: Flask, db: Session) -> list[str]:
    """Every GET page under the staff areas, with the demo's ids filled in."""
    article = db.scalar(select(Article).order_by(Article.id))
    claim = db.scalar(select(Claim).where(Claim.status == "published").order_by(Claim.id))
    source = db.scalar(select(Source.id).order_by(Source.id))
    assert article is not None and claim is not None and source is not None
    args = {"article_id": article.id, "claim_id": claim.id, "source_id": source}
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or not rule.rule.startswith(STAFF_PREFIXES):
            continue
        if rule.rule.endswith((".csv", ".json", ".pdf")) or "download" in rule.endpoint or "printable" in rule.endpoint:
            continue
        if set(rule.arguments) - set(args):
            continue
        built = rule.build({k: args[k] for k in rule.arguments}, append_unknown=False)
        assert built is not None
        if built[1] not in SKIP:
            pages.append(built[1])
        if rule.endpoint == "work.claim":
            pages.append(f"{built[1]}?matches=1")  # with the previously-checked panel in it, as no script fetches
    return sorted(set(pages))


def _scene(db: Session) -> User:
    demo.load_demo(db)
    admin = make_user(db, "admin", name="Ada Admin")
    editor = db.scalars(select(User).where(User.role == "editor")).first()
    claim = db.scalar(select(Claim).order_by(Claim.id))
    assert editor is not None and claim is not None
    notifications.claim_assigned(db, editor, claim, admin)  # the inbox has a line to show
    db.commit()
    return admin


def _overflow(page: Page) -> dict[str, Any] | None:
    sizes: dict[str, Any] = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,"
        " wide: [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right >"
        " document.documentElement.clientWidth + 1 && !e.closest('.table-scroll, .report-scroll, .archived-text'))"
        ".slice(0, 3).map(e => e.tagName + '.' + e.className)})"
    )
    return sizes if sizes["scroll"] > sizes["client"] else None


def test_every_staff_page_fits_390px(browser: Browser, live: LiveServer, app: Flask, db: Session) -> None:
    admin = _scene(db)
    paths = staff_pages(app, db)
    assert {"/work/", "/work/queue", "/inbox", "/admin/team", "/publish/"} <= set(paths)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    sign_in(page, live, admin)
    wide = {}
    for path in paths:
        response = page.goto(live.url + path)
        assert response is not None and response.status == 200, path
        problem = _overflow(page)
        if problem:
            wide[path] = problem
    context.close()
    assert wide == {}


def test_no_serious_axe_violation_on_any_staff_page(page: Page, live: LiveServer, app: Flask, db: Session) -> None:
    admin = _scene(db)
    sign_in(page, live, admin)
    found = {}
    for path in staff_pages(app, db):
        response = page.goto(live.url + path)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue  # JSON for a page's script (the queue's article picker), not a page
        if not response.text().lstrip().lower().startswith("<!doctype html>"):
            continue  # an HTML fragment a page's script fetches into it (the claim page's previously checked)
        violations: list[dict[str, Any]] = AXE.run(page).response["violations"]
        blocking = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
            if v.get("impact") in BLOCKING
        ]
        if blocking:
            found[path] = blocking
    assert found == {}
