"""The review queue in the browser: filters, sorting, pagination, assignment, bulk actions, stale versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Claim, User
from factcheck.services import claims, importing, ratings
from tests.conftest import get_csrf

TEXT = (
    "The mayor said the city will build 4,000 homes by 2031.\n\n"
    "Unemployment fell to 3.1% last year, the statistics office reported.\n\n"
    "The council spent £12 million on roads in 2023, twice as much as in 2019."
)


def make_article(db: Session, title: str = "Housing plans", text: str = TEXT, outlet: str = "Daily Example") -> Article:
    ratings.load_presets(db)
    draft = importing.ArticleDraft(
        title=title, text=text, origin="paste", outlet=outlet, published_on=dt.date(2024, 3, 1)
    )
    result = importing.import_draft(db, None, draft)
    db.commit()
    return result.article


def article_claims(db: Session, article: Article) -> list[Claim]:
    db.expire_all()
    return list(db.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)))


def test_queue_lists_filters_and_sorts(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    first = make_article(db)
    make_article(db, "Second piece", "Exports rose by 7% in 2022, the ministry said.", outlet="Other Times")
    login_as("reviewer")
    page = client.get("/work/queue").get_data(as_text=True)
    assert "4,000 homes" in page and "Exports rose" in page
    only_first = client.get(f"/work/queue?article={first.id}").get_data(as_text=True)
    assert "4,000 homes" in only_first and "Exports rose" not in only_first
    by_outlet = client.get("/work/queue?outlet=Other+Times").get_data(as_text=True)
    assert "Exports rose" in by_outlet and "4,000 homes" not in by_outlet
    assert "No claims match" in client.get("/work/queue?status=approved").get_data(as_text=True)
    assert "No claims match" in client.get("/work/queue?score_min=1&score_max=1").get_data(as_text=True)
    by_position = client.get(f"/work/queue?article={first.id}&sort=position").get_data(as_text=True)
    assert by_position.index("4,000 homes") < by_position.index("Unemployment") < by_position.index("£12 million")
    assert client.get("/work/queue?sort=nonsense&page=999&score_min=x").status_code == 200


def test_due_predictions_filter(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    article = make_article(db)
    found = article_claims(db, article)
    found[0].kind, found[0].revisit_on = "prediction", dt.date(2020, 1, 1)
    found[1].kind, found[1].revisit_on = "prediction", dt.date(2999, 1, 1)
    db.commit()
    login_as("reviewer")
    page = client.get("/work/queue?due=1").get_data(as_text=True)
    assert "4,000 homes" in page and "Unemployment" not in page


def test_pagination(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    text = "\n\n".join(f"The budget for district {i} rose by {i + 3}% in 2023." for i in range(60))
    make_article(db, "Budgets", text)
    login_as("reviewer")
    first = client.get("/work/queue?sort=position").get_data(as_text=True)
    assert "page 1 of 2" in first and 'rel="next"' in first and "district 0 " in first
    second = client.get("/work/queue?sort=position&page=2").get_data(as_text=True)
    assert "page 2 of 2" in second and "district 59 " in second and "district 0 " not in second


def test_take_a_claim_and_stale_take_is_409(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    article = make_article(db)
    claim = article_claims(db, article)[0]
    me = login_as("reviewer")
    token = get_csrf(client, "/work/queue")
    response = client.post(
        f"/work/claims/{claim.id}/assign", data={"csrf_token": token, "version": claim.version, "assignee": me.id}
    )
    assert response.status_code == 302
    db.expire_all()
    assert claim.assignee_id == me.id and claim.status == "in_review" and claim.version == 2
    other = make_user("reviewer", name="Quentin Second")
    stale = client.post(
        f"/work/claims/{claim.id}/assign", data={"csrf_token": token, "version": 1, "assignee": other.id}
    )
    body = stale.get_data(as_text=True)
    assert stale.status_code == 409 and "claim.assign" in body and me.name in body
    db.expire_all()
    assert claim.assignee_id == me.id
    refused = client.post(
        f"/work/claims/{claim.id}/assign", data={"csrf_token": token, "version": 2, "assignee": 999999}
    )
    assert refused.status_code == 422


def test_bulk_assign_and_dismiss(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    article = make_article(db)
    found = article_claims(db, article)
    helper = make_user("reviewer", name="Helper Person")
    login_as("editor")
    token = get_csrf(client, "/work/queue")
    picked = [f"{c.id}:{c.version}" for c in found[:2]]
    response = client.post(
        "/work/queue/bulk", data={"csrf_token": token, "claims": picked, "action": "assign", "assignee": helper.id}
    )
    assert response.status_code == 302
    after = article_claims(db, article)
    assert [c.assignee_id for c in after[:2]] == [helper.id, helper.id] and after[2].assignee_id is None
    stale = client.post("/work/queue/bulk", data={"csrf_token": token, "claims": picked, "action": "dismiss"})
    assert stale.status_code == 409 and "nothing was applied" in stale.get_data(as_text=True)
    fresh = [f"{c.id}:{c.version}" for c in after]
    assert (
        client.post("/work/queue/bulk", data={"csrf_token": token, "claims": fresh, "action": "dismiss"}).status_code
        == 302
    )
    assert {c.triage for c in article_claims(db, article)} == {"dismissed"}
    # Nothing ticked: back to the queue with a message (tests/views/test_error_advice.py).
    assert client.post("/work/queue/bulk", data={"csrf_token": token, "action": "dismiss"}).status_code == 302
    assert (
        client.post("/work/queue/bulk", data={"csrf_token": token, "claims": ["x"], "action": "dismiss"}).status_code
        == 422
    )


def test_bulk_refuses_a_transition_atomically(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    article = make_article(db)
    found = article_claims(db, article)
    user = login_as("reviewer")
    claims.dismiss(db, user, found[0], None)
    db.commit()
    token = get_csrf(client, "/work/queue")
    picked = [f"{c.id}:{c.version}" for c in article_claims(db, article)]
    response = client.post("/work/queue/bulk", data={"csrf_token": token, "claims": picked, "action": "dismiss"})
    assert response.status_code == 422
    assert [c.triage for c in article_claims(db, article)] == ["dismissed", "suggested", "suggested"]


def test_queue_needs_sign_in(client: FlaskClient, db: Session) -> None:
    response = client.get("/work/queue")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_bulk_form_caps_the_ticked_claims(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    """70,000 ids, as form fields or as a JSON body: a 422 naming the cap, nothing changed (PostgreSQL gave a 500
    at 65,536 bind parameters)."""
    article = make_article(db)
    login_as("editor")
    token = get_csrf(client, "/work/queue")
    many = [f"{n}:1" for n in range(1, 70_001)]
    as_json = client.post(
        "/work/queue/bulk", json={"claims": many, "action": "dismiss"}, headers={"X-CSRFToken": token}
    )
    assert as_json.status_code == 422 and "at most 1,000 claims" in as_json.get_data(as_text=True)
    as_form = client.post("/work/queue/bulk", data={"csrf_token": token, "claims": many[:1001], "action": "dismiss"})
    assert as_form.status_code == 422 and "at most 1,000 claims" in as_form.get_data(as_text=True)
    assert {c.status for c in article_claims(db, article)} == {"new"}
