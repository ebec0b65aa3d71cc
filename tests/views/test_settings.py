"""Admins edit the organisation pages and the ClaimReview author (views/settings.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Article, Notification, NotificationKind, Publication, User
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


def test_desk_time_zone_governs_how_times_are_shown(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    admin = login_as("admin")
    db.add(
        Notification(
            user_id=admin.id,
            kind=NotificationKind.ASSIGNED,
            text="A late-evening note",
            link="/work/",
            created_at=dt.datetime(2024, 7, 1, 22, 30, tzinfo=dt.UTC),
        )
    )
    db.commit()
    assert "2024-07-01 22:30 UTC" in client.get("/inbox").get_data(as_text=True)
    csrf = get_csrf(client, "/settings/")
    bad = client.post("/settings/", data={"csrf_token": csrf, "timezone": "Mars/Olympus"})
    assert bad.status_code == 422 and "is not a time zone" in bad.get_data(as_text=True)
    ok = client.post("/settings/", data={"csrf_token": csrf, "timezone": "Europe/Berlin"})
    assert ok.status_code == 302
    page = client.get("/inbox").get_data(as_text=True)
    # Shown in Berlin summer time (the next day there); the machine-readable attribute stays UTC.
    assert "2024-07-02 00:30 CEST" in page and 'datetime="2024-07-01T22:30:00+00:00"' in page


def test_admin_creates_a_rating_scale_in_the_browser_form(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    login_as("admin")
    page = client.get("/admin/scales/new")
    assert page.status_code == 200 and 'class="rating-icon"' in page.get_data(as_text=True)
    data = {"csrf_token": get_csrf(client, "/admin/scales/new"), "name": "Plain words", "description": "Two."}
    rows = [("Wrong", "1", "#b3261e", "cross"), ("Right", "2", "#2e7d32", "check")]
    for n in range(10):
        label, value, colour, icon = rows[n] if n < len(rows) else ("", "", "#6b6b6b", "check")
        data |= {f"ratings-{n}-label": label, f"ratings-{n}-value": value, f"ratings-{n}-definition": label}
        data |= {f"ratings-{n}-colour": colour, f"ratings-{n}-icon": icon, f"ratings-{n}-rating_id": ""}
    saved = client.post("/admin/scales/new", data=data)
    assert saved.status_code == 302
    admin_page = client.get("/admin/").get_data(as_text=True)
    assert "Plain words" in admin_page and "✗" not in admin_page
    data["ratings-1-label"] = "Wrong"
    refused = client.post("/admin/scales/new", data=data)
    assert refused.status_code == 422 and "same label" in refused.get_data(as_text=True)
