"""Runs the W3C Web Annotation MUST assertions (a copy of web-platform-tests' annotation-model suite kept in
../shared/eval, never in the project) against a document with jsonschema, resolving $refs by schema ids."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SUITE = Path(__file__).resolve().parents[3] / "shared" / "eval" / "w3c-annotation-model"
MUST_TESTS = {
    "annotation": "annotations/annotationMusts.test",
    "collection": "collections/collectionMusts.test",
    "page": "collections/pages/pageMusts.test",
}
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")

formats = FormatChecker()


@formats.checks("uri")
def _uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return bool(parts.scheme) and " " not in value


@formats.checks("date-time")
def _date_time(value: object) -> bool:
    return not isinstance(value, str) or _DATE_TIME.match(value) is not None


def _registry() -> Registry:
    resources = []
    for path in SUITE.rglob("*.json"):
        if "tools" in path.parts:
            continue
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents.get("id", path.name), Resource(contents, DRAFT4)))
    return Registry().with_resources(resources)


def failures(kind: str, doc: Any) -> list[str]:
    """Each MUST assertion of the given test ("annotation", "collection", "page") the document fails."""
    registry = _registry()
    test = json.loads((SUITE / MUST_TESTS[kind]).read_text(encoding="utf-8"))
    out = []
    for name in test["assertions"]:
        schema = json.loads((SUITE / name).read_text(encoding="utf-8"))
        if schema.get("assertionType", "must") != "must":
            continue
        validator = Draft4Validator(schema, registry=registry, format_checker=formats)
        valid = validator.is_valid(doc)
        if valid != (schema.get("expectedResult", "valid") == "valid"):
            out.append(f"{name}: {schema.get('errorMessage', schema.get('title'))}")
    return out
