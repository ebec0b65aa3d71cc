"""`flask events extract FILE`: the events of an article (what, who, where, when, status, claims); `flask events
rebuild`: the stored events of every article, computed again (for a database that held articles before events)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from factcheck.claims.events import extract_events
from factcheck.claims.scraped import parse_scraped
from factcheck.extensions import db
from factcheck.models import Article, Event, EventConflict
from factcheck.services import events, importing
from factcheck.services.errors import DomainError

events_cli = AppGroup("events", help="Find the events of articles.")


@events_cli.command("extract")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--published",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Publication date (YYYY-MM-DD); the seed format's header sets it when omitted.",
)
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True)
def events_extract(file: Path, published: dt.datetime | None, fmt: str) -> None:
    """Print the events of FILE; offsets are in the article body (after a scraped header, if any)."""
    try:
        text = importing.decode_text_file(file.read_bytes())
    except DomainError as exc:
        raise click.ClickException(exc.message) from exc
    day = published.date() if published else None
    scraped = parse_scraped(text)
    if scraped is not None:
        text, day = scraped.body, day or scraped.published
    found = extract_events(text, day)
    if fmt == "json":
        click.echo(json.dumps([e.as_dict() for e in found], ensure_ascii=False, indent=2))
        return
    for e in found:
        claims = " ".join(f"{a}-{b}" for a, b in e.claims)
        who = ", ".join(e.participants) or "-"
        when = e.date or "-"
        click.echo(f"{e.what:<18} {e.status:<10} {when:<10} {e.place or '-':<14} {who:<40} {claims}")


@events_cli.command("rebuild")
def events_rebuild() -> None:
    """Compute every article's events again from its current text and link them across articles (each article
    is committed on its own, so an interrupted run keeps what it did; mentions a reviewer placed stay put)."""
    session = db.session()
    ids = list(session.scalars(select(Article.id).order_by(Article.published_on.is_(None), Article.published_on,
                                                          Article.id)))  # fmt: skip
    mentions = 0
    with click.progressbar(ids, label="Finding events", show_pos=True, file=sys.stderr) as bar:
        for article_id in bar:
            article = session.get(Article, article_id)
            if article is None:
                continue
            mentions += events.rebuild_article(session, None, article).mentions
            session.commit()
            session.expunge_all()  # keep memory flat over a large database
    stored = session.scalar(select(func.count(Event.id))) or 0
    conflicts = session.scalar(select(func.count(EventConflict.id))) or 0
    click.echo(f"Events of {len(ids)} articles: {mentions} mentions of {stored} events, {conflicts} conflicts.")
