"""Flask-Login wiring: session users and bearer-token users."""

from __future__ import annotations

from flask import Flask, Request

from factcheck.extensions import db, login_manager
from factcheck.ids import parse_id
from factcheck.models import User
from factcheck.services import logins, users


def register_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to open the workbench."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"
    # Registered by calls, not as decorators: Flask-Login is untyped, and its decorators would make these untyped.
    login_manager.user_loader(load_user)
    login_manager.request_loader(bearer_user)


def load_user(user_id: str) -> User | None:
    """The session's user. `user_id` is User.get_id(): "<id>:<sign-in token>"; a cookie without a token (from
    before sign-ins were kept on the server) or naming an ended sign-in loads nobody."""
    raw_id, _, token = user_id.partition(":")
    ident = parse_id(raw_id)
    if ident is None or not token:
        return None
    return logins.user_for(db.session(), ident, token)


def bearer_user(request: Request) -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return users.user_for_token(db.session(), token.strip())
