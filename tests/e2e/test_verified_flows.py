"""Nothing unverified reaches readers, in a real browser, each flow as the role that does it: a reviewer triages
the queue (one claim and in bulk); a reviewer corrects and withdraws evidence; an editor approves a verdict with
an unfound passage only after confirming; an editor reviews the publish page (claims, warnings, outlet and URL,
a preview with "being checked" ticked) and publishes; a reader sees the unfound passage without quotation marks.
With VERIFIED_SCREENS=<folder>, the new pages are saved at 1280 and 390 px wide (verified-*.png)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, Evidence, User
from tests.e2e.conftest import LiveServer
from tests.e2e.test_review_flow import sign_in
from tests.support import builders

SCREENS = os.environ.get("VERIFIED_SCREENS", "")
TEXT = (
    "41 ferries sailed from the harbour in May, the harbour master said.\n\n"
    "Ticket prices would fall by a fifth next year.\n\n"
    "The mayor opened the new quay on a sunny morning.\n\n"
    "Passenger numbers doubled since 2019, the operator said."
)
SOURCE_TEXT = "Annual report. The board counted 41 sailings in May, up from 30. Fares stayed the same."
UNFOUND = "The mayor said fifty ferries sailed"


def shoot(page: Page, name: str) -> None:
    if not SCREENS:
        return
    folder = Path(SCREENS)
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"verified-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def patient(page: Page) -> None:
    page.set_default_timeout(15_000)
    expect.set_options(timeout=15_000)


def _claims(db: Session, article: Article) -> list[Claim]:
    db.expire_all()
    return list(db.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)))


def test_reviewer_triages_one_claim_and_then_in_bulk(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    patient(page)
    reviewer = make_user("reviewer")
    article = builders.make_article(db, TEXT, title="Harbour in May")  # the claim engine's suggestions
    db.commit()
    engine = _claims(db, article)
    assert len(engine) >= 3 and {c.triage for c in engine} == {"suggested"}
    sign_in(page, live, reviewer)
    page.goto(live.url + "/work/queue?triage=suggested")
    expect(page.locator("[data-triage=suggested]")).to_have_count(len(engine))
    shoot(page, "queue-triage")
    # One claim from its page.
    page.goto(live.url + f"/work/claims/{engine[0].id}")
    page.get_by_role("button", name="Accept for checking").click()
    expect(page.locator(".flash")).to_contain_text("accepted for checking")

    # The rest in bulk: dismiss two, restore them, then accept them.
    def bulk(triage: str, action: str, done: str) -> None:
        page.goto(live.url + f"/work/queue?triage={triage}&sort=position")
        for claim in engine[1:3]:
            page.get_by_label(f"Select claim {claim.id}").check()
        page.get_by_label("With the ticked claims:").select_option(action)
        page.get_by_role("button", name="Apply").click()
        expect(page.locator(".flash")).to_contain_text(f"2 claims {done}")

    bulk("suggested", "dismiss", "dismissed")
    assert [c.triage for c in _claims(db, article)[:3]] == ["accepted", "dismissed", "dismissed"]
    bulk("dismissed", "suggest", "put back among the suggestions")
    assert [c.triage for c in _claims(db, article)[:3]] == ["accepted", "suggested", "suggested"]
    bulk("suggested", "accept", "accepted for checking")
    assert [c.triage for c in _claims(db, article)[:3]] == ["accepted"] * 3
    page.goto(live.url + "/work/queue?triage=accepted")
    expect(page.locator("[data-triage=accepted]")).to_have_count(3)
    shoot(page, "queue-accepted")


def _with_evidence(db: Session, make_user: Callable[..., User], state: str) -> tuple[Claim, User, User]:
    reviewer, editor = make_user("reviewer", name="Rita Reviewer"), make_user("editor", name="Ed Editor")
    article = builders.make_article(db, TEXT, title="Ferries in May", outlet="", extract=False)
    claim = builders.make_claim(db, article, "41 ferries sailed from the harbour in May", actor=reviewer)
    source = builders.make_source(db, text=SOURCE_TEXT, title="Harbour board report", actor=reviewer)
    builders.make_evidence(db, claim, source, passage="The board counted 41 sailings in May", actor=reviewer)
    builders.make_evidence(db, claim, source, passage=f"“{UNFOUND}”", actor=reviewer)
    builders.make_claim(db, article, "Ticket prices would fall by a fifth", actor=reviewer)  # accepted, unchecked
    builders.make_verdict(db, claim, state=state, author=reviewer, approver=editor, rating="True")
    db.commit()
    return claim, reviewer, editor


def test_reviewer_corrects_and_withdraws_evidence(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    patient(page)
    claim, reviewer, _editor = _with_evidence(db, make_user, "draft")
    rows = list(db.scalars(select(Evidence).where(Evidence.claim_id == claim.id).order_by(Evidence.id)))
    sign_in(page, live, reviewer)
    page.goto(live.url + f"/work/claims/{claim.id}")
    first = page.locator(f"#evidence-{rows[0].id}")
    first.get_by_text("Correct or withdraw this evidence").click()
    first.get_by_label("Passage", exact=True).fill("Fares stayed the same.")
    first.get_by_label("Stance").select_option("refutes")
    first.get_by_label("What was wrong").fill("Quoted the wrong sentence")
    first.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".flash")).to_contain_text("the passage was found in the archived copy")
    expect(page.locator(f"#evidence-{rows[0].id}[data-superseded]")).to_contain_text("corrected")
    second = page.locator(f"#evidence-{rows[1].id}")
    second.get_by_text("Correct or withdraw this evidence").click()
    second.get_by_label("Why it is withdrawn").fill("The mayor never said it")
    second.get_by_role("button", name="Withdraw").click()
    expect(page.locator(".flash")).to_contain_text("Evidence withdrawn")
    expect(page.locator(f"#evidence-{rows[1].id}[data-superseded]")).to_contain_text("The mayor never said it")
    expect(page.locator("[data-superseded]")).to_have_count(2)
    page.locator(f"#evidence-{rows[1].id}").scroll_into_view_if_needed()
    shoot(page, "claim-superseded-evidence")
    db.expire_all()
    kept = list(db.scalars(select(Evidence).where(Evidence.claim_id == claim.id).order_by(Evidence.id)))
    assert len(kept) == 3 and [e.superseded_at is not None for e in kept] == [True, True, False]


def test_editor_confirms_unverified_evidence_then_publishes_with_a_preview_and_readers_see_no_quotes(
    page: Page, live: LiveServer, db: Session, make_user: Callable[..., User]
) -> None:
    patient(page)
    claim, _reviewer, editor = _with_evidence(db, make_user, "submitted")
    sign_in(page, live, editor)
    page.goto(live.url + f"/work/claims/{claim.id}")
    expect(page.locator("[data-unverified]")).to_contain_text("was not found in the archived copy")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#approve-form .error")).to_contain_text("Confirm the approval")
    db.expire_all()
    assert db.get(Claim, claim.id).status == "submitted"  # type: ignore[union-attr]
    page.get_by_label("I have read the warnings and approve this verdict as it is").check()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".flash")).to_contain_text("Verdict approved")

    # The publish page: claims with what readers see, the warning, the missing outlet and URL, a preview.
    page.goto(live.url + f"/publish/articles/{claim.article_id}")
    expect(page.locator(f"[data-warning='{claim.id}']")).to_contain_text("not found in the archived copy")
    expect(page.locator(f"[data-claim-row='{claim.id}'] [data-readers]")).to_have_text("checked: True")
    expect(page.locator("[data-preview] .passage-summary")).to_contain_text(UNFOUND)
    expect(page.locator("[data-preview]")).not_to_contain_text("Being checked")
    expect(page.locator("[data-preview] .coverage")).to_contain_text("1 of 2 checkable claims checked")
    page.get_by_label("Show the claims we are checking as “being checked”").check()
    page.get_by_role("button", name="Update the preview").click()
    expect(page.locator("[data-preview]")).to_contain_text("Being checked")
    expect(page.get_by_label("Show the claims we are checking as “being checked”")).to_be_checked()
    shoot(page, "publish-preview")
    expect(page.locator("[data-missing-details]")).to_contain_text("the outlet and its URL")
    page.get_by_role("button", name=re.compile("Publish version 1")).click()  # the browser asks for both first
    outlet = page.get_by_label("Outlet (where the article appeared)")
    assert outlet.evaluate("field => field.validity.valueMissing") is True
    page.get_by_label("Outlet (where the article appeared)").fill("Harbour Gazette")
    page.get_by_label("Article URL").fill("https://gazette.example.org/ferries-in-may")
    page.get_by_role("button", name=re.compile("Publish version 1")).click()
    expect(page.locator(".flash")).to_contain_text("Published version 1")

    # A reader (another browser, signed out) sees the unfound passage as the reviewer's words, no quotation marks.
    reader = page.context.browser.new_context()  # type: ignore[union-attr]
    theirs = reader.new_page()
    theirs.goto(live.url + f"/claims/{claim.id}")
    summary = theirs.locator(".passage-summary")
    expect(summary).to_contain_text(UNFOUND)
    expect(summary).to_contain_text("not a quotation")
    assert "“" not in summary.inner_text() and '"' not in summary.inner_text()
    expect(theirs.locator("q.passage")).to_have_count(1)  # the found passage is the only quotation
    expect(theirs.locator("q.passage")).to_have_text("The board counted 41 sailings in May")
    slug = db.scalars(select(Article.slug).where(Article.id == claim.article_id)).one()
    theirs.goto(live.url + f"/a/{slug}")
    expect(theirs.locator(".claim-tag").filter(has_text="Being checked")).to_have_count(1)  # as previewed
    expect(theirs.locator(".coverage")).to_contain_text("1 of 2 checkable claims checked")
    unchecked = db.scalars(select(Claim).where(Claim.article_id == claim.article_id, Claim.id != claim.id)).one()
    assert theirs.goto(live.url + f"/claims/{unchecked.id}").status == 404  # type: ignore[union-attr]
    reader.close()
