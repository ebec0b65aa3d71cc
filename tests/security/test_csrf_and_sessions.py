"""CSRF on every state-changing form, login rate limiting, cookie flags, production secrets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.config import ConfigError, load_config
from factcheck.models import AuditEvent, User
from tests.conftest import PASSWORD, get_csrf
from tests.support.scenes import make_newsroom
from tests.views.test_permissions import _args


def _form_routes(app: Flask) -> list[tuple[str, str, Any]]:
    out = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api") or rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) & {"POST", "PUT", "PATCH", "DELETE"}):
            out.append((rule.endpoint, method, rule))
    return out


def test_every_state_changing_form_refuses_a_missing_or_wrong_token(
    app: Flask, client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    make_newsroom(db)
    db.commit()
    login_as("admin")
    args = _args(db)
    routes = _form_routes(app)
    assert len(routes) >= 5
    before = db.scalar(select(func.count(AuditEvent.id)))
    accepted = []
    for endpoint, method, rule in routes:
        path = rule.build({k: args[k] for k in rule.arguments}, append_unknown=False)[1]
        for data in ({}, {"csrf_token": "forged-token"}):
            response = client.open(path, method=method, data=data)
            if response.status_code != 400 or b"form expired" not in response.data:
                accepted.append(f"{method} {path} ({endpoint}) with {data}: {response.status_code}")
    assert accepted == []
    db.expire_all()
    assert db.scalar(select(func.count(AuditEvent.id))) == before  # nothing was written


def test_login_is_rate_limited_with_a_friendly_message(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user()
    token = get_csrf(client)
    statuses = [
        client.post(
            "/login", data={"email": user.email, "password": "wrong-password-x", "csrf_token": token}
        ).status_code
        for _ in range(10)
    ]
    assert statuses == [401] * 10
    blocked = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    assert blocked.status_code == 429
    assert "Too many sign-in attempts" in blocked.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # reading the page is not limited


def test_session_cookie_flags(client: FlaskClient, make_user: Callable[..., User]) -> None:
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD, "csrf_token": get_csrf(client)})
    cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_cookies_are_secure_in_production(tmp_path: Any) -> None:
    cfg = load_config(
        env={"FACTCHECK_ENV": "production", "FACTCHECK_SECRET_KEY": "p" * 40, "FACTCHECK_INSTANCE_PATH": str(tmp_path)}
    )
    assert cfg["SESSION_COOKIE_SECURE"] is True and cfg["REMEMBER_COOKIE_SECURE"] is True


@pytest.mark.parametrize("secret", ["", "dev", "changeme", "secret-key", "x" * 31])
def test_production_refuses_weak_or_default_secrets(tmp_path: Any, secret: str) -> None:
    with pytest.raises(ConfigError):
        load_config(
            env={
                "FACTCHECK_ENV": "production",
                "FACTCHECK_SECRET_KEY": secret,
                "FACTCHECK_INSTANCE_PATH": str(tmp_path),
            }
        )


def test_behind_a_proxy_https_is_recognised(app_config: dict[str, Any]) -> None:
    from factcheck.factory import create_app

    proxied = create_app({**app_config, "PROXY_FIX": 1})

    @proxied.get("/scheme")
    def scheme() -> str:
        from flask import request

        return request.scheme

    client = proxied.test_client()
    assert client.get("/scheme", headers={"X-Forwarded-Proto": "https"}).get_data(as_text=True) == "https"
    assert create_app(app_config).test_client().get("/healthz").status_code == 200
