"""Admin pages of claim intelligence: ClaimReview import by file and URL (bad records reported and skipped, never a
crash), and the learned ranker (decisions, versions, training, switching versions, reset; a version that was not
better than the default scorer is never used)."""

from __future__ import annotations

import io
import json
import weakref
from collections.abc import Callable

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, ExternalCheck, RankerModel, User
from factcheck.services import ranking
from tests.conftest import csrf_from
from tests.fetch.conftest import LocalServer
from tests.services.test_external_checks import review
from tests.services.test_ranking import COURTESIES, ISLANDS, PLACES, TEAMS, _history, needs_model

SIGNED_IN: weakref.WeakSet[FlaskClient] = weakref.WeakSet()


def _token(client: FlaskClient, path: str) -> str:
    return csrf_from(client.get(path).get_data(as_text=True))


def _upload(client: FlaskClient, data: bytes, name: str = "feed.jsonl") -> tuple[int, str]:
    token = _token(client, "/admin/claimreview")
    response = client.post("/admin/claimreview/file", data={"csrf_token": token, "file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")  # fmt: skip
    return response.status_code, response.get_data(as_text=True)


def test_a_file_is_imported_and_its_bad_records_reported_and_skipped(
    client: FlaskClient, login_as: Callable[..., User], db: Session
) -> None:
    login_as("admin")
    lines = [json.dumps(review("Harbour tolls doubled")), "{not json", json.dumps({"@type": "Recipe"}),
             json.dumps(review("Tram fares fell by half"))]  # fmt: skip
    status, page = _upload(client, "\n".join(lines).encode())
    assert status == 200
    assert "<strong>2</strong> imported, <strong>0</strong> already known, <strong>2</strong> skipped." in page
    assert "line 2" in page and "not valid JSON" in page and "not a ClaimReview (type Recipe)" in page
    assert set(db.scalars(select(ExternalCheck.claim_text))) == {"Harbour tolls doubled", "Tram fares fell by half"}
    status, page = _upload(client, "\n".join(lines).encode())
    assert "<strong>0</strong> imported, <strong>2</strong> already known" in page


def test_a_url_is_fetched_and_a_refused_one_is_reported(
    client: FlaskClient, login_as: Callable[..., User], db: Session, server: LocalServer
) -> None:
    login_as("admin")
    page = f"<html><script type='application/ld+json'>{json.dumps(review('Bridge tolls'))}</script></html>"
    url = server.route("/review", body=page.encode(), content_type="text/html")
    response = client.post("/admin/claimreview/url", data={"csrf_token": _token(client, "/admin/claimreview"),
                                                           "url": url})  # fmt: skip
    assert response.status_code == 200 and "<strong>1</strong> imported" in response.get_data(as_text=True)
    # A private address is refused by the fetcher (only 127.0.0.1 and localhost are allowed in tests).
    response = client.post("/admin/claimreview/url", data={"csrf_token": _token(client, "/admin/claimreview"),
                                                           "url": "http://10.1.2.3/feed.json"})  # fmt: skip
    assert response.status_code == 422 and "Could not fetch http://10.1.2.3/feed.json" in response.get_data(
        as_text=True
    )
    assert db.scalar(select(func.count()).select_from(ExternalCheck)) == 1


def test_claimreview_import_is_for_admins(client: FlaskClient, login_as: Callable[..., User], db: Session) -> None:
    login_as("editor")
    assert client.get("/admin/claimreview").status_code == 403
    status, _ = _upload(client, json.dumps(review()).encode())
    assert status in (400, 403) and db.scalar(select(func.count()).select_from(ExternalCheck)) == 0


@pytest.mark.usefixtures("db")
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_uploaded_bytes_get_a_report_never_an_error(
    client: FlaskClient, login_as: Callable[..., User], data: bytes
) -> None:
    if client not in SIGNED_IN:  # one sign-in for every example
        login_as("admin")
        SIGNED_IN.add(client)
    status, page = _upload(client, data)
    assert status == 200 and "data-import-report" in page


def test_ranker_page_counts_decisions_and_cannot_train_on_too_few(
    client: FlaskClient, login_as: Callable[..., User], db: Session
) -> None:
    admin = login_as("admin")
    _history(db, admin, ["Bus fares rose 5% in 2021."], ["What a lovely evening."])
    db.commit()
    page = client.get("/admin/ranker").get_data(as_text=True)
    assert "<strong>2</strong> decisions: 1 checked, 1 dismissed (training needs at least 10 of each)" in page
    assert "The default scorer ranks the queue." in page and "No version trained yet." in page
    response = client.post("/admin/ranker/train", data={"csrf_token": _token(client, "/admin/ranker")})
    assert "Nothing trained: needs at least 10" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert db.scalar(select(func.count()).select_from(RankerModel)) == 0


@needs_model
def test_ranker_trains_switches_versions_and_resets_but_never_uses_a_worse_one(
    client: FlaskClient, login_as: Callable[..., User], db: Session
) -> None:
    admin = login_as("admin")
    # A history the default scorer ranks perfectly (figures checked, courtesies dismissed): no model beats it.
    checked = [f"{p} spent ${n} million on roads in {2000 + n}, up {n}% on the year before." for n, p in
               enumerate(PLACES, 2)]  # fmt: skip
    _history(db, admin, checked, COURTESIES)
    db.commit()
    client.post("/admin/ranker/train", data={"csrf_token": _token(client, "/admin/ranker")})
    worse = db.scalars(select(RankerModel)).one()
    assert not worse.active
    page = client.get("/admin/ranker").get_data(as_text=True)
    assert "not better than the default: never used" in page and "The default scorer ranks the queue." in page
    # Asking for it anyway is refused.
    response = client.post(f"/admin/ranker/versions/{worse.id}/activate",
                           data={"csrf_token": _token(client, "/admin/ranker")})  # fmt: skip
    assert "no better than the default scorer" in client.get(response.headers["Location"]).get_data(as_text=True)
    db.expire_all()
    assert ranking.active_model(db) is None and not db.get(RankerModel, worse.id).active  # type: ignore[union-attr]

    # A desk whose taste the default scorer gets wrong (ferries checked, football figures dismissed): trained from
    # the page, the new version ranks the queue; an older better version can be chosen again; reset goes back.
    ferries = [f"The ferry to {isle} was cancelled again because the operator had no crew." for isle in ISLANDS]
    football = [f"The {team} striker scored {n} goals in {2000 + n} for the club." for n, team in enumerate(TEAMS, 3)]
    _history(db, admin, ferries, football, slug="ferries")
    db.commit()
    for _ in range(2):
        response = client.post("/admin/ranker/train", data={"csrf_token": _token(client, "/admin/ranker")})
        assert response.status_code == 302
    db.expire_all()
    first, second = db.scalars(select(RankerModel).where(RankerModel.id != worse.id).order_by(RankerModel.id))
    assert first.heldout_model_ap > first.heldout_default_ap and second.active
    page = client.get("/admin/ranker").get_data(as_text=True)
    assert f"Version {second.id} ranks the queue" in page and "Use this version" in page
    response = client.post(f"/admin/ranker/versions/{first.id}/activate",
                           data={"csrf_token": _token(client, "/admin/ranker")})  # fmt: skip
    assert f"Version {first.id} now ranks the queue." in client.get(response.headers["Location"]).get_data(as_text=True)
    db.expire_all()
    active = ranking.active_model(db)
    assert active is not None and active.id == first.id
    # The claim page says what moved the learned score most (the queue ranks by it).
    ferry = db.scalars(select(Claim).where(Claim.quote == ferries[0])).one()
    learned = client.get(f"/work/claims/{ferry.id}").get_data(as_text=True).split("data-learned-score")[1]
    assert f"the learned ranker (learned #{first.id})" in learned and "What moved it most" in learned
    assert learned.split("</div>")[0].count('<span class="chip">') == 5 and ">meaning<" in learned
    client.post("/admin/ranker/reset", data={"csrf_token": _token(client, "/admin/ranker")})
    db.expire_all()
    assert ranking.active_model(db) is None
    assert "The default scorer ranks the queue." in client.get("/admin/ranker").get_data(as_text=True)
    actions = list(
        db.scalars(select(AuditEvent.action).where(AuditEvent.action.like("ranker.%")).order_by(AuditEvent.id))
    )
    assert actions == ["ranker.train", "ranker.train", "ranker.train", "ranker.activate", "ranker.reset"]
