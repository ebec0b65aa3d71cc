"""House rules for the views, read from their source: a commit is visible in the route function that makes it
(never in a helper), and no lambda is handed to a call as the operation to run. And the one refusal helper."""

from __future__ import annotations

import ast
from pathlib import Path

from flask import Flask
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import StringField

from factcheck.config import PROJECT_ROOT
from factcheck.extensions import db as _db
from factcheck.models import User
from factcheck.services.errors import Conflict, ValidationError
from factcheck.views.helpers import refuse

ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "route"}


def _view_modules() -> list[Path]:
    return sorted((PROJECT_ROOT / "factcheck" / "views").rglob("*.py"))


def _is_route(function: ast.FunctionDef) -> bool:
    return any(
        isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and d.func.attr in ROUTE_DECORATORS
        for d in function.decorator_list
    )


def _commits(node: ast.AST) -> bool:
    calls = (n for n in ast.walk(node) if isinstance(n, ast.Call))
    return any(isinstance(c.func, ast.Attribute) and c.func.attr == "commit" for c in calls)


def test_only_route_functions_commit() -> None:
    hidden = [
        f"{path.relative_to(PROJECT_ROOT)}:{node.lineno} {node.name}"
        for path in _view_modules()
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.FunctionDef) and _commits(node) and not _is_route(node)
    ]
    assert hidden == []
    assert len(_view_modules()) > 20


def test_no_lambda_is_passed_to_a_call() -> None:
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}"
        for path in _view_modules()
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Call)
        and any(isinstance(a, ast.Lambda) for a in [*node.args, *(k.value for k in node.keywords)])
    ]
    assert found == []


def test_the_rules_see_what_they_forbid(tmp_path: Path) -> None:
    source = (
        "def _done():\n    db.session.commit()\n\n"
        "@bp.post('/x')\ndef view():\n    guarded(claim, form, lambda: None)\n    db.session.commit()\n"
    )
    tree = ast.parse(source)
    functions = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    assert _commits(functions["_done"]) and not _is_route(functions["_done"]) and _is_route(functions["view"])
    assert any(isinstance(n, ast.Lambda) for n in ast.walk(functions["view"]))


class _NoteForm(FlaskForm):  # type: ignore[misc]
    title = StringField("Title")
    note = StringField("Note")


def test_refuse_rolls_back_and_puts_the_reason_on_the_named_field(app: Flask, db: Session) -> None:
    with app.test_request_context(method="POST", data={"title": "kept", "note": "also kept"}):
        _db.session.add(User(email="x@example.org", name="X", role="reviewer", password_hash="-"))
        _db.session.flush()
        form = _NoteForm(meta={"csrf": False})
        assert form.validate_on_submit()
        named = ValidationError("The title is taken.", fields={"title": "taken"})
        assert refuse(form, named, "note") == 422
        assert form.title.errors == ["The title is taken."] and not form.note.errors
        assert _db.session.scalar(select(User)) is None  # rolled back
        assert refuse(form, ValidationError("Nothing to publish."), "note") == 422
        assert form.note.errors == ["Nothing to publish."]
        elsewhere = ValidationError("Say why.", fields={"correction_note": "required"})
        refuse(form, elsewhere, "note")  # a field this form does not have: the default one
        assert form.note.errors == ["Nothing to publish.", "Say why."] and form.title.data == "kept"
        assert refuse(form, Conflict("Changed meanwhile."), "note") == 409
