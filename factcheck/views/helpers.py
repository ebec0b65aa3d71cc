"""Small helpers shared by the blueprints: template globals, loading-or-404, access checks, form refusals."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

from flask import abort
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.routing import IntegerConverter, Map

from factcheck.extensions import db
from factcheck.services.errors import DomainError

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])


def template_globals() -> dict[str, Any]:
    from factcheck.rating_icons import svg
    from factcheck.views.field_cache import field_html
    from factcheck.views.id_urls import id_url
    from factcheck.views.row_html import article_rows, queue_rows, score_bar, status_badge

    return {
        "site_name": _site_name,
        "rating_icon": svg,
        "id_url": id_url,
        "field_html": field_html,
        "status_badge_html": status_badge,
        "score_bar_html": score_bar,
        "article_rows": article_rows,
        "queue_rows": queue_rows,
    }


def _site_name() -> str:
    from flask import current_app

    return str(current_app.config["ORGANISATION_NAME"])


def get_or_404(model: type[T], ident: int) -> T:
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


# Who may pass each predicate `require` is used with, for the 403 page ("This page is for editors and admins").
ROLE_NEEDED = {
    "can_view_work": "reviewers, editors and admins",
    "can_import_article": "reviewers, editors and admins",
    "can_edit_events": "reviewers, editors and admins",
    "can_publish_article": "editors and admins",
    "can_view_reports": "editors and admins",
    "can_approve_verdict": "editors and admins",
    "can_manage_users": "admins",
    "can_manage_settings": "admins",
    "can_manage_webhooks": "admins",
    "can_view_link_checks": "editors and admins",
    "can_manage_feeds": "admins",
    "can_view_monitor": "reviewers, editors and admins",
}


def forbidden_message(predicate: Callable[..., bool]) -> str:
    who = ROLE_NEEDED.get(getattr(predicate, "__name__", ""))
    if who is None:
        return "Your account is not allowed to do this."
    role = getattr(current_user, "role", "")
    return (
        f"This is for {who}; your account's role is {role}. "
        "Ask an admin of the desk to change your role if you need it."
    )


def require(predicate: Callable[..., bool]) -> Callable[[F], F]:
    """Refuse a view unless predicate(current_user) holds: 401 via the login page when anonymous, else 403
    naming the roles that may."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                from factcheck.extensions import login_manager

                return login_manager.unauthorized()
            if not predicate(current_user):
                abort(403, description=forbidden_message(predicate))
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def refuse(form: FlaskForm, exc: DomainError, field: str) -> int:
    """A service refused what the form asked: roll back, put the reason next to the field the error names (else
    `field`), and return the status to show the form again with (its input kept)."""
    db.session.rollback()
    named = next(iter(exc.fields), field)
    target = form[named] if named in form else form[field]
    target.errors = [*target.errors, exc.message]
    return exc.status


class IdConverter(IntegerConverter):
    """`<int:...>` in routes: ids fit the database's 32-bit integer columns; bigger numbers match no route (404)."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def local_path(target: str | None) -> str | None:
    """`target` if it is a path on this site (never another host: no "//evil", no "https://..."), else None."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")) and not urlsplit(target).netloc:
        return target
    return None
