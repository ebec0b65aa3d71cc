"""`flask users` and `flask tokens` (cli/accounts.py): create accounts and tokens, prompt for a password."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import User
from factcheck.services import users
from tests.conftest import PASSWORD


def test_cli_creates_users_and_tokens(runner: FlaskCliRunner, db: Session) -> None:
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "cli@example.org",
            "--name",
            "Cli User",
            "--role",
            "editor",
            "--password",
            PASSWORD,
        ]
    )
    assert result.exit_code == 0, result.output
    assert db.scalar(select(User.role).where(User.email == "cli@example.org")) == "editor"
    again = runner.invoke(args=["users", "create", "--email", "cli@example.org", "--name", "X", "--password", PASSWORD])
    assert again.exit_code == 1 and "already exists" in again.output
    token = runner.invoke(args=["tokens", "create", "cli@example.org"])
    assert token.exit_code == 0 and token.output.strip().startswith("fct_")
    missing = runner.invoke(args=["tokens", "create", "nobody@example.org"])
    assert missing.exit_code == 1 and "No user" in missing.output


def test_cli_prompts_for_a_password(runner: FlaskCliRunner, db: Session) -> None:
    result = runner.invoke(
        args=["users", "create", "--email", "p@example.org", "--name", "P"], input=f"{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert users.authenticate(db, "p@example.org", PASSWORD) is not None
