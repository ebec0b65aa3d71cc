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


# What each layer may import from factcheck (docs/architecture.md keeps the same table).
LAYERS: dict[str, set[str]] = {
    "claims": {"claims"},
    "models": {"models"},
    "services": {
        "services",
        "models",
        "claims",
        "database",
        "cpu",
        "policy",
        "fetch",
        "fetch_result",
        "netpolicy",
        "netguard",
        "extraction",
        "textin",
        "ids",
        "rendering",
    },
    "exports": {"exports", "services", "models", "claims"},
    "forms": {"forms", "models", "services", "claims", "ids"},
    "tasks": {
        "tasks",
        "services",
        "models",
        "claims",
        "exports",
        "database",
        "cpu",
        "netpolicy",
        "config",
        "extensions",
    },
}


def _imported_top_levels(path: Path) -> set[str]:
    """The first name under `factcheck.` of every import in the file (`from factcheck import x` gives x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("factcheck.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "factcheck":
                found |= {a.name for a in node.names}
            elif node.module.startswith("factcheck."):
                found.add(node.module.split(".")[1])
    return found


def test_each_layer_imports_only_what_the_architecture_allows() -> None:
    offenders = []
    for layer, allowed in LAYERS.items():
        for path in sorted((PROJECT_ROOT / "factcheck" / layer).rglob("*.py")):
            extra = _imported_top_levels(path) - allowed
            offenders += [f"{path.relative_to(PROJECT_ROOT)} imports factcheck.{name}" for name in sorted(extra)]
    assert offenders == []
