"""`flask events extract FILE`: JSON with exactly the public keys, a table, the scraped header's date."""

from __future__ import annotations

import json
from pathlib import Path

from flask.testing import FlaskCliRunner

ARTICLE = (
    "Paris, Nov 1: Donald Trump and Vladimir Putin are scheduled to meet in Paris on November 11, the Kremlin "
    "said. Trump threatened to pull the United States out of the INF Treaty."
)


def test_json_lists_the_events_with_exactly_the_public_keys(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = runner.invoke(args=["events", "extract", str(path), "--published", "2018-11-01"])
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)
    assert [list(e) for e in events] == [["what", "participants", "place", "date", "precision", "status", "claims"]] * 2
    meeting, withdrawal = events
    assert meeting == {
        "what": "meeting",
        "participants": ["Donald Trump", "Vladimir Putin"],
        "place": "Paris",
        "date": "2018-11-11",
        "precision": "day",
        "status": "planned",
        "claims": meeting["claims"],
    }
    (start, end), *_ = meeting["claims"]
    assert ARTICLE[start:end].startswith("Donald Trump and Vladimir Putin are scheduled")
    assert (withdrawal["what"], withdrawal["status"]) == ("treaty withdrawal", "threatened")


def test_the_scraped_header_gives_the_date_and_the_table_format(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "scraped.txt"
    path.write_text(f" date 2017-11-01 Home News A title\n\nA title\n\n{ARTICLE}\n", encoding="utf-8")
    result = runner.invoke(args=["events", "extract", str(path)])
    assert result.exit_code == 0, result.output
    (meeting, _) = json.loads(result.output)
    assert meeting["date"] == "2017-11-11"  # a year earlier: the header's date, not a guess
    table = runner.invoke(args=["events", "extract", str(path), "--format", "table"])
    assert table.exit_code == 0
    first = table.output.splitlines()[0].split()
    assert first[:4] == ["meeting", "planned", "2017-11-11", "Paris"]
    override = runner.invoke(args=["events", "extract", str(path), "--published", "2018-11-01"])
    assert json.loads(override.output)[0]["date"] == "2018-11-11"


def test_a_file_that_is_not_text_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(b"\x00\x01\x02\xff" * 10)
    result = runner.invoke(args=["events", "extract", str(path)])
    assert result.exit_code != 0
