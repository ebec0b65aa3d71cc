"""Backup: dump and restore round-trip every table exactly (audit chain, timestamps, JSON, Unicode); a restore into
a non-empty database, or of a truncated, damaged, foreign or mismatched file, is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, Claim, Comment, User
from factcheck.services import articles, audit, audit_verify, backup, comments, demo, users
from tests.conftest import empty_tables
from tests.test_migrations import _script

UNICODE = 'Zoë said “½ of 𝔘nicode” — ✓ 🧾 \u200b日本語 \\ " \n tab\t'
EXTRA_COMMENTS = 1_100  # more than two streaming batches


def _snapshot(db: Session) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table; ends its read transaction so TRUNCATE on PostgreSQL is not blocked."""
    db.rollback()
    rows = {
        t.name: [tuple(r) for r in db.execute(select(t).order_by(*t.primary_key.columns))]
        for t in backup.backed_up_tables(db)
    }
    db.rollback()
    return rows


def _count(db: Session) -> int:
    db.rollback()
    total = sum(db.scalar(select(func.count()).select_from(t)) or 0 for t in backup.backed_up_tables(db))
    db.rollback()
    return total


@pytest.fixture()
def filled(db: Session) -> Session:
    """The demo (users, ratings, article, claims, sources, evidence, verdicts, a publication, audit events), plus
    a token, Unicode comments and audit data, nested JSON and many rows."""
    accounts = demo.load_demo(db)
    reviewer = db.scalar(select(User).where(User.email == accounts.reviewer[0]))
    assert reviewer is not None
    users.create_token(db, None, reviewer, "bulk ✓")
    claim = db.scalars(select(Claim).order_by(Claim.id)).first()
    assert claim is not None
    comments.add_comment(db, reviewer, claim, UNICODE)
    claim.dates = [{"text": UNICODE, "nested": {"n": [1, 2.5, None, True, -0.0]}, "ü": "1e308"}]
    claim.checkworthiness = 0.1 + 0.2  # a float that is not a short decimal
    audit.record(db, reviewer, "test.unicode", "claim", claim.id, {"text": UNICODE, "list": [1, {"a": None}]})
    db.commit()
    base = dt.datetime(2024, 2, 29, 23, 59, 59, 999_999, tzinfo=dt.UTC)
    db.execute(
        insert(Comment),
        [
            {
                "claim_id": claim.id,
                "author_id": reviewer.id,
                "body": f"{UNICODE} {i}",
                "created_at": base - dt.timedelta(seconds=i, microseconds=i),
            }
            for i in range(EXTRA_COMMENTS)
        ],
    )
    db.commit()
    return db


@pytest.fixture()
def small(db: Session, make_user: Callable[..., User]) -> Session:
    """Enough for the refusal cases: a user named in Unicode, an article with claims, their audit events."""
    user = make_user("reviewer", name="Zoë Ünicode")
    articles.import_text(
        db,
        user,
        title="Jobs",
        origin="paste",
        text="Officials said on Monday that 4,000 jobs were created in the region in 2023.",
    )
    db.commit()
    return db


def _dump(runner: FlaskCliRunner, path: Path) -> None:
    result = runner.invoke(args=["backup", "dump", str(path)])
    assert result.exit_code == 0, result.output
    assert "Dumped" in result.output and path.exists() and not path.with_name(path.name + ".partial").exists()


def _restore(runner: FlaskCliRunner, path: Path) -> Any:
    return runner.invoke(args=["backup", "restore", str(path)])


def test_round_trip_is_exact(app: Flask, filled: Session, runner: FlaskCliRunner, tmp_path: Path) -> None:
    db = filled
    before = _snapshot(db)
    core = (
        "users",
        "api_tokens",
        "rating_scales",
        "ratings",
        "articles",
        "article_revisions",
        "claims",
        "sources",
        "evidence",
        "verdicts",
        "comments",
        "publications",
        "audit_events",
    )
    assert all(before[name] for name in core), {n: len(before.get(n, [])) for n in core}
    path = tmp_path / "backup.jsonl.gz"
    _dump(runner, path)

    empty_tables(app)  # on PostgreSQL this also restarts every id sequence at 1
    assert _count(db) == 0
    restored = _restore(runner, path)
    assert restored.exit_code == 0, restored.output
    assert f"Restored {sum(len(rows) for rows in before.values())} rows" in restored.output

    after = _snapshot(db)
    assert after == before
    claim = db.scalars(select(Claim).where(Claim.dates.is_not(None)).order_by(Claim.id)).first()
    assert claim is not None and claim.dates[0]["text"] == UNICODE and claim.checkworthiness == 0.1 + 0.2
    stamp = db.scalar(select(Comment.created_at).order_by(Comment.created_at).limit(1))
    assert stamp is not None and stamp.tzinfo is not None and stamp.utcoffset() == dt.timedelta(0)
    assert stamp.microsecond == (999_999 - (EXTRA_COMMENTS - 1)) % 1_000_000

    verified = runner.invoke(args=["audit", "verify"])
    assert verified.exit_code == 0 and "intact" in verified.output

    # New rows get fresh ids (PostgreSQL: the sequences were moved past the restored rows).
    max_comment = max(row[0] for row in before["comments"])
    max_event = max(row[0] for row in before["audit_events"])
    author = db.scalars(select(User).order_by(User.id)).first()
    assert author is not None
    fresh = comments.add_comment(db, author, claim, "after the restore")
    db.commit()
    assert fresh.id > max_comment
    newest = db.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    assert newest is not None and newest > max_event
    assert list(audit_verify.verify_chain(db)) == []


