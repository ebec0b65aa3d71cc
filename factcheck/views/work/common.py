"""Shared pieces of the workbench views: loading claims, version checks (`version_guard`) and the 409 page that
keeps the reviewer's input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import abort, render_template, request
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm.exc import StaleDataError

from factcheck.claims.anchoring import utf16_to_codepoint
from factcheck.extensions import db
from factcheck.models import Claim, utcnow
from factcheck.services import claim_page, claims
from factcheck.services.errors import Conflict, ValidationError
from factcheck.views.errors import error_response
from factcheck.views.helpers import get_or_404, local_path
from factcheck.views.work.blueprint import bp

SKIP_FIELDS = {"csrf_token", "version", "seen", "submit"}
EDITABLE_TYPES = {"TextAreaField", "StringField", "URLField"}


def now_iso() -> str:
    return utcnow().isoformat()


def parse_seen(value: str | None) -> dt.datetime | None:
    try:
        seen = dt.datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return seen if seen.tzinfo else seen.replace(tzinfo=dt.UTC)


def safe_next(default: str) -> str:
    return local_path(request.form.get("next") or request.args.get("next")) or default


def load_claim(claim_id: int, predicate: Callable[..., bool]) -> Claim:
    """404 if there is no such claim, 403 unless predicate(current_user, claim)."""
    claim = get_or_404(Claim, claim_id)
    if not predicate(current_user, claim):
        abort(403)
    return claim


def to_codepoints(text: str, *offsets: int) -> list[int]:
    """Browser offsets (UTF-16 units) to str indices; a bad offset is a 422, not a 500."""
    try:
        return [utf16_to_codepoint(text, n) for n in offsets]
    except ValueError as exc:
        raise ValidationError(
            f"The selection does not fit the article text: {exc}.", fields={"start": "out of range"}
        ) from exc


def invalid(form: FlaskForm) -> tuple[Any, int]:
    """A form that did not validate: 422 with every field's message."""
    fields = {name: "; ".join(str(e) for e in errors) for name, errors in form.errors.items()}
    message = " ".join(f"{name}: {text}." for name, text in fields.items()) or "The form is incomplete."
    return error_response(422, "invalid", message, fields)


def form_fields(form: FlaskForm) -> list[dict[str, Any]]:
    """The submitted values of a form, for the 409 page to show and send again."""
    fields: list[dict[str, Any]] = []
    for f in form:
        if f.name in SKIP_FIELDS:
            continue
        values = f.data if isinstance(f.data, list) else [f.data]
        labels = {str(c.value): str(c.label) for c in getattr(f, "choices", None) or []}
        for value in values:
            text = "" if value is None else str(value)
            fields.append(
                {
                    "name": f.name,
                    "label": str(f.label.text),
                    "value": text,
                    "display": labels.get(text, text),
                    "editable": type(f).__name__ in EDITABLE_TYPES,
                }
            )
    return fields


def conflict_page(
    claim_id: int, form: FlaskForm, *, message: str = "", fields: list[dict[str, Any]] | None = None
) -> tuple[str, int]:
    """409: who changed what and when since the page was shown, with the reviewer's input ready to re-apply."""
    db.session.rollback()
    fresh = get_or_404(Claim, claim_id)
    seen = parse_seen(request.form.get("seen"))
    events = claim_page.events_since(db.session(), fresh.id, seen)
    page = render_template(
        "work/conflict.html",
        claim=fresh,
        events=events,
        action=request.path,
        fields=form_fields(form) if fields is None else fields,
        version=fresh.version,
        seen=now_iso(),
        next=request.form.get("next", ""),
        message=message or "Someone changed this claim after your page was shown.",
    )
    return page, 409


class StaleVersion(Exception):
    """The claim changed after the form was shown (its version, or a concurrent writer): the 409 page."""

    def __init__(self, claim_id: int, form: FlaskForm) -> None:
        super().__init__(f"claim {claim_id} changed after the form was shown")
        self.claim_id, self.form = claim_id, form


@bp.errorhandler(StaleVersion)
def stale_version(exc: StaleVersion) -> tuple[str, int]:
    return conflict_page(exc.claim_id, exc.form)


@contextmanager
def version_guard(claim: Claim, form: FlaskForm) -> Iterator[None]:
    """Check the form's version before the block and flush after it; a stale version (ours, or a concurrent
    writer's at the flush) raises StaleVersion, which answers the 409 page."""
    claim_id = claim.id
    try:
        claims.check_version(claim, form.version.data)
        yield
        db.session.flush()
    except (Conflict, StaleDataError) as exc:
        raise StaleVersion(claim_id, form) from exc
