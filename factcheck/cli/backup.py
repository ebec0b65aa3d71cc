"""`flask backup dump FILE` and `flask backup restore FILE`: a checksummed, streamed copy of every table."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from factcheck.extensions import db
from factcheck.services import backup

backup_cli = AppGroup("backup", help="Dump the database to a file, or restore one into an empty database.")


@backup_cli.command("dump")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_dump(file: Path) -> None:
    """Write every table (audit chain included) to FILE: gzip'd JSON lines with a SHA-256 trailer."""
    try:
        summary = backup.dump_to_path(db.session(), file)
    except backup.BackupError as exc:
        raise click.ClickException(exc.message) from exc
    finally:
        db.session.rollback()  # a read-only snapshot: nothing to keep
    click.echo(
        f"Dumped {summary.total} rows from {len(summary.rows)} tables (schema {summary.schema_revision}) to {file}."
    )


@backup_cli.command("restore")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup_restore(file: Path) -> None:
    """Restore FILE into an empty, migrated database (`flask db upgrade` first). All or nothing."""
    session = db.session()
    try:
        summary = backup.restore_from_path(session, file)
        session.commit()
    except backup.BackupError as exc:
        session.rollback()
        raise click.ClickException(f"Restore refused, nothing was changed: {exc.message}") from exc
    except BaseException:
        session.rollback()
        raise
    click.echo(f"Restored {summary.total} rows into {len(summary.rows)} tables (schema {summary.schema_revision}).")
