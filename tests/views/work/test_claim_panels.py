"""The claim page's closed panels (views/work/claims.claim_panel, templates/work/claim/_panels.html): the page holds
no form for a closed panel, only a link and the URL its script fetches the form from; the fragment carries the
version and time of the page that asked, so a change made since still meets the edit-conflict check; ?open=
shows the page with that panel's form in it (no JavaScript); a refused submit comes back with its panel open."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Claim, ClaimStatus, Evidence, User
from factcheck.services import claim_details
from factcheck.services import evidence as evidence_service
from tests.conftest import csrf_from
from tests.support import builders

PANEL_URL = re.compile(r'data-panel-url="([^"]+)"')


def _claim_with_evidence(db: Session) -> tuple[Claim, Evidence]:
    claim = builders.make_claim(db)
    source = builders.make_source(db, text="Crossings rose to 2,450 in 2023. Passenger numbers grew more slowly.")
    row = builders.make_evidence(db, claim, source, stance="supports", passage="Crossings rose to 2,450 in 2023.")
    db.commit()
    return claim, row


def _panel_urls(page: str) -> dict[str, str]:
    urls = [html.unescape(u) for u in PANEL_URL.findall(page)]
    return {re.search(r"/panels/([^?]+)", u)[1]: u for u in urls}  # type: ignore[index]


def test_closed_panels_hold_a_link_not_a_form(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    claim, row = _claim_with_evidence(db)
    login_as("reviewer")
    page = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    urls = _panel_urls(page)
    assert sorted(urls) == sorted(["document", "person", "details", f"passage-{row.source_id}", f"evidence-{row.id}"])
    for name in ("document-file", "person-person", "speaker", f"correct-{row.id}-passage", f"withdraw-{row.id}-reason"):
        assert f'name="{name}"' not in page
    assert f'href="/work/claims/{claim.id}?open=evidence-{row.id}#fix-{row.id}"' in page  # without JavaScript
    assert 'name="url"' in page  # the open "attach a web page" form stays on the page
    # The fragment: the form alone, with the page's version and time in its hidden fields.
    fragment = client.get(urls[f"evidence-{row.id}"])
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and body.lstrip().startswith("<div data-panel-body>")
    assert f'name="correct-{row.id}-passage"' in body and f'name="withdraw-{row.id}-reason"' in body
    assert f'name="correct-{row.id}-version" value="{claim.version}"' in body
    assert "<html" not in body and "Crossings rose to 2,450 in 2023." in body
    for name, field in (("document", "document-file"), ("person", "person-person"), ("details", "speaker")):
        assert f'name="{field}"' in client.get(urls[name]).get_data(as_text=True)
    passage = client.get(urls[f"passage-{row.source_id}"]).get_data(as_text=True)
    assert f'id="passage-{row.source_id}-text"' in passage


def test_a_form_fetched_late_still_meets_the_conflict_check(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    claim, _row = _claim_with_evidence(db)
    reviewer = login_as("reviewer")
    page = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    shown = claim.version
    details_url = _panel_urls(page)["details"]
    # Someone edits the claim after the page showed and before its details panel is opened.
    fresh = db.get(Claim, claim.id)
    assert fresh is not None
    claim_details.edit_details(
        db, reviewer, fresh, fresh.version, speaker="Port authority", kind=fresh.kind, dates="", tags="", due_on=None
    )
    db.commit()
    fragment = client.get(details_url).get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', fragment)
    assert version is not None and int(version[1]) == shown < claim.version  # the page's, not the claim's now
    sent = client.post(
        f"/work/claims/{claim.id}/details",
        data={
            "csrf_token": csrf_from(fragment),
            "version": version[1],
            "speaker": "Harbour master",
            "kind": "quantity",
        },
    )
    assert sent.status_code == 409 and "Someone changed this claim" in sent.get_data(as_text=True)
    db.expire_all()
    assert db.get(Claim, claim.id).speaker == "Port authority"  # type: ignore[union-attr]


def test_open_shows_the_page_with_that_form_and_a_refused_submit_comes_back_open(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    claim, row = _claim_with_evidence(db)
    login_as("reviewer")
    opened = client.get(f"/work/claims/{claim.id}?open=evidence-{row.id}").get_data(as_text=True)
    assert f'id="fix-{row.id}" open>' in opened and f'name="correct-{row.id}-passage"' in opened
    assert 'name="document-file"' not in opened and "data-panel-url" in opened  # only that panel
    ids = re.findall(r'\sid="([^"]+)"', opened)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    for name in ("document", "person", "details", f"passage-{row.source_id}"):
        page = client.get(f"/work/claims/{claim.id}?open={name}").get_data(as_text=True)
        assert f'data-panel-url="/work/claims/{claim.id}/panels/{name}?' not in page
    # Anything else in ?open= is ignored: the page shows with every panel closed.
    for name in ("evidence-999999", "passage-x", "../../etc", "evidence-0", "evidence-99999999999"):
        response = client.get(f"/work/claims/{claim.id}", query_string={"open": name})
        assert response.status_code == 200 and '<details class="panel' in response.get_data(as_text=True)
        assert " open>" not in response.get_data(as_text=True).split('id="h-facts"')[1].split('id="h-verdict"')[0]
    refused = client.post(
        f"/work/claims/{claim.id}/evidence/{row.id}/withdraw",
        data={"csrf_token": csrf_from(opened), f"withdraw-{row.id}-version": claim.version},
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and f'id="fix-{row.id}" open>' in body
    panel = body.split(f'id="fix-{row.id}" open>')[1].split("</details>")[0]
    assert 'class="error"' in panel and f'name="correct-{row.id}-passage"' in panel  # its other form too
    typed = "The board counted 41 sailings"
    refused = client.post(
        f"/work/claims/{claim.id}/evidence/{row.id}/correct",
        data={
            "csrf_token": csrf_from(opened),
            f"correct-{row.id}-version": claim.version,
            f"correct-{row.id}-stance": "certainly",
            f"correct-{row.id}-passage": typed,
            f"correct-{row.id}-unfound": "summary",
        },
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and f'id="fix-{row.id}" open>' in body
    panel = body.split(f'id="fix-{row.id}" open>')[1].split("</details>")[0]
    assert typed in panel and 'class="error"' in panel  # the input kept, the error beside it


def test_a_refused_passage_from_a_source_not_cited_yet_is_shown_with_its_error(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    claim, _row = _claim_with_evidence(db)
    other = builders.make_source(db, text="Ferry crossings fell in the winter months.")
    db.commit()
    login_as("reviewer")
    page = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    refused = client.post(
        f"/work/claims/{claim.id}/sources/{other.id}/passages",
        data={"csrf_token": csrf_from(page), "version": claim.version, "passage": "Ferry crossings fell"},
    )
    body = refused.get_data(as_text=True)
    assert refused.status_code == 422 and f'id="add-passage-{other.id}" open>' in body
    panel = body.split(f'id="add-passage-{other.id}" open>')[1].split("</details>")[0]
    assert "Ferry crossings fell" in panel and "Choose whether the passage supports" in panel


def test_panel_fragment_refusals(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    claim, row = _claim_with_evidence(db)
    _other, other_row = _claim_with_evidence(db)
    reviewer = login_as("reviewer")
    base, shown = f"/work/claims/{claim.id}/panels", {"version": claim.version, "seen": "2026-05-01T10:00:00+00:00"}
    fragment = client.get(f"{base}/document", query_string=shown).get_data(as_text=True)
    assert 'name="document-seen" value="2026-05-01T10:00:00+00:00"' in fragment  # the asking page's time
    for bad in ("nothing", "evidence-", "evidence-abc", "passage-0", "document-1", "evidence-99999999999"):
        assert client.get(f"{base}/{bad}", query_string=shown).status_code == 404, bad
    for missing in ("evidence-99999999", "passage-99999999", f"evidence-{other_row.id}"):  # or another claim's
        assert client.get(f"{base}/{missing}", query_string=shown).status_code == 404, missing
    assert client.get("/work/claims/99999999/panels/document", query_string=shown).status_code == 404
    # Without the page's version and time the form could save over a later change: refused.
    for query in (
        {},
        {"version": claim.version},
        {"seen": shown["seen"]},
        {**shown, "version": "abc"},
        {**shown, "version": "99999999999"},
        {**shown, "seen": "yesterday"},
    ):
        assert client.get(f"{base}/document", query_string=query).status_code == 400, query
    fresh = db.get(Claim, claim.id)
    assert fresh is not None
    evidence_service.withdraw(db, reviewer, fresh, row, "Misread the table")
    db.commit()
    gone = client.get(f"{base}/evidence-{row.id}", query_string=shown)
    assert gone.status_code == 409 and "corrected or withdrawn since the page was shown" in gone.get_data(as_text=True)


@pytest.mark.parametrize(("role", "status"), [("reviewer", 403), ("editor", 200)])
def test_a_published_claims_panels_are_the_editors(
    client: FlaskClient, db: Session, login_as: Callable[..., User], role: str, status: int
) -> None:
    claim, _row = _claim_with_evidence(db)
    claim.status = ClaimStatus.PUBLISHED
    db.commit()
    login_as(role)
    shown = {"version": claim.version, "seen": "2026-05-01T10:00:00+00:00"}
    assert client.get(f"/work/claims/{claim.id}/panels/document", query_string=shown).status_code == status
    assert ("data-panel-url" in client.get(f"/work/claims/{claim.id}").get_data(as_text=True)) == (status == 200)
