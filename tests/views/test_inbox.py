"""The inbox (views/team/inbox.py) and its e-mail, sent through a real local SMTP server after the commit."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Claim, User
from tests.conftest import get_csrf
from tests.support.mailbox import Mailbox


def test_assignment_reaches_the_inbox_and_the_mailbox(
    client: FlaskClient,
    db: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_claim: Callable[..., Claim],
    mailbox: Mailbox,
) -> None:
    reviewer = make_user("reviewer")
    editor = login_as("editor")
    claim = make_claim(actor=editor)
    db.commit()
    csrf = get_csrf(client, f"/work/claims/{claim.id}")
    response = client.post(
        f"/work/claims/{claim.id}/assign",
        data={"csrf_token": csrf, "assignee": str(reviewer.id), "version": str(claim.version), "seen": ""},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    [message] = mailbox.to(reviewer.email)
    body = message.get_payload(decode=True).decode()
    assert "assigned you a claim" in message["Subject"] and f"http://factcheck.test/work/claims/{claim.id}" in body
    assert mailbox.envelopes[0][1] == [reviewer.email]

    client.post("/logout", data={"csrf_token": get_csrf(client, "/work/")})
    login_as(user=reviewer)
    home = client.get("/work/").get_data(as_text=True)
    assert 'aria-label="1 unread"' in home
    inbox = client.get("/inbox").get_data(as_text=True)
    assert f"{editor.name} assigned you a claim" in inbox and f'href="/work/claims/{claim.id}"' in inbox
    client.post("/inbox/read", data={"csrf_token": get_csrf(client, "/inbox")})
    assert "unread" not in client.get("/work/").get_data(as_text=True)


def test_bulk_assignment_mails_once_and_a_refused_one_not_at_all(
    client: FlaskClient,
    db: Session,
    login_as: Callable[..., User],
    make_user: Callable[..., User],
    make_claim: Callable[..., Claim],
    mailbox: Mailbox,
) -> None:
    reviewer = make_user("reviewer")
    editor = login_as("editor")
    first = make_claim(actor=editor)
    second = make_claim(first.article, actor=editor, quote=None, start=0, end=6)
    db.commit()
    csrf = get_csrf(client, "/work/queue")

    def bulk(versions: tuple[int, int]) -> int:
        ticked = [f"{first.id}:{versions[0]}", f"{second.id}:{versions[1]}"]
        data = {"csrf_token": csrf, "claims": ticked, "action": "assign", "assignee": str(reviewer.id)}
        return client.post("/work/queue/bulk", data=data).status_code

    # The first claim is assigned (its mail queued), the second is stale: all rolled back, nothing sent.
    assert bulk((first.version, second.version + 3)) == 409
    assert mailbox.messages == []
    assert bulk((first.version, second.version)) == 302
    [message] = mailbox.to(reviewer.email)
    assert message["Subject"].startswith("2 updates")
