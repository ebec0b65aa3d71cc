"""The lock files: requirements.lock pins, by hash, every dependency pyproject.toml declares (with the dev and
postgres extras) at a version pyproject allows, and this environment runs exactly those versions;
requirements-nodeps.lock pins each of its packages by hash. A dependency added to pyproject.toml without
`make lock` fails here, before a fresh clone's `make test` fails on an import."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from factcheck.config import PROJECT_ROOT

LOCK = PROJECT_ROOT / "requirements.lock"
NODEPS_LOCK = PROJECT_ROOT / "requirements-nodeps.lock"


def _entries(path: Path) -> list[tuple[Requirement, list[str]]]:
    """(requirement, its --hash options) for each requirement in a pip requirements file."""
    entries: list[tuple[Requirement, list[str]]] = []
    for logical in path.read_text(encoding="utf-8").replace("\\\n", " ").splitlines():
        text = logical.split(" #", 1)[0].strip()
        if not text or text.startswith("#"):
            continue
        spec, *options = (part.strip() for part in text.split(" --"))
        hashes = [o.split("=", 1)[1] for o in options if o.startswith("hash=")]
        entries.append((Requirement(spec), hashes))
    return entries


def _pins(path: Path) -> dict[str, str]:
    pins: dict[str, str] = {}
    for req, hashes in _entries(path):
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"{path.name}: {req} is not pinned with =="
        assert hashes and all(h.startswith("sha256:") for h in hashes), f"{path.name}: {req} has no sha256 hash"
        pins[canonicalize_name(req.name)] = specs[0].version
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return [Requirement(r) for r in [*project["dependencies"], *extras.get("dev", []), *extras.get("postgres", [])]]


def test_every_declared_dependency_is_pinned_at_an_allowed_version() -> None:
    pins = _pins(LOCK)
    problems = []
    for req in _declared():
        if req.marker is not None and not req.marker.evaluate():
            continue
        name = canonicalize_name(req.name)
        if name not in pins:
            problems.append(f"{req}: not in requirements.lock")
        elif not req.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{req}: requirements.lock has {pins[name]}")
        for extra in sorted(req.extras):  # e.g. psycopg[binary] needs psycopg-binary pinned too
            for dep in map(Requirement, metadata.requires(req.name) or []):
                only_with_extra = dep.marker is not None and dep.marker.evaluate({"extra": extra})
                if only_with_extra and canonicalize_name(dep.name) not in pins:
                    problems.append(f"{req}: {dep.name} (for [{extra}]) not in requirements.lock")
    assert problems == [], "pyproject.toml changed without `make lock`:\n" + "\n".join(problems)


def test_this_environment_runs_the_locked_versions() -> None:
    wrong = []
    for name, version in _pins(LOCK).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "nothing"
        if installed != version:
            wrong.append(f"{name}: requirements.lock has {version}, installed {installed}")
    assert wrong == [], "run `make install` (it installs requirements.lock):\n" + "\n".join(wrong)


def test_nodeps_lock_pins_each_package_by_hash() -> None:
    if not NODEPS_LOCK.exists():
        pytest.skip("no requirements-nodeps.lock")
    pins = _pins(NODEPS_LOCK)  # asserts == and a sha256 hash on every entry
    assert not set(pins) & set(_pins(LOCK)), "a package is in both lock files"


def test_the_lock_reader_sees_what_pip_sees(tmp_path: Path) -> None:
    sample = tmp_path / "sample.lock"
    sample.write_text(
        "# header\nalpha==1.0 \\\n    --hash=sha256:aa \\\n    --hash=sha256:bb\n    # via beta\n"
        "gamma==2.1 ; python_version >= '3' --hash=sha256:cc\n\nloose>=1\n",
        encoding="utf-8",
    )
    entries = _entries(sample)
    assert [(str(r.specifier), h) for r, h in entries[:1]] == [("==1.0", ["sha256:aa", "sha256:bb"])]
    assert [r.name for r, _ in entries] == ["alpha", "gamma", "loose"] and entries[1][1] == ["sha256:cc"]
    with pytest.raises(AssertionError, match="loose>=1 is not pinned"):
        _pins(sample)
