"""The claim's details edited on the claim page (speaker, kind, dates, tags, due date) and the queue's speaker,
tag and due-date filters (views/work/claim_desk.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Claim, User
from factcheck.services import claim_details
from tests.conftest import csrf_from
from tests.support import builders


def test_details_edited_on_the_claim_page_and_filtered_in_the_queue(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    article = builders.make_article(db, extract=False)
    claim = builders.make_claim(db, article, start=0, end=20)
    other = builders.make_claim(db, article, start=30, end=50)
    db.commit()
    login_as("reviewer")
    page = client.get(f"/work/claims/{claim.id}").get_data(as_text=True)
    assert 'id="edit-details"' in page and "Technical details" in page
    due = dt.date.today() + dt.timedelta(days=2)
    saved = client.post(
        f"/work/claims/{claim.id}/details",
        data={
            "csrf_token": csrf_from(page),
            "version": claim.version,
            "speaker": "Harbour master",
            "kind": "quantity",
            "dates": "2019, 2023",
            "tags": "Ferries, transport",
            "due_on": due.isoformat(),
        },
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Saved: tags, speaker, kind, dates, due date." in saved
    assert "data-speaker>Harbour master<" in saved and ">ferries</a>" in saved
    db.expire_all()
    fresh = db.get(Claim, claim.id)
    assert fresh is not None and fresh.speaker == "Harbour master" and fresh.due_on == due
    refused = client.post(
        f"/work/claims/{claim.id}/details",
        data={"csrf_token": csrf_from(saved), "version": fresh.version, "kind": "quantity", "dates": "last May"},
    )
    assert refused.status_code == 422 and "is not a date" in refused.get_data(as_text=True)
    assert 'id="edit-details" open' in refused.get_data(as_text=True)
    assert claim_details.tags_of(db, [claim.id]) == {claim.id: ["ferries", "transport"]}

    queue = client.get("/work/queue?speaker=Harbour+master").get_data(as_text=True)
    assert f'/work/claims/{claim.id}"' in queue and f'/work/claims/{other.id}"' not in queue
    assert "Harbour master" in queue and ">ferries</a>" in queue and f"due {due.isoformat()}" in queue
    by_tag = client.get("/work/queue?tag=transport").get_data(as_text=True)
    assert f'/work/claims/{claim.id}"' in by_tag and f'/work/claims/{other.id}"' not in by_tag
    by_due = client.get("/work/queue?deadline=week").get_data(as_text=True)
    assert f'/work/claims/{claim.id}"' in by_due and f'/work/claims/{other.id}"' not in by_due
    assert '<option value="transport" selected>' in by_tag
