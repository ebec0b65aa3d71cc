"""The one place where a request's input is decoded and checked, before any view, form or query sees it.

Every request, on every route (``/healthz`` included), passes :func:`decode_request`:

* the path, every query-string key and value, every form field name and value, every multipart field name and
  upload file name, and every key and string of a JSON body are refused (400) if they hold a NUL character
  (PostgreSQL cannot store it in text) or a lone surrogate (``"\\ud800"`` escapes: not text at all);
* a JSON body (``application/json`` or ``+json``) is parsed once, here, by :class:`EdgeRequest`: strictly UTF-8,
  nesting checked on the raw text before ``json.loads`` runs (so depth is a 400, never a ``RecursionError``),
  no ``NaN``/``Infinity`` or numbers beyond a float; ``request.get_json()`` then returns the stored document.
  Anything wrong is a 400 that names the problem; an empty body is no document (``None``);
* on a browser form route (anything outside ``/api/``) a JSON body stands for form data, as Flask-WTF reads it:
  it must be an object whose values are text, numbers or lists of those, and it becomes ``request.form`` with
  text values only (numbers in their JSON spelling). A boolean, null, object or nested list where text is
  expected is a 422 naming the field; a body that is not an object is a 400. The API keeps the parsed document
  and its own validator (views/api/schema.py) answers wrong types with a 422 naming the field.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from flask import Flask, Request, request
from werkzeug.datastructures import ImmutableMultiDict

from factcheck.services.errors import DomainError, ValidationError

MAX_JSON_DEPTH = 32  # no request body of this application nests deeper than 2
_BAD_CHAR = re.compile("[\x00\ud800-\udfff]")
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)


class BadInput(DomainError):
    status = 400
    code = "bad_input"


class BadJSON(ValueError):
    """A JSON body that cannot be used; the message says why, for the client."""


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit`, judged on the raw text (brackets inside
    strings do not count) without building anything, so no parser recursion is ever at stake."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for ch in re.sub(r"[^\[\]{}]+", "", _STRING.sub('""', text)):
        depth += 1 if ch in "[{" else -1
        if depth > limit:
            return True
    return False


def _finite(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise BadJSON(f"The JSON body holds a number too large for this service ({literal[:40]}).")
    return value


def _no_constant(name: str) -> Any:
    raise BadJSON(f"The JSON body holds {name}, which is not JSON.")


def parse_json(data: bytes | str) -> Any:
    """A request body as a JSON document, strictly: UTF-8, at most MAX_JSON_DEPTH levels, finite numbers. An
    empty (or all white space) body is None."""
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadJSON(
                f"The JSON body is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})."
            ) from None
    else:
        text = data
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return None
    if json_depth_exceeds(text):
        raise BadJSON(f"The JSON body nests deeper than {MAX_JSON_DEPTH} levels.")
    try:
        return json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except BadJSON:
        raise
    except json.JSONDecodeError as exc:
        raise BadJSON(f"The JSON body is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno}).") from None
    except (ValueError, RecursionError) as exc:  # an integer of thousands of digits, say
        raise BadJSON(f"The JSON body cannot be read: {exc}.") from None


class _StrictJSON:
    """What EdgeRequest parses bodies with (werkzeug calls `json_module.loads` once and caches the result)."""

    @staticmethod
    def loads(data: bytes | str, **_kw: Any) -> Any:
        return parse_json(data)

    @staticmethod
    def dumps(obj: Any, **kw: Any) -> str:
        return json.dumps(obj, **kw)


class EdgeRequest(Request):
    @property
    def json_module(self) -> Any:
        return _StrictJSON

    @json_module.setter
    def json_module(self, _provider: Any) -> None:
        """Flask hands every request the app's JSON provider; request bodies keep the strict parser."""

    def on_json_loading_failed(self, e: ValueError | None) -> Any:
        if isinstance(e, BadJSON):
            raise BadInput(str(e))
        return super().on_json_loading_failed(e)

    def use_as_form(self, form: ImmutableMultiDict[str, str]) -> None:
        """Make `form` this request's form data (the body was JSON; its stream is already read and cached)."""
        self._load_form_data()
        self.__dict__["form"] = form


def _where(kind: str, name: object) -> str:
    shown = str(name)
    return f"{kind} {shown[:40]!r}" if shown else kind


def _refuse_char(found: str, where: str) -> None:
    if found == "\x00":
        raise BadInput(f"Text may not contain NUL characters (\\0): found in {where}.")
    raise BadInput(
        f"The text in {where} holds a lone surrogate (U+{ord(found):04X}), which is not a character: "
        "send complete UTF-8 text."
    )


def _check(value: object, where: str) -> None:
    if isinstance(value, str) and (match := _BAD_CHAR.search(value)):
        _refuse_char(match.group(), where)


def check_document(document: Any) -> None:
    """Refuse NUL or lone surrogates in any key or string of a parsed JSON document (walked without recursion)."""
    stack: list[tuple[Any, str]] = [(document, "the JSON body")]
    while stack:
        value, where = stack.pop()
        if isinstance(value, str):
            _check(value, where)
        elif isinstance(value, dict):
            for key, item in value.items():
                _check(key, _where("the JSON key", key))
                stack.append((item, _where("the JSON field", key)))
        elif isinstance(value, list):
            stack.extend((item, where) for item in value)


def json_kind(value: object) -> str:
    """What a parsed JSON value is, in JSON's own words."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    kinds: dict[type, str] = {str: "a string", list: "a list", dict: "an object"}
    return kinds.get(type(value), type(value).__name__)


def _form_text(name: str, value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return json.dumps(value)
    kind = json_kind(value)
    raise ValidationError(
        f"The form field {name[:40]!r} must be text (a JSON string or number), not {kind}.",
        fields={name[:200]: f"not text ({kind})"},
    )


def form_from_json(document: Any) -> ImmutableMultiDict[str, str]:
    """A JSON body sent to a browser form, as the text-only form data a browser would have sent."""
    if not isinstance(document, dict):
        raise BadInput(
            f"A JSON body sent to a form must be an object of field names and values, not {json_kind(document)}."
        )
    pairs: list[tuple[str, str]] = []
    for name, value in document.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append((name, _form_text(name, item)))
    return ImmutableMultiDict(pairs)


def decode_request() -> None:
    """The before-request step: every piece of text a request carries is checked, a JSON body parsed once."""
    _check(request.path, "the address")
    for key, value in request.args.items(multi=True):
        _check(key, _where("the query parameter", key))
        _check(value, _where("the query parameter", key))
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in request.form.items(multi=True):
            _check(key, _where("the form field", key))
            _check(value, _where("the form field", key))
        for key, upload in request.files.items(multi=True):
            _check(key, _where("the form field", key))
            _check(upload.filename or "", _where("the name of the uploaded file", upload.filename))
    elif request.is_json:
        document = request.get_json()  # parsed here, once; views get the cached document
        check_document(document)
        if not request.path.startswith("/api/") and document is not None:
            assert isinstance(request, EdgeRequest)
            request.use_as_form(form_from_json(document))


def register(app: Flask) -> None:
    """Install the decoding layer first, so that nothing (CSRF, rate limits, views) reads input before it."""
    app.request_class = EdgeRequest
    app.before_request_funcs.setdefault(None, []).insert(0, decode_request)
