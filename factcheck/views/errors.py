"""Error pages that answer HTML or JSON by the Accept header (and always JSON under /api/)."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import Forbidden, HTTPException, InternalServerError

from factcheck import database
from factcheck.extensions import db
from factcheck.services.errors import DomainError
from factcheck.views.retry import RETRY_AFTER_S, SAFE_METHODS, DatabaseBusy, DatabaseUnavailable

log = logging.getLogger(__name__)

TITLES = {
    400: "Bad request",
    401: "Sign-in needed",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    409: "Changed by someone else",
    413: "Too large",
    422: "Invalid input",
    429: "Too many requests",
    500: "Something went wrong",
    503: "Busy, try again",
}


def wants_json() -> bool:
    """JSON under /api/, when the Accept header prefers it, and for a JSON request body unless HTML is preferred."""
    if request.path.startswith("/api/"):
        return True
    accept = request.accept_mimetypes
    if request.is_json:
        return accept["application/json"] >= accept["text/html"]
    best = accept.best_match(["text/html", "application/json"])
    return best == "application/json" and accept[best] > accept["text/html"]


def error_response(
    status: int, code: str, message: str, fields: dict[str, str] | None = None
) -> tuple[Response | str, int]:
    if wants_json():
        body: dict[str, object] = {"code": code, "message": message}
        if fields:
            body["fields"] = fields
        return jsonify(error=body), status
    title = TITLES.get(status, "Error")
    return render_template("errors/error.html", status=status, title=title, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> tuple[Response | str, int]:
        return error_response(
            400, "csrf", "The form expired or was not sent from this site. Reload the page and try again."
        )

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> tuple[Response | str, int]:
        database.discard(db.session())
        return error_response(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(DatabaseBusy)
    def busy(exc: DatabaseBusy) -> tuple[Response | str, int, dict[str, str]]:
        database.discard(db.session())
        body, status = error_response(exc.status, exc.code, exc.message)
        return body, status, {"Retry-After": str(RETRY_AFTER_S)}

    @app.errorhandler(DatabaseUnavailable)
    def unavailable(exc: DatabaseUnavailable) -> tuple[Response | str, int, dict[str, str]]:
        if database.discard(db.session()) is not None:
            log.warning("rollback failed: the database cannot be reached")
        body, status = error_response(exc.status, exc.code, exc.message)
        return body, status, {"Retry-After": str(RETRY_AFTER_S)}

    @app.errorhandler(DBAPIError)
    def database_error(exc: DBAPIError) -> tuple[Response | str, int, dict[str, str]]:
        """A transient error outside a view (views retry their own), or a database that cannot be reached: 503.
        Any other is unhandled (a 500)."""
        gone = database.unavailable_reason(exc)
        if gone is not None:
            log.warning("database unavailable (%s) on %s %s", gone, request.method, request.path)
            return unavailable(DatabaseUnavailable(gone, write=request.method not in SAFE_METHODS))
        reason = database.transient_reason(exc)
        if reason is None:
            raise exc
        log.warning("%s on %s %s outside a view", reason, request.method, request.path)
        return busy(DatabaseBusy(reason))

    @app.errorhandler(StaleDataError)
    def stale(exc: StaleDataError) -> tuple[Response | str, int]:
        database.discard(db.session())
        return error_response(
            409,
            "conflict",
            "Someone else changed this at the same moment; nothing of yours was "
            "saved. Reload and apply your change again.",
        )

    @app.errorhandler(IntegrityError)
    def integrity(exc: IntegrityError) -> tuple[Response | str, int]:
        database.discard(db.session())
        log.warning("integrity error on %s %s: %s", request.method, request.path, exc.orig)
        return error_response(
            409,
            "conflict",
            "This conflicts with something saved at the same moment (a duplicate "
            "or a change made elsewhere). Nothing was saved; reload and try again.",
        )

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> tuple[Response | str, int] | HTTPException:
        if exc.code is None or exc.code < 400:
            return exc
        code = (exc.name or "error").lower().replace(" ", "_")
        messages = {
            404: "There is nothing at this address.",
            403: "Your account is not allowed to do this.",
            413: "The upload is larger than this site accepts.",
            401: "Sign in, or send a valid API token.",
        }
        if exc.code == 403 and exc.description and exc.description != Forbidden.description:
            messages[403] = exc.description  # names the roles that may (views/helpers.py `require`)
        message = messages.get(exc.code) or (exc.description or TITLES.get(exc.code, "Error"))
        response = error_response(exc.code, code, message)
        return response

    @app.errorhandler(InternalServerError)
    def server_error(exc: InternalServerError) -> tuple[Response | str, int]:
        log.exception("unhandled error on %s %s", request.method, request.path)
        database.discard(db.session())
        return error_response(
            500, "internal", "Something went wrong on our side. Nothing you sent was lost; please try again."
        )
