"""`flask articles import` and `flask claims extract` (factcheck/cli/articles.py)."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import ArticleRevision
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
