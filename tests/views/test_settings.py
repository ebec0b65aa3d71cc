"""Admins edit the organisation pages and the ClaimReview author (views/settings.py)."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Publication, User
from factcheck.services import demo
from tests.conftest import get_csrf


def _demo(db: Session) -> tuple[Article, Publication]:
    demo.load_demo(db)
    db.commit()
    return db.scalars(select(Article)).one(), db.scalars(select(Publication)).one()


def test_admin_edits_settings_and_claimreview_author(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    _article, pub = _demo(db)
    login_as("admin")
    token = get_csrf(client, "/settings/")
    response = client.post(
        "/settings/",
        data={
            "csrf_token": token,
            "org_name": "Harbour Checks",
            "about": "We are <script>x</script> **three** people.",
        },
    )
    assert response.status_code == 302
    about = client.get("/about").get_data(as_text=True)
    assert "<strong>three</strong>" in about and "<script>x" not in about
    claim = next(c for c in pub.snapshot["claims"] if c["checked"])
    assert '"name":"Harbour Checks"' in client.get(f"/claims/{claim['id']}").get_data(as_text=True)
