"""No import cycles inside factcheck/: every module's import statements, wherever they stand (inside functions,
under `if TYPE_CHECKING:`), make a graph of modules (a package's `__init__` is the module named like the
package); any strongly connected component of two or more modules is a cycle.

What counts as an import of what:
- `import a.b.c` and `from a.b.c import name` import `a.b.c` only. Python also runs `a/__init__` and
  `a/b/__init__` first, but those implicit edges are not counted: that is what lets a package `__init__` import
  its own submodules (a facade that re-exports them) without closing a cycle with each of them.
- `from pkg import x` imports `pkg` (the statement runs `pkg/__init__` and reads `x` off it) and also `pkg.x` when
  that is a module. So a module that imports a sibling *via its own package* closes a cycle through the package's
  `__init__` when the `__init__` imports it (this is how the claims cycle was found: claims/__init__ -> extract ->
  features -> `from factcheck.claims import lexicon`).
- Relative imports are resolved against the importing module's package.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from factcheck.config import PROJECT_ROOT


@dataclass
class ImportGraph:
    root: Path  # the folder holding the package (paths are shown relative to it)
    edges: dict[str, dict[str, int]] = field(default_factory=dict)  # module -> imported module -> first line
    packages: set[str] = field(default_factory=set)  # modules that are a package's __init__
    paths: dict[str, Path] = field(default_factory=dict)


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool, known: set[str]) -> list[str]:
    """The modules of `known` one import statement names (relative imports resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in known]
    base = node.module or ""
    if node.level:
        package = module if is_package else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{base}" if base else package
    found = [base] if base in known else []
    return found + [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]


def build_graph(root: Path) -> ImportGraph:
    """The import graph of the package at `root` (a folder with an __init__.py)."""
    graph = ImportGraph(root.parent)
    for path in sorted(root.rglob("*.py")):
        name = _module_name(path, root)
        graph.paths[name] = path
        graph.edges[name] = {}
        if path.name == "__init__.py":
            graph.packages.add(name)
    known = set(graph.edges)
    for name, path in graph.paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for target in _imported(node, name, name in graph.packages, known):
                    if target != name:
                        graph.edges[name].setdefault(target, node.lineno)
    return graph


def strongly_connected(nodes: Iterable[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative (no recursion limit): the components, each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for start in sorted(nodes):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components


def find_cycles(graph: ImportGraph) -> list[list[str]]:
    """The strongly connected components of two or more modules."""
    edges = {name: set(targets) for name, targets in graph.edges.items()}
    return [c for c in strongly_connected(graph.edges, edges) if len(c) > 1]


def describe(graph: ImportGraph, component: list[str]) -> str:
    """One cycle through the component, each step with the file and line of its import."""
    members = set(component)
    start = component[0]
    # Breadth-first search from start back to start, inside the component.
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue and start not in previous:
        node = queue.popleft()
        for target in sorted(graph.edges[node]):
            if target in members and target not in previous:
                previous[target] = node
                queue.append(target)
    path = [start]
    node = previous[start]
    while node != start:
        path.append(node)
        node = previous[node]
    path.append(start)
    path.reverse()
    steps = [
        f"  {a} ({graph.paths[a].relative_to(graph.root)}:{graph.edges[a][b]}) imports {b}" for a, b in pairwise(path)
    ]
    return f"cycle among {', '.join(component)}:\n" + "\n".join(steps)


def test_no_import_cycles_in_factcheck() -> None:
    graph = build_graph(PROJECT_ROOT / "factcheck")
    assert len(graph.edges) > 50
    cycles = find_cycles(graph)
    report = "\n".join(describe(graph, c) for c in cycles)
    assert not cycles, "import cycles:\n" + report


# The checker itself, on small packages written for the test.


def _package(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_checker_finds_a_cycle_and_names_its_imports(tmp_path: Path) -> None:
    graph = build_graph(
        _package(
            tmp_path,
            {
                "pkg/__init__.py": "",
                "pkg/a.py": "from pkg.b import thing\n",
                "pkg/b.py": "def f():\n    from pkg import c\n",
                "pkg/c.py": "import pkg.a\n",
                "pkg/d.py": "import pkg.a\n",
            },
        )
    )
    cycles = find_cycles(graph)
    assert cycles == [["pkg.a", "pkg.b", "pkg.c"]]
    text = describe(graph, cycles[0])
    assert "pkg.a (pkg/a.py:1) imports pkg.b" in text
    assert "pkg.b (pkg/b.py:2) imports pkg.c" in text
    assert "pkg.c (pkg/c.py:1) imports pkg.a" in text


def test_checker_reads_type_checking_blocks_and_relative_imports(tmp_path: Path) -> None:
    graph = build_graph(
        _package(
            tmp_path,
            {
                "pkg/__init__.py": "",
                "pkg/sub/__init__.py": "",
                "pkg/sub/x.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..y import Y\n",
                "pkg/y.py": "from .sub import x\n",
            },
        )
    )
    assert graph.edges["pkg.sub.x"] == {"pkg.y": 3}
    assert graph.edges["pkg.y"] == {"pkg.sub": 1, "pkg.sub.x": 1}
    assert find_cycles(graph) == [["pkg.sub.x", "pkg.y"]]


def test_a_facade_init_is_no_cycle_but_importing_via_ones_own_package_is(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "from pkg import eng\n",
        "pkg/eng/__init__.py": "from pkg.eng.parts import Part\nfrom . import helpers\n",
        "pkg/eng/parts.py": "import pkg.eng.helpers\n",
        "pkg/eng/helpers.py": "from pkg.eng.lexicon import WORDS\n",
        "pkg/eng/lexicon.py": "WORDS = ()\n",
    }
    graph = build_graph(_package(tmp_path / "one", files))
    assert graph.edges["pkg.eng"] == {"pkg.eng.parts": 1, "pkg.eng.helpers": 2}
    assert find_cycles(graph) == []
    files["pkg/eng/helpers.py"] = "from pkg.eng import lexicon\n"  # the sibling, fetched through pkg/eng/__init__
    graph = build_graph(_package(tmp_path / "two", files))
    assert graph.edges["pkg.eng.helpers"] == {"pkg.eng": 1, "pkg.eng.lexicon": 1}
    assert find_cycles(graph) == [["pkg.eng", "pkg.eng.helpers", "pkg.eng.parts"]]
