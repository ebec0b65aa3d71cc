"""Previously checked, in a real browser: a reviewer opens a new claim that the desk has checked before, says one
match is not the same claim and reuses the other's verdict: a draft with the earlier rating and rationale, citing
the earlier check, and both decisions in the match history."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, User, Verdict
from factcheck.services import ratings
from tests.e2e.conftest import LiveServer
from tests.e2e.test_review_flow import sign_in, watch_errors

EARLIER = "The county council said bus fares rose by 20% in 2023, according to its transport report."
NEIGHBOUR = "The county council said train fares rose by 20% in 2023, according to the rail operator."
NEW = "Bus tickets in the county went up by a fifth in 2023, the council's transport report says."
RATIONALE = "The transport report's **fare table** shows a 20% rise for single tickets."


def test_reuse_an_earlier_verdict_and_reject_a_near_miss(
    page: Page,
    live: LiveServer,
    db: Session,
    make_user: Callable[..., User],
    make_article: Callable[..., Article],
    make_claim: Callable[..., Claim],
) -> None:
    ratings.load_presets(db)
    editor = make_user("editor", name="Edna Editor")
    earlier = make_claim(make_article(EARLIER, extract=False), EARLIER, status="approved", actor=editor,
                         rating="Mostly true", summary="Bus fares rose 20% in 2023", rationale=RATIONALE)  # fmt: skip
    near = make_claim(make_article(NEIGHBOUR, extract=False), NEIGHBOUR, status="approved", actor=editor,
                      rating="False", summary="Train fares rose 20% in 2023")  # fmt: skip
    claim = make_claim(make_article(NEW, extract=False), NEW)
    db.commit()
    reviewer = make_user("reviewer", name="Rudi Reviewer")
    errors: list[str] = []
    watch_errors(page, errors)
    page.set_default_timeout(15_000)  # the machine is shared with other test runs: be patient, not flaky
    expect.set_options(timeout=15_000)
    sign_in(page, live, reviewer)
    page.goto(f"{live.url}/work/claims/{claim.id}")

    # Both earlier checks are shown, each with its rating and the two buttons: the page's script fetched the
    # panel into its placeholder after the page showed.
    panel = page.locator("section[data-matches]")
    mine, other = panel.locator(f"[data-match='claim-{earlier.id}']"), panel.locator(f"[data-match='claim-{near.id}']")
    expect(mine).to_contain_text("Mostly true")
    expect(other).to_contain_text("False")
    expect(page.locator("section[data-matches-url]")).to_have_count(0)
    expect(panel).not_to_have_attribute("aria-busy", "true")
    assert page.url == f"{live.url}/work/claims/{claim.id}"

    # The train fares are a different claim: marked so, the match goes last and says who decided.
    other.get_by_role("button", name="Not the same").click()
    expect(page.locator(".flash")).to_contain_text(f"Claim {near.id} marked as not the same claim")
    expect(panel.locator("li.match").last).to_have_attribute("data-match", f"claim-{near.id}")
    expect(other).to_contain_text("Not the same — Rudi Reviewer")
    expect(other.get_by_role("button", name="Not the same")).to_have_count(0)

    # The bus fares are the same claim: one click makes a draft with the earlier rating and rationale, citing it.
    mine.get_by_role("button", name="Same claim: reuse this verdict").click()
    expect(page.locator(".flash")).to_contain_text(f"Draft verdict made from claim {earlier.id}'s check")
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("Latest: Mostly true Bus fares rose 20% in 2023")
    expect(verdict.locator(".rationale strong")).to_have_text("fare table")
    expect(verdict.locator(".rationale")).to_contain_text(f"This claim was checked before: see claim #{earlier.id}")
    expect(page.get_by_label("Rating")).to_have_value(re.compile(r"\d+"))
    expect(mine).to_contain_text("Same claim — Rudi Reviewer")
    expect(mine.get_by_role("button", name="Same claim: reuse this verdict")).to_have_count(0)

    # The history lists both decisions, newest first.
    history = panel.locator("ol.history li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text(f"Rudi Reviewer: same claim as claim {earlier.id}")
    expect(history.nth(0)).to_contain_text("(verdict reused as a draft)")
    expect(history.nth(1)).to_contain_text(f"Rudi Reviewer: not the same as claim {near.id}")

    # The draft is a real draft by the reviewer, on the new claim, with the earlier rating.
    db.expire_all()
    draft = db.scalars(select(Verdict).where(Verdict.claim_id == claim.id)).one()
    first = db.scalars(select(Verdict).where(Verdict.claim_id == earlier.id, Verdict.state == "approved")).one()
    assert draft.state == "draft" and draft.author_id == reviewer.id and draft.rating_id == first.rating_id
    assert errors == []
