"""`flask setup`: migrate, load rating presets, create the first admin, load the demo into an empty database."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from flask_migrate import upgrade

from factcheck.extensions import db
from factcheck.models import Role
from factcheck.services import demo, ratings, users
from factcheck.views.reader.body import render_article_body


@dataclass
class SetupReport:
    presets_added: int = 0
    admin: tuple[str, str] | None = None  # (email, password) when created now
    demo_loaded: bool = False
    demo_accounts: list[tuple[str, str]] = field(default_factory=list)


def run_setup(*, load_demo: bool = True, admin_email: str = "admin@example.org") -> SetupReport:
    """Idempotent: running it again changes nothing and duplicates nothing."""
    upgrade()
    report = SetupReport()
    session = db.session()
    report.presets_added = ratings.load_presets(session)
    if users.count_admins(session) == 0:
        password = secrets.token_urlsafe(15)
        users.create_user(session, None, email=admin_email, name="Administrator", role=Role.ADMIN, password=password)
        report.admin = (admin_email, password)
    session.commit()
    if load_demo and demo.is_empty(session):
        accounts = demo.load_demo(session, render=render_article_body)
        session.commit()
        report.demo_loaded = True
        report.demo_accounts = [a for a in (accounts.reviewer, accounts.editor) if a[1]]
    return report
