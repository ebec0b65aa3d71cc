"""`flask hooks list|test ID` and `flask links check`: webhooks and link checks from a shell."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.models import Webhook
from factcheck.services import link_checks, webhooks

hooks_cli = AppGroup("hooks", help="Outgoing webhooks: list them, send a test delivery.")
links_cli = AppGroup("links", help="Link checks of the sources of published checks.")


@hooks_cli.command("list")
def list_hooks() -> None:
    """Every hook: id, state, payload format, target, events (the secret masked)."""
    found = webhooks.all_hooks(db.session())
    for hook in found:
        state = "active" if hook.active else "paused"
        events = ",".join(hook.events)
        click.echo(f"#{hook.id} {hook.name} [{state}, {hook.payload_format}] {hook.url} {events} {hook.masked_secret}")
    if not found:
        click.echo("no webhooks")


@hooks_cli.command("test")
@click.argument("hook_id", type=int)
def test_hook(hook_id: int) -> None:
    """Send a signed "ping" to the hook now and report its answer (logged like any delivery)."""
    session = db.session()
    hook = session.get(Webhook, hook_id)
    if hook is None:
        raise click.ClickException(f"no webhook {hook_id}")
    delivery = webhooks.ping(session, None, hook, job=False)
    session.commit()
    outgoing = webhooks.prepare(session, delivery.id, str(current_app.config["SITE_URL"]))
    assert outgoing is not None
    answer = webhooks.send(outgoing, fetch_policy(current_app.config))
    webhooks.record_attempt(session, delivery.id, 1, answer, last=True)
    session.commit()
    if not answer.ok:
        raise click.ClickException(f"delivery {delivery.id} failed: {answer.error}")
    click.echo(f"delivery {delivery.id}: {hook.url} answered {answer.status} in {answer.duration_ms} ms")


@links_cli.command("check")
@click.option("--all", "everything", is_flag=True, help="Check every published source, not only those due.")
@click.option("--limit", default=link_checks.BATCH, show_default=True, help="At most this many sources.")
def check_links(everything: bool, limit: int) -> None:
    """Re-fetch the sources of published checks now and report what changed (one line a change)."""
    session = db.session()
    policy = fetch_policy(current_app.config)
    due = None if everything else link_checks.due_before()
    checked = changed = 0
    for source in link_checks.published_sources(session, due_before=due, limit=limit):
        row = link_checks.check(session, source, policy)
        session.commit()  # each source on its own: no lock held across the next fetch
        checked += 1
        if row is not None:
            changed += 1
            click.echo(f"{row.change}: source {source.id} {source.url}" + (f" ({row.error})" if row.error else ""))
    click.echo(f"{checked} sources checked, {changed} changed")
