"""Flask-Login wiring: session users and bearer-token users."""

from __future__ import annotations

from flask import Flask, Request

from factcheck.extensions import db, login_manager
from factcheck.ids import parse_id
from factcheck.models import User
from factcheck.services import users


def register_login(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to open the workbench."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        ident = parse_id(user_id)
        if ident is None:
            return None
        user = db.session.get(User, ident)
        return user if user is not None and user.active else None

    @login_manager.request_loader
    def load_user_from_request(request: Request) -> User | None:
        return bearer_user(request)


def bearer_user(request: Request) -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return users.user_for_token(db.session(), token.strip())
