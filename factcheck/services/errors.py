"""Domain errors; the web layer maps each to an HTTP status."""

from __future__ import annotations

import enum
from typing import TypeVar

E = TypeVar("E", bound=enum.StrEnum)


class DomainError(Exception):
    """Base class: a refusal with a message a user can read."""

    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class ValidationError(DomainError):
    status = 422
    code = "invalid"


class NotFound(DomainError):
    status = 404
    code = "not_found"


class PermissionDenied(DomainError):
    status = 403
    code = "forbidden"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class TooLarge(DomainError):
    status = 413
    code = "too_large"


def parse_choice(enum_class: type[E], value: E | str, message: str, field: str) -> E:
    """`value` as a member of `enum_class` (a form's string or already a member); ValidationError naming the field
    when it is neither."""
    try:
        return enum_class(value)
    except ValueError:
        raise ValidationError(message, fields={field: "unknown"}) from None
