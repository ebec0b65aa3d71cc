"""Request bodies of the JSON API: one declaration per endpoint, used to validate input and to write OpenAPI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import request

from factcheck.ids import MAX_ID, parse_id
from factcheck.services.errors import DomainError, ValidationError


class BadRequest(DomainError):
    status = 400
    code = "bad_request"


@dataclass(frozen=True)
class Field:
    kind: str  # string | integer | date | boolean
    required: bool = False
    max_length: int | None = None
    enum: tuple[str, ...] | None = None
    minimum: int | None = None
    description: str = ""
    nullable: bool = False

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": "string" if self.kind == "date" else self.kind}
        if self.kind == "date":
            out["format"] = "date"
        if self.max_length is not None:
            out["maxLength"] = self.max_length
        if self.enum is not None:
            out["enum"] = list(self.enum)
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.kind == "integer":
            out["maximum"] = MAX_ID
        if self.description:
            out["description"] = self.description
        if self.nullable:
            out["nullable"] = True
        return out


Spec = dict[str, Field]


def _convert(name: str, field: Field, value: Any) -> Any:
    if value is None:
        if field.nullable or not field.required:
            return None
        raise ValidationError(f"{name} may not be null.", fields={name: "null"})
    if field.kind == "string":
        if not isinstance(value, str):
            raise ValidationError(f"{name} must be a string.", fields={name: "not a string"})
        if field.max_length is not None and len(value) > field.max_length:
            raise ValidationError(f"{name} is longer than {field.max_length:,} characters.", fields={name: "too long"})
        if field.enum is not None and value not in field.enum:
            raise ValidationError(f"{name} must be one of {', '.join(field.enum)}.", fields={name: "not allowed"})
        return value
    if field.kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValidationError(f"{name} must be an integer.", fields={name: "not an integer"})
        if field.minimum is not None and value < field.minimum:
            raise ValidationError(f"{name} must be at least {field.minimum}.", fields={name: "too small"})
        if abs(value) > MAX_ID:
            raise ValidationError(f"{name} is out of range.", fields={name: "out of range"})
        return value
    if field.kind == "boolean":
        if not isinstance(value, bool):
            raise ValidationError(f"{name} must be true or false.", fields={name: "not a boolean"})
        return value
    if field.kind == "date":
        if isinstance(value, str) and len(value) == 10:
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        raise ValidationError(f"{name} must be a date written YYYY-MM-DD.", fields={name: "not a date"})
    raise AssertionError(field.kind)


def json_body(spec: Spec) -> dict[str, Any]:
    """The request's JSON object checked against `spec`: 400 if it is not a JSON object, 422 naming bad fields."""
    if not request.is_json:
        raise BadRequest("Send a JSON object with Content-Type: application/json.")
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise BadRequest("The request body is not a JSON object.")
    unknown = sorted(set(payload) - set(spec))
    if unknown:
        shown = [repr(k[:40]) for k in unknown[:10]] + (
            [f"and {len(unknown) - 10:,} more"] if len(unknown) > 10 else []
        )
        raise ValidationError(
            f"Unknown field(s): {', '.join(shown)}.", fields={k[:200]: "unknown" for k in unknown[:100]}
        )
    out: dict[str, Any] = {}
    for name, field in spec.items():
        if name not in payload:
            if field.required:
                raise ValidationError(f"{name} is required.", fields={name: "missing"})
            continue
        out[name] = _convert(name, field, payload[name])
    return out


def query_int(name: str, *, minimum: int = 0, maximum: int | None = None, default: int | None = None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    value = parse_id(raw)
    if value is None:
        raise ValidationError(
            f"The query parameter {name} must be a whole number up to {MAX_ID}.", fields={name: "not a number"}
        )
    maximum = maximum if maximum is not None else MAX_ID
    if value < minimum or value > maximum:
        raise ValidationError(
            f"The query parameter {name} must be between {minimum} and {maximum}.", fields={name: "out of range"}
        )
    return value


def request_schema(spec: Spec) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {name: field.schema() for name, field in spec.items()},
        "required": [name for name, field in spec.items() if field.required],
    }
