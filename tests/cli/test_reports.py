"""`flask reports export`: files of every text format, filters, exit 2 naming a bad filter, empty sets."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from factcheck.exports.csv_export import BOM
from tests.support.reports_data import GROWTH, MINUS, build_known_set


def test_export_csv_with_filters(runner: FlaskCliRunner, db: Session, tmp_path: Path) -> None:
    build_known_set(db)
    db.commit()
    out = tmp_path / "out.csv"
    result = runner.invoke(
        args=[
            "reports",
            "export",
            "--format",
            "csv",
            "--out",
            str(out),
            "--outlet",
            "Other Post",
            "--reviewer",
            "rob@example.org",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "2 claims written" in result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith(BOM)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix(BOM), newline="")))
    assert {r["claim_text"] for r in rows} == {GROWTH, MINUS}
    assert not (tmp_path / "out.csv.part").exists()


def test_export_json_without_bom_option_and_empty_set(runner: FlaskCliRunner, db: Session, tmp_path: Path) -> None:
    build_known_set(db)
    db.commit()
    out = tmp_path / "out.json"
    result = runner.invoke(args=["reports", "export", "--format", "json", "--out", str(out), "--rating", "True"])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["count"] == 1 and doc["filters"] == {"rating": "True"}
    empty = tmp_path / "empty.csv"
    result = runner.invoke(
        args=["reports", "export", "--out", str(empty), "--no-bom", "--from", "2001-01-01", "--to", "2001-01-31"]
    )
    assert result.exit_code == 0, result.output
    assert empty.read_text(encoding="utf-8").startswith("claim_id,") and len(empty.read_text().splitlines()) == 1


def test_invalid_filter_exits_2_naming_it(runner: FlaskCliRunner, db: Session, tmp_path: Path) -> None:
    build_known_set(db)
    db.commit()
    out = tmp_path / "x.csv"
    result = runner.invoke(args=["reports", "export", "--out", str(out), "--from", "31/12/2024"])
    assert result.exit_code == 2
    assert "--from" in result.output and "is not a date" in result.output
    result = runner.invoke(args=["reports", "export", "--out", str(out), "--kind", "gossip"])
    assert result.exit_code == 2 and "--kind" in result.output and "must be one of" in result.output
    assert not out.exists()


def test_cli_csv_takes_the_fast_path_and_matches_the_row_path(
    runner: FlaskCliRunner, db: Session, tmp_path: Path, app: Any
) -> None:
    from factcheck.exports import csv_export
    from factcheck.services import reports

    build_known_set(db)
    db.commit()
    out = tmp_path / "all.csv"
    calls: list[str] = []
    original = csv_export._fast_chunks

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append("fast")
        return original(*args, **kwargs)

    csv_export._fast_chunks = spy  # type: ignore[assignment]
    try:
        result = runner.invoke(args=["reports", "export", "--format", "csv", "--out", str(out)])
    finally:
        csv_export._fast_chunks = original  # type: ignore[assignment]
    assert result.exit_code == 0, result.output
    assert calls == ["fast"]
    filters = reports.parse_filters(db, {})
    reference = "".join(csv_export.csv_chunks(list(reports.iter_rows(db, filters)), app.config["SITE_URL"]))
    assert out.read_bytes().decode("utf-8") == reference
