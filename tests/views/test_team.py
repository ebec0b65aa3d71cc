"""The team pages (views/team/): admins invite, change roles, disable, issue reset links; everyone changes their
own password; a one-time link sets a password. Mail goes to a real local SMTP server."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Role, User
from factcheck.services import logins
from tests.conftest import PASSWORD, csrf_from, get_csrf
from tests.support.mailbox import Mailbox

NEW_PASSWORD = "tide tables and harbour lights"
LINK = re.compile(r"http://factcheck\.test/account/welcome/[A-Za-z0-9_-]+")


def _invite(client: FlaskClient, email: str, role: str = "editor") -> str:
    csrf = get_csrf(client, "/admin/team")
    response = client.post(
        "/admin/team/invite", data={"csrf_token": csrf, "email": email, "name": "Ines Invited", "role": role}
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:400]
    match = LINK.search(response.get_data(as_text=True))
    assert match, "the one-time link is shown to the admin"
    return match.group(0)


def test_invite_mail_and_set_password(
    client: FlaskClient, db: Session, login_as: Callable[..., User], mailbox: Mailbox
) -> None:
    login_as("admin")
    link = _invite(client, "ines@example.org")
    page = client.get("/admin/team").get_data(as_text=True)
    assert "ines@example.org" in page and "invited" in page
    # The same link went by mail, through a real SMTP server.
    [message] = mailbox.to("ines@example.org")
    assert "invited" in message["Subject"] and link in message.get_payload(decode=True).decode()
    client.post("/logout", data={"csrf_token": get_csrf(client, "/work/")})

    path = link.removeprefix("http://factcheck.test")
    form = client.get(path)
    assert form.status_code == 200 and "Welcome, Ines Invited" in form.get_data(as_text=True)
    csrf = csrf_from(form.get_data(as_text=True))
    mismatch = client.post(path, data={"csrf_token": csrf, "password": NEW_PASSWORD, "confirm": "other"})
    assert mismatch.status_code == 422 and "The passwords differ." in mismatch.get_data(as_text=True)
    short = client.post(path, data={"csrf_token": csrf, "password": "tiny", "confirm": "tiny"})
    assert short.status_code == 422 and "at least 12 characters" in short.get_data(as_text=True)
    done = client.post(path, data={"csrf_token": csrf, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert client.get(path).status_code == 404  # one time only
    signed = client.post(
        "/login", data={"email": "ines@example.org", "password": NEW_PASSWORD, "csrf_token": get_csrf(client)}
    )
    assert signed.status_code == 302
    assert db.scalar(select(User.role).where(User.email == "ines@example.org")) == Role.EDITOR


def test_without_mail_the_link_is_only_shown(client: FlaskClient, db: Session, login_as: Callable[..., User]) -> None:
    login_as("admin")
    response = client.post(
        "/admin/team/invite",
        data={"csrf_token": get_csrf(client, "/admin/team"), "email": "bad", "name": "X", "role": "reviewer"},
    )
    assert response.status_code == 422
    _invite(client, "quiet@example.org")
    assert "mail is not configured" in client.get("/admin/team").get_data(as_text=True)


def test_role_disable_enable_and_reset(
    client: FlaskClient, db: Session, login_as: Callable[..., User], make_user: Callable[..., User]
) -> None:
    person = make_user("reviewer")
    logins.start(db, person)
    db.commit()
    login_as("admin")
    csrf = get_csrf(client, "/admin/team")
    client.post(f"/admin/team/{person.id}/role", data={"csrf_token": csrf, "role": "editor"})
    db.expire_all()
    assert db.get(User, person.id).role == Role.EDITOR  # type: ignore[union-attr]
    disabled = client.post(f"/admin/team/{person.id}/active", data={"csrf_token": csrf}, follow_redirects=True)
    assert "account is disabled" in disabled.get_data(as_text=True)
    db.expire_all()
    assert not db.get(User, person.id).active  # type: ignore[union-attr]
    assert logins.active_count(db, person) == 0
    refused = client.post(f"/admin/team/{person.id}/reset", data={"csrf_token": csrf}, follow_redirects=True)
    assert "enable it first" in refused.get_data(as_text=True)
    client.post(f"/admin/team/{person.id}/active", data={"csrf_token": csrf})
    reset = client.post(f"/admin/team/{person.id}/reset", data={"csrf_token": csrf})
    assert reset.status_code == 200 and LINK.search(reset.get_data(as_text=True))
    # An admin cannot disable themselves (no button, and the service refuses).
    me = db.scalar(select(User).where(User.role == Role.ADMIN))
    assert me is not None
    own = client.post(f"/admin/team/{me.id}/active", data={"csrf_token": csrf}, follow_redirects=True)
    assert "cannot disable your own account" in own.get_data(as_text=True)


def test_change_own_password_ends_other_sessions(
    client: FlaskClient, app: object, db: Session, login_as: Callable[..., User]
) -> None:
    user = login_as("reviewer")
    other = logins.start(db, user)  # a second browser
    db.commit()
    page = client.get("/account/password")
    assert page.status_code == 200
    csrf = csrf_from(page.get_data(as_text=True))
    wrong = client.post(
        "/account/password",
        data={"csrf_token": csrf, "current": "not it at all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert wrong.status_code == 422 and "not right" in wrong.get_data(as_text=True)
    done = client.post(
        "/account/password",
        data={"csrf_token": csrf, "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        follow_redirects=True,
    )
    assert "1 other sign-in ended" in done.get_data(as_text=True)
    assert client.get("/work/").status_code == 200  # this one goes on
    assert logins.user_for(db, user.id, other) is None


def test_cli_set_password(runner: object, db: Session, make_user: Callable[..., User]) -> None:
    user = make_user("reviewer")
    result = runner.invoke(args=["users", "set-password", user.email, "--password", NEW_PASSWORD])  # type: ignore[attr-defined]
    assert result.exit_code == 0, result.output
    db.expire_all()
    assert "sign-in(s) ended" in result.output
    short = runner.invoke(args=["users", "set-password", user.email, "--password", "short"])  # type: ignore[attr-defined]
    assert short.exit_code == 1 and "at least 12" in short.output
