"""Commands for setup, accounts and tokens. Each command commits once."""

from __future__ import annotations

import click
from flask.cli import AppGroup, with_appcontext

from factcheck.extensions import db
from factcheck.models import Role
from factcheck.services import users
from factcheck.services.errors import DomainError

users_cli = AppGroup("users", help="Manage accounts.")
tokens_cli = AppGroup("tokens", help="Manage API tokens.")


def _fail(exc: DomainError) -> None:
    db.session.rollback()
    raise click.ClickException(exc.message)


@click.command("setup")
@click.option("--no-demo", is_flag=True, help="Do not load the demo article into an empty database.")
@with_appcontext
def setup_command(no_demo: bool) -> None:
    """Migrate the database, load rating presets, create the admin, load the demo (idempotent)."""
    from factcheck.setup import run_setup

    report = run_setup(load_demo=not no_demo)
    click.echo(f"Database is at the latest migration. Rating presets added: {report.presets_added}.")
    if report.admin:
        email, password = report.admin
        click.secho("An admin account was created. Its password is shown only this once:", bold=True)
        click.echo(f"    email:    {email}\n    password: {password}")
    if report.demo_loaded:
        click.echo("Demo data loaded: one article with claims, sources, verdicts and a published version.")
        for email, password in report.demo_accounts:
            click.echo(f"    demo account {email}  password: {password}")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.REVIEWER.value, show_default=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
def users_create(email: str, name: str, role: str, password: str) -> None:
    """Create an account."""
    try:
        user = users.create_user(db.session(), None, email=email, name=name, role=role, password=password)
    except DomainError as exc:
        _fail(exc)
        return
    db.session.commit()
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password", prompt="New password", hide_input=True, confirmation_prompt=True)
def users_set_password(email: str, password: str) -> None:
    """Set EMAIL's password from the shell; every sign-in of that account ends."""
    try:
        user = users.get_by_email(db.session(), email)
        ended = users.change_password(db.session(), user, password, keep_current=None)
    except DomainError as exc:
        _fail(exc)
        return
    db.session.commit()
    click.echo(f"Password set for {user.email}; {ended} sign-in(s) ended.")


@users_cli.command("disable")
@click.argument("email")
def users_disable(email: str) -> None:
    """Disable an account: its sessions and tokens stop working at once."""
    try:
        user = users.get_by_email(db.session(), email)
        users.set_active(db.session(), None, user, False)
    except DomainError as exc:
        _fail(exc)
        return
    db.session.commit()
    click.echo(f"Disabled {user.email}.")


@tokens_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="A label for the token.")
def tokens_create(email: str, name: str) -> None:
    """Create an API token for EMAIL and print it once."""
    try:
        user = users.get_by_email(db.session(), email)
        token = users.create_token(db.session(), None, user, name)
    except DomainError as exc:
        _fail(exc)
        return
    db.session.commit()
    click.echo(token)


@tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def tokens_revoke(token_id: int) -> None:
    """Revoke an API token by id."""
    try:
        users.revoke_token(db.session(), None, token_id)
    except DomainError as exc:
        _fail(exc)
        return
    db.session.commit()
    click.echo(f"Revoked token {token_id}.")
