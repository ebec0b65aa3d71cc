"""Command-line interface (`flask ...`): setup, users, tokens, audit, articles, claims, events, reports, pages, jobs,
hooks, links, feeds."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from factcheck.cli import ranking  # noqa: F401  (its command registers itself on `claims`)
    from factcheck.cli.accounts import setup_command, tokens_cli, users_cli
    from factcheck.cli.articles import articles_cli, claims_cli
    from factcheck.cli.audit import audit_cli
    from factcheck.cli.backup import backup_cli
    from factcheck.cli.events import events_cli
    from factcheck.cli.feeds import feeds_cli
    from factcheck.cli.jobs import jobs_cli
    from factcheck.cli.matching import claimreview_cli
    from factcheck.cli.pages import pages_cli
    from factcheck.cli.reports import reports_cli
    from factcheck.cli.webhooks import hooks_cli, links_cli

    commands = (setup_command, users_cli, tokens_cli, audit_cli, articles_cli, claims_cli, backup_cli, reports_cli)
    for command in (*commands, pages_cli, events_cli, claimreview_cli, jobs_cli, hooks_cli, links_cli, feeds_cli):
        app.cli.add_command(command)
