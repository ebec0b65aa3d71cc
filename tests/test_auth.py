"""Signing in (factcheck/auth.py, views/auth.py): sign in and out, wrong password, CSRF, disabled accounts,
session renewal, API tokens."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import ApiToken, User
from factcheck.services import users
from tests.conftest import PASSWORD, get_csrf


def test_login_and_logout(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user("reviewer")
    assert client.get("/work/").status_code == 302  # to the login page
    token = get_csrf(client)
    response = client.post("/login?next=/work/", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/work/"
    page = client.get("/work/")
    assert page.status_code == 200 and user.name in page.get_data(as_text=True)
    client.post("/logout", data={"csrf_token": get_csrf(client, "/work/")})
    assert client.get("/work/").status_code == 302


def test_login_refuses_an_external_next(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user()
    response = client.post(
        "/login?next=//evil.example/x", data={"email": user.email, "password": PASSWORD, "csrf_token": get_csrf(client)}
    )
    assert response.headers["Location"] == "/work/"


def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: FlaskClient, make_user: Callable[..., User]
) -> None:
    user = make_user()
    wrong = client.post(
        "/login", data={"email": user.email, "password": "nope-nope-nope", "csrf_token": get_csrf(client)}
    )
    unknown = client.post(
        "/login", data={"email": "ghost@example.org", "password": "nope-nope-nope", "csrf_token": get_csrf(client)}
    )
    assert wrong.status_code == unknown.status_code == 401
    message = "That email and password do not match an active account."
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)


def test_login_without_csrf_token_is_refused(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/work/").status_code == 302


def test_disabled_account_cannot_sign_in_and_its_session_ends(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    user = login_as("reviewer")
    assert client.get("/work/").status_code == 200
    users.set_active(db, None, user, False)
    db.commit()
    assert client.get("/work/").status_code == 302
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": get_csrf(client)})
    assert response.status_code == 401


def test_session_is_renewed_at_login(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user()
    token = get_csrf(client)
    with client.session_transaction() as sess:
        sess["planted"] = "by an attacker"
    client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    with client.session_transaction() as sess:
        assert "planted" not in sess


def test_api_token_authenticates_and_only_its_hash_is_stored(
    client: FlaskClient, db: Session, make_user: Callable[..., User]
) -> None:
    user = make_user("editor")
    token = users.create_token(db, None, user, "ci")
    db.commit()
    assert db.scalar(select(ApiToken.token_hash)) != token
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and response.json == {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": "editor",
    }
    assert client.get("/api/v1/me", headers={"Authorization": "Bearer fct_wrong"}).status_code == 401
    assert client.get("/api/v1/me").json == {
        "error": {"code": "unauthorized", "message": "Sign in, or send a valid API token."}
    }


def test_revoked_token_and_disabled_user_stop_working(
    client: FlaskClient, db: Session, make_user: Callable[..., User]
) -> None:
    user = make_user()
    first, second = users.create_token(db, None, user), users.create_token(db, None, user)
    db.commit()
    row = db.scalars(select(ApiToken).order_by(ApiToken.id)).first()
    assert row is not None
    users.revoke_token(db, None, row.id)
    db.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {first}"}).status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 200
    users.set_active(db, None, user, False)
    db.commit()
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {second}"}).status_code == 401
