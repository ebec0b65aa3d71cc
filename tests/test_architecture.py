"""The domain (claims, services, models) never imports Flask, directly or through what it imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from factcheck.config import PROJECT_ROOT

DOMAIN = ("claims", "services", "models")


def _domain_files() -> list[Path]:
    return sorted(p for d in DOMAIN for p in (PROJECT_ROOT / "factcheck" / d).rglob("*.py"))


def _is_flask(name: str) -> bool:
    return name == "flask" or name.startswith(("flask.", "flask_"))


def test_domain_files_exist() -> None:
    assert len(_domain_files()) > 10


def test_no_domain_module_imports_flask_directly() -> None:
    offenders = []
    for path in _domain_files():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [f"{path.relative_to(PROJECT_ROOT)}: {n}" for n in names if _is_flask(n)]
    assert offenders == []


def test_importing_the_whole_domain_loads_no_flask() -> None:
    modules = [
        ".".join(p.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__") for p in _domain_files()
    ]
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "bad = sorted(m for m in sys.modules if m == 'flask' or m.startswith(('flask.', 'flask_')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    assert out.stdout.strip() == ""