def test_restore_rebuilds_full_text_search_on_sqlite(
    app: Flask, filled: Session, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    db = filled
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("claims_fts is SQLite's full-text index")
    path = tmp_path / "b.gz"
    _dump(runner, path)
    empty_tables(app)
    db.execute(text("INSERT INTO claims_fts(claims_fts) VALUES('rebuild')"))
    db.commit()
    assert _restore(runner, path).exit_code == 0
    hits = db.scalars(text("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'Helsinki'")).all()
    expected = db.scalars(select(Claim.id).where(Claim.quote.contains("Helsinki"))).all()
    assert expected and sorted(hits) == sorted(expected)


def test_header_describes_the_file(app: Flask, filled: Session, tmp_path: Path) -> None:
    path = tmp_path / "b.gz"
    filled.rollback()
    summary = backup.dump_to_path(filled, path)
    filled.rollback()
    header = backup.read_header(path)
    assert header["format"] == "factcheck-backup" and header["version"] == 2
    assert header["schema_revision"] == _script().get_current_head()
    names = [t["name"] for t in header["tables"]]
    assert names.index("users") < names.index("articles") < names.index("claims") < names.index("comments")
    assert {t["name"]: t["rows"] for t in header["tables"]} == summary.rows
    assert summary.rows["comments"] == EXTRA_COMMENTS + 1
    assert backup.check_file(path).rows == summary.rows


def test_restore_into_a_non_empty_database_is_refused(small: Session, runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "b.gz"
    _dump(runner, path)
    before = _snapshot(small)
    result = _restore(runner, path)
    assert result.exit_code == 1
    assert "not empty" in result.output and "nothing was changed" in result.output
    assert _snapshot(small) == before


def _rewrite(path: Path, change: Callable[[list[bytes]], list[bytes]], *, reseal: bool = False) -> None:
    """Rewrite the lines of a dump; with reseal, recompute the trailer so the checksum matches again."""
    with gzip.open(path, "rb") as fh:
        lines = change(list(fh))
    if reseal:
        body = lines[:-1]
        trailer = json.loads(lines[-1])
        trailer["sha256"] = hashlib.sha256(b"".join(body)).hexdigest()
        lines = [*body, (json.dumps(trailer) + "\n").encode()]
    with gzip.open(path, "wb") as fh:
        fh.writelines(lines)


def _header_change(**changes: Any) -> Callable[[list[bytes]], list[bytes]]:
    def change(lines: list[bytes]) -> list[bytes]:
        header = json.loads(lines[0]) | changes
        return [(json.dumps(header) + "\n").encode(), *lines[1:]]

    return change


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _altered_row(lines: list[bytes]) -> list[bytes]:
    return [line.replace("Zoë".encode(), b"Zoe") for line in lines]


def _orphan_claim(lines: list[bytes]) -> list[bytes]:
    """A claim pointing at an article that does not exist: the file is well formed, the database refuses it."""
    out = []
    for line in lines:
        row = json.loads(line)
        if row.get("t") == "claims":
            row["r"][1] = 999_999
            line = (json.dumps(row) + "\n").encode()
        out.append(line)
    return out


CORRUPTIONS: dict[str, tuple[Callable[[Path], None], str]] = {
    "truncated": (_truncate, "truncated"),
    "missing trailer": (lambda p: _rewrite(p, lambda lines: lines[:-1]), "no trailer"),
    "bad checksum": (lambda p: _rewrite(p, _altered_row), "checksum does not match"),
    "wrong version": (lambda p: _rewrite(p, _header_change(version=3), reseal=True), "version 3 is not supported"),
    "wrong schema revision": (
        lambda p: _rewrite(p, _header_change(schema_revision="0123abcd"), reseal=True),
        "schema revision '0123abcd'",
    ),
    "bad json": (
        lambda p: _rewrite(p, lambda lines: [lines[0], b'{"t": "users", "r": [\n', *lines[2:]]),
        "not valid JSON",
    ),
    "row of no table": (
        lambda p: _rewrite(p, lambda lines: [*lines[:2], b'{"t":"nope","r":[]}\n', *lines[2:]], reseal=True),
        "not a row of a listed table",
    ),
    "count mismatch": (
        lambda p: _rewrite(p, lambda lines: [lines[0], *lines[2:]], reseal=True),
        "row counts do not match",
    ),
    "not a backup": (lambda p: p.write_text("id,name\n1,x\n"), "not a complete gzip backup"),
    "foreign gzip": (lambda p: p.write_bytes(gzip.compress(b'{"hello": 1}\n')), "not a factcheck backup"),
    "database refuses a row": (
        lambda p: _rewrite(p, _orphan_claim, reseal=True),
        "database refused a row of table claims",
    ),
}


@pytest.mark.parametrize("case", list(CORRUPTIONS))
def test_damaged_dump_is_refused_and_changes_nothing(
    app: Flask, small: Session, runner: FlaskCliRunner, tmp_path: Path, case: str
) -> None:
    path = tmp_path / "b.gz"
    _dump(runner, path)
    empty_tables(app)
    assert _count(small) == 0
    damage, message = CORRUPTIONS[case]
    damage(path)
    result = _restore(runner, path)
    assert result.exit_code == 1, result.output
    assert "Restore refused, nothing was changed" in result.output and message in result.output, result.output
    assert _count(small) == 0


def test_missing_file_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = _restore(runner, tmp_path / "absent.gz")
    assert result.exit_code == 1 and "No such file" in result.output
