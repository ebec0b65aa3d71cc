"""API authentication and authorization: the bearer-token decorator, the token's user, 403 checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, g, request

from factcheck.auth import bearer_user
from factcheck.models import User
from factcheck.services.errors import PermissionDenied
from factcheck.views.api.idempotency import RACE_ERRORS, begin, replay_if_answered
from factcheck.views.helpers import get_or_404

F = TypeVar("F", bound=Callable[..., Any])


def token_required(view: F) -> F:
    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user = bearer_user(request)
        if user is None:
            abort(401)
        g.api_user = user
        replay = begin(user)  # a write whose Idempotency-Key was already answered: that answer
        if replay is not None:
            return replay
        try:
            return view(*args, **kwargs)
        except RACE_ERRORS:
            # A retry racing its first attempt collides with that attempt's write (a unique row, a claim's
            # version) once it commits: answer as it did rather than 409.
            replay = replay_if_answered()
            if replay is not None:
                return replay
            raise

    return wrapper  # type: ignore[return-value]


def api_user() -> User:
    user: User = g.api_user
    return user


def allow(predicate: Callable[..., bool], *args: Any) -> None:
    """403 unless predicate(api user, *args) holds."""
    if not predicate(api_user(), *args):
        raise PermissionDenied("Your account is not allowed to do this.")


load = get_or_404  # routes load by primary key, 404 when absent
