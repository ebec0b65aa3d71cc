"""`flask pages render`: store the rendered reader page of every version published without one (versions from
before pages were rendered at publication; readers get those rendered on each cache miss until then)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from factcheck.extensions import db
from factcheck.models import Publication
from factcheck.services import publishing, reading
from factcheck.views.reader.body import render_article_body

pages_cli = AppGroup("pages", help="Reader pages stored with each published version.")


@pages_cli.command("render")
def render_missing() -> None:
    """Render and store the page of every published version that has none (one commit)."""
    session = db.session()
    ids = reading.unrendered_ids(session)
    with click.progressbar(ids, label="Rendering versions") as bar:
        for pub_id in bar:
            pub = session.get(Publication, pub_id)
            assert pub is not None
            publishing.store_rendering(session, pub, render_article_body(session, pub))
    session.commit()
    click.echo(f"Stored the page of {len(ids)} version{'s' if len(ids) != 1 else ''}.")
