"""The audit chain's head in backups: a dump records it, a restore refuses a file whose audit trail was cut or
removed (checksum recomputed), and `flask audit verify --backup` checks the chain against a manifest."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent
from factcheck.services import backup, demo
from tests.conftest import empty_tables
from tests.services.test_backup import _count, _dump, _restore, _rewrite


@pytest.fixture()
def published(db: Session) -> Session:
    """The demo: users, an article, claims, verdicts, a publication (whose snapshot anchors the chain)."""
    demo.load_demo(db)
    db.commit()
    return db


def _head(db: Session) -> tuple[int, str, int]:
    rows = list(db.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id)))
    db.rollback()
    return rows[-1][0], rows[-1][1], len(rows)


def _drop_audit_rows(
    keep: Callable[[int, int], bool], *, manifest: str = "keep"
) -> Callable[[list[bytes]], list[bytes]]:
    """Remove audit rows (keep(index, total) says which stay) and fix the header's counts to match."""

    def change(lines: list[bytes]) -> list[bytes]:
        header = json.loads(lines[0])
        audit = [i for i, line in enumerate(lines[1:-1], start=1) if json.loads(line).get("t") == "audit_events"]
        dropped = {i for n, i in enumerate(audit) if not keep(n, len(audit))}
        for table in header["tables"]:
            if table["name"] == "audit_events":
                table["rows"] -= len(dropped)
        if manifest == "drop":
            header["audit_head"] = None
        trailer = json.loads(lines[-1])
        trailer["rows"] -= len(dropped)
        body = [line for i, line in enumerate(lines[1:-1], start=1) if i not in dropped]
        return [(json.dumps(header) + "\n").encode(), *body, (json.dumps(trailer) + "\n").encode()]

    return change


def test_the_manifest_records_the_chain_head(published: Session, tmp_path: Path) -> None:
    published.rollback()
    path = tmp_path / "b.gz"
    backup.dump_to_path(published, path)
    published.rollback()
    event_id, digest, count = _head(published)
    assert backup.read_header(path)["audit_head"] == {"id": event_id, "hash": digest, "count": count}


CUTS: dict[str, tuple[Callable[[list[bytes]], list[bytes]], str]] = {
    "audit table removed": (_drop_audit_rows(lambda n, total: False), "does not match its manifest"),
    "newest events cut": (_drop_audit_rows(lambda n, total: n < total - 3), "does not match its manifest"),
    "audit table and manifest head removed": (
        _drop_audit_rows(lambda n, total: False, manifest="drop"),
        "does not match its anchors",
    ),
    "manifest head deleted": (
        lambda lines: [
            (json.dumps({k: v for k, v in json.loads(lines[0]).items() if k != "audit_head"}) + "\n").encode(),
            *lines[1:],
        ],
        "records no audit chain head",
    ),
}


@pytest.mark.parametrize("case", list(CUTS))
def test_a_dump_whose_audit_trail_was_cut_is_refused(
    app: Flask, published: Session, runner: FlaskCliRunner, tmp_path: Path, case: str
) -> None:
    path = tmp_path / "b.gz"
    _dump(runner, path)
    empty_tables(app)
    change, message = CUTS[case]
    _rewrite(path, change, reseal=True)  # the checksum is recomputed: only the anchors can tell
    result = _restore(runner, path)
    assert result.exit_code == 1, result.output
    assert "Restore refused, nothing was changed" in result.output and message in result.output, result.output
    assert _count(published) == 0


def test_an_intact_dump_restores_and_verifies(
    app: Flask, published: Session, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "b.gz"
    _dump(runner, path)
    empty_tables(app)
    assert _restore(runner, path).exit_code == 0
    result = runner.invoke(args=["audit", "verify", "--backup", str(path)])
    assert result.exit_code == 0 and "intact" in result.output, result.output
    assert "anchor(s) checked" in result.output and " 0 anchor" not in result.output


def test_verify_against_a_backup_manifest_reports_truncation(
    published: Session, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "b.gz"
    _dump(runner, path)
    newest, _, _ = _head(published)
    published.execute(delete(AuditEvent).where(AuditEvent.id > newest - 2))  # the newest events, cut
    published.commit()
    result = runner.invoke(args=["audit", "verify", "--backup", str(path)])
    assert result.exit_code == 1
    assert f"truncated: backup manifest b.gz recorded event {newest} as the chain head" in result.output
