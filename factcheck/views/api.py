"""JSON API v1: bearer-token authentication only (no cookies, so no CSRF)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, g, request

from factcheck.auth import bearer_user
from factcheck.extensions import csrf
from factcheck.models import User

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

F = TypeVar("F", bound=Callable[..., Any])


def token_required(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user = bearer_user(request)
        if user is None:
            abort(401)
        g.api_user = user
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def api_user() -> User:
    user: User = g.api_user
    return user


@bp.get("/me")
@token_required
def me() -> dict[str, Any]:
    user = api_user()
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role}
