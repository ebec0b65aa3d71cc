"""Sign-ins kept on the server (services/logins.py, factcheck/auth.py): sign-out ends the session for every copy
of its cookies, the remember-me cookie is new at each sign-in and lasts 30 days, and a password change ends
every other sign-in of the account but not the changer's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from email.utils import parsedate_to_datetime

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import logins, users
from tests.conftest import PASSWORD, get_csrf

NEW_PASSWORD = "a different long passphrase 42"


def _sign_in(client: FlaskClient, user: User, *, remember: bool = False) -> list[str]:
    data = {"email": user.email, "password": PASSWORD, "csrf_token": get_csrf(client)}
    if remember:
        data["remember"] = "y"
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return response.headers.getlist("Set-Cookie")


def _cookie(client: FlaskClient, name: str) -> str:
    cookie = client.get_cookie(name)
    assert cookie is not None, f"no {name} cookie"
    return cookie.value


def _with_cookie(app: Flask, name: str, value: str) -> FlaskClient:
    """A second browser holding nothing but a copy of one cookie."""
    other = app.test_client()
    other.set_cookie(name, value)
    return other


def _signed_in(client: FlaskClient) -> bool:
    return client.get("/work/").status_code == 200


def _sign_out(client: FlaskClient) -> None:
    assert client.post("/logout", data={"csrf_token": get_csrf(client, "/work/")}).status_code == 302


def test_a_copied_session_cookie_stops_working_after_sign_out(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    _sign_in(client, make_user())
    copy = _with_cookie(app, "session", _cookie(client, "session"))
    assert _signed_in(copy)
    _sign_out(client)
    assert not _signed_in(client) and not _signed_in(copy)


def test_a_copied_remember_cookie_stops_working_after_sign_out(
    app: Flask, client: FlaskClient, make_user: Callable[..., User]
) -> None:
    _sign_in(client, make_user(), remember=True)
    remembered = _cookie(client, "remember_token")
    assert _signed_in(_with_cookie(app, "remember_token", remembered))  # a fresh browser gets in by it
    _sign_out(client)
    assert not _signed_in(_with_cookie(app, "remember_token", remembered))


def test_each_sign_in_gets_its_own_remember_cookie_lasting_30_days(app: Flask, make_user: Callable[..., User]) -> None:
    user = make_user()
    first, second = app.test_client(), app.test_client()
    headers = _sign_in(first, user, remember=True)
    _sign_in(second, user, remember=True)
    assert _cookie(first, "remember_token") != _cookie(second, "remember_token")
    header = next(h for h in headers if h.startswith("remember_token="))
    expires = parsedate_to_datetime(header.split("Expires=")[1].split(";")[0])
    lasts = expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=29) < lasts <= dt.timedelta(days=30)
    # Both browsers stay signed in: a new sign-in does not end the other one.
    assert _signed_in(first) and _signed_in(second)


def test_a_password_change_signs_out_every_other_browser_but_not_the_changer(
    app: Flask, client: FlaskClient, db: Session, make_user: Callable[..., User]
) -> None:
    user = make_user()
    other, remembered = app.test_client(), app.test_client()
    _sign_in(client, user)
    _sign_in(other, user)
    _sign_in(remembered, user, remember=True)
    remember_cookie = _cookie(remembered, "remember_token")
    with client.session_transaction() as sess:
        current = str(sess["_user_id"]).partition(":")[2]
    assert current
    ended = users.change_password(db, user, NEW_PASSWORD, keep_current=current)
    db.commit()
    assert ended == 2
    assert _signed_in(client)
    assert not _signed_in(other) and not _signed_in(remembered)
    assert not _signed_in(_with_cookie(app, "remember_token", remember_cookie))
    assert users.authenticate(db, user.email, NEW_PASSWORD) is not None


def test_sign_ins_end_as_the_service_says(db: Session, make_user: Callable[..., User]) -> None:
    user = make_user()
    first, second = logins.start(db, user), logins.start(db, user)
    assert first != second and logins.active_count(db, user) == 2
    assert logins.user_for(db, user.id, first) is user and user.get_id() == f"{user.id}:{first}"
    assert logins.user_for(db, user.id + 1, first) is None  # a token names one account only
    logins.end(db, first)
    assert logins.user_for(db, user.id, first) is None and logins.user_for(db, user.id, second) is user
    expired = logins.start(db, user, dt.timedelta(seconds=-1))
    assert logins.user_for(db, user.id, expired) is None
    assert users.change_password(db, user, NEW_PASSWORD) == 2  # no session kept: an admin's reset ends all
    assert logins.active_count(db, user) == 0


def test_a_cookie_from_before_server_side_sign_ins_loads_nobody(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    with client.session_transaction() as sess:
        sess["_user_id"] = str(user.id)  # what the cookie held before: the bare id
        sess["_fresh"] = True
    assert not _signed_in(client)
