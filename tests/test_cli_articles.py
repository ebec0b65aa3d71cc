"""`flask articles import` and `flask claims extract` (factcheck/cli/articles.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import ArticleRevision
from factcheck.services import importing
from tests.fetch.conftest import LocalServer
from tests.services.test_importing import PAGE, SCRAPED


def test_cli_import_reports_failures(runner: FlaskCliRunner, db: Session, tmp_path: Path, server: LocalServer) -> None:
    good = tmp_path / "talks.txt"
    good.write_text(SCRAPED)
    bad = tmp_path / "blob.txt"
    bad.write_bytes(b"\x00\x01")
    url = server.route("/story", body=PAGE.encode())
    result = runner.invoke(args=["articles", "import", str(good), str(bad), str(tmp_path / "missing.txt"), url])
    assert result.exit_code == 1
    assert "Imported 2 of 4." in result.output
    assert "blob.txt: The file is binary" in result.output and "missing.txt: no such file" in result.output
    assert db.scalar(select(func.count(ArticleRevision.id))) == 2


def test_cli_claims_extract_and_score(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "talks.txt"
    path.write_text(SCRAPED)
    result = runner.invoke(args=["claims", "extract", str(path)])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)
    text = SCRAPED.split("Talks resume in Geneva\n\n", 2)[2]
    assert claims and all(text[c["start"] : c["end"]] == c["quote"] for c in claims)
    assert any(d["value"] == "2020-06" for c in claims for d in c["dates"])  # header sets --published
    table = runner.invoke(args=["claims", "extract", str(path), "--format", "table", "--published", "2021-01-01"])
    assert table.exit_code == 0 and "exports fell 12%" in table.output
    scores = runner.invoke(args=["claims", "score"], input="Exports fell 12% in 2019.\nWhat a night!\n")
    lines = scores.output.split()
    assert len(lines) == 2 and float(lines[0]) > float(lines[1])


def test_cli_import_goes_on_after_any_failure(
    runner: FlaskCliRunner, db: Session, tmp_path: Path, server: LocalServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One bad item (a malformed redirect, a codec trick, an unexpected exception) fails alone; the rest import,
    the summary lists each failure, and the exit status is 1."""
    good = tmp_path / "talks.txt"
    good.write_text(SCRAPED)
    cursed = tmp_path / "cursed.txt"
    cursed.write_text(SCRAPED.replace("Geneva", "Lausanne"))
    bounce = server.route("/bounce", status=302, location="http://[::1")
    rot13 = server.route("/rot13", body=PAGE.encode(), content_type="text/html; charset=rot13")
    story = server.route("/story", body=PAGE.replace("Geneva", "Bern").encode())
    real_draft_from_file = importing.draft_from_file

    def explode_on_cursed(name: str, data: bytes) -> importing.ArticleDraft:
        if name == "cursed.txt":
            raise RuntimeError("disk on fire")
        return real_draft_from_file(name, data)

    monkeypatch.setattr(importing, "draft_from_file", explode_on_cursed)
    result = runner.invoke(args=["articles", "import", bounce, str(cursed), str(good), rot13, story])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Imported 3 of 5." in result.output
    assert f"failed: {bounce}: Could not fetch" in result.output and "malformed address" in result.output
    assert "failed: " + str(cursed) + ": RuntimeError: disk on fire" in result.output
    assert "Traceback" not in result.output
    assert db.scalar(select(func.count(ArticleRevision.id))) == 3


def test_cli_outlet_must_be_text(runner: FlaskCliRunner, db: Session, tmp_path: Path) -> None:
    good = tmp_path / "talks.txt"
    good.write_text(SCRAPED)
    result = runner.invoke(args=["articles", "import", str(good), "--outlet", "Daily\udcff"])
    assert result.exit_code == 2 and "not valid text" in result.output
    assert db.scalar(select(func.count(ArticleRevision.id))) == 0
