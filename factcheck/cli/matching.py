"""`flask claims match` (evaluation runs over TSV files), `flask claims embed` (back-fill stored vectors) and
`flask claimreview import` (other fact-checkers' reviews)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from factcheck.claims import embeddings
from factcheck.claims.match_index import DEPTH, Document, MemoryIndex
from factcheck.cli.articles import claims_cli
from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.fetch import FetchError
from factcheck.services import external_checks, vectors
from factcheck.services.errors import DomainError

claimreview_cli = AppGroup("claimreview", help="Import other fact-checkers' ClaimReviews.")


def read_tsv(path: Path, *, min_fields: int) -> list[list[str]]:
    """Rows of a TSV file with one header row; rows with too few fields are reported on stderr and skipped."""
    rows: list[list[str]] = []
    with path.open(encoding="utf-8", newline="") as fh:
        next(fh, None)
        for number, line in enumerate(fh, 2):
            fields = line.rstrip("\r\n").split("\t")
            if len(fields) < min_fields or not fields[0].strip():
                if line.strip():
                    click.echo(f"{path.name}:{number}: skipped (expected {min_fields}+ tab-separated fields)", err=True)
                continue
            rows.append([f.strip() for f in fields])
    return rows


@claims_cli.command("match")
@click.argument("queries", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--against",
    "against",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TSV of checked claims: id<TAB>text[<TAB>title], one header row.",
)
@click.option("--top", default=5, show_default=True, type=click.IntRange(1, 1000))
@click.option("--format", "fmt", type=click.Choice(["trec", "tsv"]), default="trec", show_default=True)
@click.option("--tag", default="factcheck", show_default=True, help="Run tag in the last TREC column.")
@click.option("--lexical", is_flag=True, help="Full-text rank only (no sentence embeddings).")
@click.option("--depth", default=DEPTH, show_default=True, type=click.IntRange(1, 10_000))
def claims_match(queries: Path, against: Path, top: int, fmt: str, tag: str, lexical: bool, depth: int) -> None:
    """Match each query of QUERIES.tsv (id<TAB>text) against checked claims; print TREC run lines.

    The same matcher as the workbench: FTS5 candidates ordered by bm25, re-ranked with sentence embeddings.
    """
    docs = [Document(r[0], r[1], r[2] if len(r) > 2 else "") for r in read_tsv(against, min_fields=2)]
    asked = read_tsv(queries, min_fields=2)
    encoder = None if lexical else embeddings.encoder()
    if encoder is None and not lexical:
        click.echo("the embedding model is not installed: matching by full-text rank only", err=True)
    start = time.perf_counter()
    texts = len(docs) + sum(1 for d in docs if d.title)
    label = "Embedding checked claims (texts and titles)"
    with click.progressbar(length=texts if encoder else 0, label=label, file=sys.stderr, show_pos=True) as bar:
        index = MemoryIndex(docs, encoder.encode if encoder else None, bar.update)
    results = index.match_many([q[1] for q in asked], top=top, depth=depth)
    for (qid, _text, *_), matches in zip(asked, results, strict=True):
        for place, m in enumerate(matches, 1):
            if fmt == "trec":  # scores strictly decrease with rank: TREC scorers re-sort by score, ties included
                click.echo(f"{qid} Q0 {m.key} {place} {round(m.score, 6) - place * 1e-7:.7f} {tag}")
            else:
                click.echo(f"{qid}\t{m.key}\t{place}\t{m.score:.6f}\t{'; '.join(m.reasons)}")
    took = time.perf_counter() - start
    click.echo(f"matched {len(asked)} queries against {len(docs)} claims in {took:.1f} s", err=True)


@claims_cli.command("embed")
@click.option("--all", "everything", is_flag=True, help="Also re-embed claims whose text changed since.")
def claims_embed(everything: bool) -> None:
    """Store the sentence vector of every claim that has none (one commit per batch)."""
    if not vectors.enabled():
        raise click.ClickException("the embedding model package is not installed (see requirements-nodeps.lock)")
    session = db.session()
    looked = written = 0
    for seen, wrote in vectors.backfill(session, everything=everything):
        session.commit()
        looked, written = looked + seen, written + wrote
        click.echo(f"\r{looked} claims looked at, {written} vectors written", nl=False, err=True)
    click.echo(f"{written} vectors written ({looked} claims looked at, model {embeddings.MODEL_NAME}).")


@claimreview_cli.command("import")
@click.argument("source", metavar="FILE_OR_URL")
@click.option("--show", default=20, show_default=True, help="How many skipped records to list.")
def claimreview_import(source: str, show: int) -> None:
    """Import ClaimReview JSON-LD (a page, a DataFeed or JSON lines) from a file or a URL; bad records are skipped."""
    session = db.session()
    try:
        report = external_checks.import_source(session, source, fetch_policy(current_app.config))
    except (DomainError, FetchError) as exc:
        session.rollback()
        raise click.ClickException(str(getattr(exc, "message", exc))) from exc
    session.commit()
    click.echo(f"{report.added} imported, {report.duplicates} already known, {len(report.problems)} skipped.")
    for problem in report.problems[:show]:
        click.echo(f"  skipped {problem.where}: {problem.reason}")
    if len(report.problems) > show:
        click.echo(f"  … and {len(report.problems) - show} more")
