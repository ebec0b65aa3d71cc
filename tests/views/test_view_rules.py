"""House rules for the views, read from their source: a commit is visible in the route function that makes it
(never in a helper), and no lambda is handed to a call as the operation to run."""

from __future__ import annotations

import ast
from pathlib import Path

from factcheck.config import PROJECT_ROOT

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
