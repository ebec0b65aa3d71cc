"""`flask audit verify` and `flask audit reseal`: check the hash chain, and accept a reported fork."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from factcheck.extensions import db
from factcheck.services import audit_verify, backup
from factcheck.services.errors import DomainError

audit_cli = AppGroup("audit", help="Inspect the audit trail.")


@audit_cli.command("verify")
@click.option(
    "--backup",
    "backups",
    multiple=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="Also check the chain head recorded in this backup's manifest (repeatable).",
)
def audit_verify_command(backups: tuple[Path, ...]) -> None:
    """Check the hash chain and its anchors; exit 1 on an altered, deleted, reordered, forked or cut chain."""
    anchors = []
    try:
        for path in backups:
            found = audit_verify.parse_anchor(backup.read_header(path), f"backup manifest {path.name}")
            if found is None:
                raise click.ClickException(f"{path} records no audit chain head.")
            anchors.append(found)
    except backup.BackupError as exc:
        raise click.ClickException(exc.message) from exc
    report = audit_verify.check(db.session(), anchors)
    db.session.rollback()
    for p in report.accepted:
        click.echo(f"event {p.event_id}: {p.problem} (accepted by reseal event {p.accepted_by})")
    for p in report.problems:
        click.echo(f"event {p.event_id}: {p.problem}", err=True)
    head = f"head event {report.head['id']}" if report.head else "no events"
    checked = f"{len(report.anchors)} anchor(s) checked"
    if report.problems:
        click.echo(
            f"The audit chain is NOT intact: {len(report.problems)} problem(s); {report.events} events, "
            f"{head}, {checked}.",
            err=True,
        )
        raise SystemExit(1)
    accepted = f", {len(report.accepted)} fork(s) accepted by reseal" if report.accepted else ""
    click.echo(f"The audit chain is intact: {report.events} events, {head}, {checked}{accepted}.")


@audit_cli.command("reseal")
@click.option("--accept-fork", "forks", multiple=True, type=int, help="A forked event id that verify reported.")
@click.option("--all-forks", is_flag=True, help="Accept every fork that verify reports.")
@click.option("--reason", required=True, help="Why the fork is accepted (kept in the reseal event).")
def audit_reseal_command(forks: tuple[int, ...], all_forks: bool, reason: str) -> None:
    """Record a reseal event accepting reported forks. Nothing is rewritten; verify then reports them accepted."""
    if bool(forks) == all_forks:
        raise click.UsageError("Name the forks with --accept-fork ID (repeatable), or pass --all-forks.")
    session = db.session()
    try:
        event = audit_verify.reseal(session, None, None if all_forks else forks, reason)
        session.commit()
    except DomainError as exc:
        session.rollback()
        raise click.ClickException(exc.message) from exc
    accepted = ", ".join(str(item["event"]) for item in event.data["accepted"])
    click.echo(f"Reseal event {event.id} accepts the fork(s) at event(s) {accepted}.")
