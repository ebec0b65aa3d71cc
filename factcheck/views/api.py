"""JSON API v1: bearer-token authentication only (no cookies, so no CSRF). Routes live in api_*.py modules."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Blueprint, abort, g, request

from factcheck.auth import bearer_user
from factcheck.extensions import csrf
from factcheck.models import User
from factcheck.services.errors import PermissionDenied
from factcheck.views.helpers import get_or_404

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


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


def allow(predicate: Callable[..., bool], *args: Any) -> None:
    """403 unless predicate(api user, *args) holds."""
    if not predicate(api_user(), *args):
        raise PermissionDenied("Your account is not allowed to do this.")


load = get_or_404  # routes load by primary key, 404 when absent


@bp.get("/me")
@token_required
def me() -> dict[str, Any]:
    user = api_user()
    return {"id": user.id, "email": user.email, "name": user.name, "role": user.role}


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    from factcheck.views.api_openapi import document

    return document()
