"""`flask articles import` and `flask claims extract|score`."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from factcheck.claims.extract import extract_claims
from factcheck.claims.scoring import score_sentence
from factcheck.claims.scraped import parse_scraped
from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.services import importing
from factcheck.services.errors import DomainError

log = logging.getLogger(__name__)
articles_cli = AppGroup("articles", help="Import articles.")
claims_cli = AppGroup("claims", help="Run the claim engine.")


def _draft(item: str) -> importing.ArticleDraft:
    if item.startswith(("http://", "https://")):
        return importing.draft_from_url(item, fetch_policy(current_app.config))
    path = Path(item)
    if not path.is_file():
        raise DomainError(f"no such file: {item}")
    return importing.draft_from_file(path.name, path.read_bytes())


def _shown(text: str, limit: int = 300) -> str:
    """Printable on any terminal: surrogate escapes of non-UTF-8 file names as \\udcXX, long texts cut."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clean_outlet(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
        raise click.BadParameter("the outlet name is not valid text (NUL, or bytes that are not UTF-8)")
    return value


@articles_cli.command("import")
@click.argument("items", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--outlet", default="", callback=_clean_outlet, help="Outlet name for every imported article.")
def articles_import(items: tuple[str, ...], outlet: str) -> None:
    """Import files (.txt, .html) or URLs; each is committed on its own, failures are listed at the end."""
    failures: list[tuple[str, str]] = []
    imported = 0
    max_chars = int(current_app.config["MAX_ARTICLE_CHARS"])
    with click.progressbar(items, label="Importing", show_pos=True, file=sys.stderr) as bar:
        for item in bar:
            try:
                draft = _draft(item).with_overrides(outlet=outlet)
                result = importing.import_draft(db.session(), None, draft, max_chars=max_chars)
                db.session.commit()
                imported += 1
                what = (
                    "new article"
                    if result.created
                    else (f"revision {result.revision.number}" if result.new_revision else "unchanged")
                )
                click.echo(f"\n{_shown(item)}: {what} #{result.article.id}, {result.claims_added} claims", err=True)
            except DomainError as exc:
                db.session.rollback()
                failures.append((item, exc.message))
            except Exception as exc:  # one item's failure, whatever it is, never stops the batch (^C does)
                db.session.rollback()
                log.warning("articles import: %s failed", _shown(item), exc_info=log.isEnabledFor(logging.DEBUG))
                failures.append((item, f"{type(exc).__name__}: {exc}"))
    click.echo(f"Imported {imported} of {len(items)}.")
    for item, reason in failures:
        click.echo(f"  failed: {_shown(item)}: {_shown(reason)}")
    if failures:
        raise SystemExit(1)


@claims_cli.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date (YYYY-MM-DD); the seed format's header sets it when omitted.",
)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
def claims_extract(file: Path, published: dt.datetime | None, fmt: str) -> None:
    """Split FILE into claims and print them."""
    try:
        text = importing.decode_text_file(file.read_bytes())
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    day = published.date() if published else None
    scraped = parse_scraped(text)
    if scraped is not None:
        text, day = scraped.body, day or scraped.published
    found = extract_claims(text, day)
    if fmt == "json":
        click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=2))
        return
    for c in found:
        dates = ",".join(d.value for d in c.dates)
        click.echo(f"{c.start:>6}-{c.end:<6} {c.kind:<10} {c.score:.2f} {dates:<22} {c.quote[:90]}")


@claims_cli.command("score")
def claims_score() -> None:
    """Read one sentence per line on stdin; print one check-worthiness score per line, in order."""
    for line in sys.stdin:
        click.echo(f"{score_sentence(line.rstrip(chr(10))):.4f}")
