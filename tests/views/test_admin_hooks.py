"""The admin's webhook pages: create (the secret shown once, masked after), the test button delivers a signed
ping the receiver verifies (the app runs the job when the request commits), edit, rotate, delete; refused
targets; and the editors' changed-sources list."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, LinkChange, LinkCheck, User, Webhook, WebhookDelivery
from factcheck.services import link_checks
from tests.conftest import get_csrf
from tests.support.builders import make_article, make_claim, make_source
from tests.support.hooks import Receiver

SECRET = re.compile(r'<code class="wrap-anywhere" data-secret>([^<]+)</code>')


def _create(client: FlaskClient, url: str, **extra: object) -> tuple[int, str]:
    data = {
        "csrf_token": get_csrf(client, "/admin/hooks/new"),
        "name": "Newsroom chat",
        "url": url,
        "events": ["claim.approved", "article.published"],
        "payload_format": "json",
        "active": "y",
    } | extra
    response = client.post("/admin/hooks/new", data=data, follow_redirects=True)
    return response.status_code, response.get_data(as_text=True)


def test_an_admin_creates_a_hook_sees_the_secret_once_and_sends_a_test(
    client: FlaskClient, db: Session, login_as: Callable[..., User], receiver: Receiver
) -> None:
    login_as("admin")
    status, page = _create(client, receiver.url())
    assert status == 200, page
    match = SECRET.search(page)
    assert match is not None
    secret = receiver.secret = match.group(1)
    hook = db.scalar(select(Webhook))
    assert hook is not None and hook.secret == secret and hook.events == ["article.published", "claim.approved"]
    listing = client.get("/admin/hooks").get_data(as_text=True)
    assert secret not in listing and f"••••{secret[-4:]}" in listing and "Newsroom chat" in listing
    log_page = client.get(f"/admin/hooks/{hook.id}").get_data(as_text=True)
    assert secret not in log_page and "Nothing sent yet" in log_page
    sent = client.post(
        f"/admin/hooks/{hook.id}/test", data={"csrf_token": get_csrf(client, "/admin/hooks")}, follow_redirects=True
    )
    body = sent.get_data(as_text=True)
    assert "A test delivery" in body and "data-attempt" in body and "<strong>200</strong>" in body
    [got] = receiver.received
    assert got.signature_ok and got.json()["event"] == "ping"
    assert secret not in str([e.data for e in db.scalars(select(AuditEvent))])


def test_edit_rotate_and_delete(
    client: FlaskClient, db: Session, login_as: Callable[..., User], receiver: Receiver
) -> None:
    login_as("admin")
    _status, page = _create(client, receiver.url())
    old = SECRET.search(page)
    hook = db.scalar(select(Webhook))
    assert hook is not None and old is not None
    csrf = get_csrf(client, f"/admin/hooks/{hook.id}/edit")
    edited = client.post(
        f"/admin/hooks/{hook.id}/edit",
        data={"csrf_token": csrf, "name": "Slack", "url": receiver.url("/slack"), "events": ["claim.returned"],
              "payload_format": "slack"},
        follow_redirects=True,
    )  # fmt: skip
    assert "Hook “Slack” saved." in edited.get_data(as_text=True)
    db.refresh(hook)
    assert (hook.name, hook.payload_format, hook.active, hook.events) == ("Slack", "slack", False, ["claim.returned"])
    rotated = client.post(f"/admin/hooks/{hook.id}/secret", data={"csrf_token": csrf}, follow_redirects=True)
    assert rotated.headers["Cache-Control"] == "no-store" and "New secret" in rotated.get_data(as_text=True)
    new = SECRET.search(rotated.get_data(as_text=True))
    assert new is not None and new.group(1) != old.group(1)
    db.refresh(hook)
    assert hook.secret == new.group(1)
    client.post(f"/admin/hooks/{hook.id}/test", data={"csrf_token": csrf})
    assert db.scalar(select(func.count(WebhookDelivery.id))) == 1
    deleted = client.post(f"/admin/hooks/{hook.id}/delete", data={"csrf_token": csrf}, follow_redirects=True)
    assert "and its delivery log deleted" in deleted.get_data(as_text=True)
    assert db.scalar(select(func.count(Webhook.id))) == 0 and db.scalar(select(func.count(WebhookDelivery.id))) == 0


def test_a_private_target_is_refused_with_the_reason_next_to_the_field(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    login_as("admin")
    status, page = _create(client, "http://192.168.1.20/hook")
    assert status == 422 and "a private address" in page
    status, page = _create(client, "https://example.org/hook", events=[])
    assert status == 422 and "Choose at least one event" in page
    assert db.scalar(select(func.count(Webhook.id))) == 0


def test_editors_see_changed_sources_with_the_articles_citing_them(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    source = make_source(db, "https://ports.example.org/annual-report", title="Annual harbour report")
    article = make_article(db, extract=False, title="Ferry boom checked")
    make_claim(db, article, status="published", source=source)
    quiet = make_source(db, "https://ports.example.org/quiet")
    db.add(LinkCheck(source_id=source.id, change=LinkChange.MOVED, http_status=200,
                     final_url="https://ports.example.org/archive/annual-report", sha256=source.sha256))  # fmt: skip
    db.commit()
    login_as("editor")
    page = client.get("/work/links").get_data(as_text=True)
    assert "Annual harbour report" in page and "moved" in page and "now at https://ports.example.org/archive" in page
    assert "Ferry boom checked" in page and quiet.url not in page
    assert 'href="/work/links"' in page, "the editors' nav leads here"
    assert link_checks.cited_by(db, [quiet.id]) == {quiet.id: []}


def test_reviewers_do_not_get_the_list(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    login_as("reviewer")
    assert client.get("/work/links").status_code == 403
    assert 'href="/work/links"' not in client.get("/work/").get_data(as_text=True)


def test_the_secret_page_shows_once_and_a_reload_repeats_nothing(
    client: FlaskClient, db: Session, login_as: Callable[..., User], receiver: Receiver
) -> None:
    login_as("admin")
    data = {
        "csrf_token": get_csrf(client, "/admin/hooks/new"),
        "name": "Desk bot",
        "url": receiver.url(),
        "events": ["claim.approved"],
        "payload_format": "json",
    }
    created = client.post("/admin/hooks/new", data=data)
    hook = db.scalar(select(Webhook))
    assert hook is not None
    assert created.status_code == 302 and created.headers["Location"] == f"/admin/hooks/{hook.id}/secret"
    assert hook.secret not in created.get_data(as_text=True)  # the answer to the POST never carries it
    first = client.get(f"/admin/hooks/{hook.id}/secret")
    assert first.status_code == 200 and first.headers["Cache-Control"] == "no-store"
    assert SECRET.search(first.get_data(as_text=True)) is not None and hook.secret in first.get_data(as_text=True)
    again = client.get(f"/admin/hooks/{hook.id}/secret", follow_redirects=True)
    page = again.get_data(as_text=True)
    assert hook.secret not in page and "shown only once" in page
    with client.session_transaction() as stored:
        assert hook.secret not in str(dict(stored))  # the session names the hook, never holds its secret
    assert db.scalar(select(func.count(Webhook.id))) == 1


def test_a_secret_page_meant_for_one_hook_shows_nothing_for_another(
    client: FlaskClient, db: Session, login_as: Callable[..., User], receiver: Receiver
) -> None:
    login_as("admin")
    _create(client, receiver.url())
    _create(client, receiver.url("/second"))
    first, second = db.scalars(select(Webhook).order_by(Webhook.id)).all()
    csrf = get_csrf(client, "/admin/hooks")
    client.post(f"/admin/hooks/{second.id}/secret", data={"csrf_token": csrf})
    other = client.get(f"/admin/hooks/{first.id}/secret", follow_redirects=True).get_data(as_text=True)
    db.refresh(first)
    assert first.secret not in other and "shown only once" in other
