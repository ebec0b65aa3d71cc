"""The Idempotency-Key header of API writes (services/idempotency.py keeps the answers).

`token_required` calls `begin` before a POST, PUT, PATCH or DELETE runs: a key already answered replays that
answer (with `Idempotent-Replayed: true`) and the view never runs. The write views end with `response =
answer(payload, status)`, which records the answer in the transaction of the write, then commit both, so a
crash between the commit and the reply still leaves the key answered. Failed requests (4xx, 5xx) wrote
nothing and are not recorded: retrying them runs them again.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from flask import Response, current_app, g, json, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from factcheck.extensions import db
from factcheck.models import User
from factcheck.services import idempotency
from factcheck.services.errors import Conflict, ValidationError

HEADER = "Idempotency-Key"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
KEY = re.compile(r"[!-~]{1,255}")  # 1 to 255 printable ASCII characters, no spaces (a UUID fits)
KEPT_HEADERS = ("Content-Type", "Location")
# What a write racing an earlier attempt with the same key fails with when that attempt commits first.
RACE_ERRORS = (IntegrityError, StaleDataError, Conflict)

log = logging.getLogger(__name__)


def begin(user: User) -> Response | None:
    """Before a write: None to run it (remembering the key, if any), or the answer already given to the key."""
    raw = request.headers.get(HEADER)
    if request.method not in WRITES or raw is None:
        return None
    if not KEY.fullmatch(raw):
        raise ValidationError(
            f"{HEADER} must be 1 to 255 printable ASCII characters without spaces (a UUID, say).",
            fields={HEADER: "invalid"},
        )
    fp = idempotency.Fingerprint.of(user.id, raw, request.method, request.path, request.get_data())
    answer = idempotency.stored_answer(db.session(), fp)
    if answer is not None:
        return _replay(answer)
    g.idempotency = fp
    return None


def _replay(answer: idempotency.Answer) -> Response:
    response = Response(answer.body, status=answer.status, headers=answer.headers)
    response.headers["Idempotent-Replayed"] = "true"
    return response


def answer(payload: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """The answer to the request's write; with an Idempotency-Key, recorded in the write's transaction, which
    the route commits next. If a concurrent request with the same key recorded first, this one's write is
    rolled back here and that one's answer is returned."""
    response = current_app.response_class(
        json.dumps(payload), status=status, mimetype="application/json", headers=headers
    )
    fp: idempotency.Fingerprint | None = g.pop("idempotency", None)
    if fp is not None:
        stored = idempotency.Answer(status, response.get_data(as_text=True), _kept(response))
        try:
            idempotency.record(db.session(), fp, stored)
        except IntegrityError:
            return _lost_race(fp)
    return response


def _kept(response: Response) -> dict[str, str]:
    return {name: response.headers[name] for name in KEPT_HEADERS if name in response.headers}


def replay_if_answered() -> Response | None:
    """After a write with a key failed on a conflict: the answer the same key got meanwhile, if any (this
    request's write rolled back), else None."""
    fp: idempotency.Fingerprint | None = g.get("idempotency")
    if fp is None:
        return None
    db.session.rollback()
    stored = idempotency.stored_answer(db.session(), fp)
    if stored is None:
        return None
    g.pop("idempotency", None)
    return _replay(stored)


def _lost_race(fp: idempotency.Fingerprint) -> Response:
    """A concurrent request with the same key committed first: drop this one's write, answer as it did."""
    db.session.rollback()
    answer = idempotency.stored_answer(db.session(), fp)
    if answer is None:
        raise Conflict(f"A request with this {HEADER} is in progress: retry in a moment.", fields={HEADER: "busy"})
    return _replay(answer)


def check_recorded(response: Response) -> Response:
    """After a write with a key: a 2xx that did not go through `answer` would replay nothing; say so."""
    if g.get("idempotency") is not None and response.status_code < 300:
        message = f"{request.method} {request.path} answered {response.status_code} without recording its {HEADER}"
        log.error(message)
        if current_app.testing:
            raise AssertionError(message)
    return response
