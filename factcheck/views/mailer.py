"""Mail leaves after the commit that decided it (services/mail.py queues it on the session): a rolled-back or
retried transaction sends nothing, and a slow or absent mail server never holds a database lock."""

from __future__ import annotations

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from factcheck.services import mail


def _after_commit(session: Session) -> None:
    mails = mail.take_outbox(session)
    if not mails or not has_app_context():
        return
    url = current_app.config.get("SMTP_URL")
    if url:
        config = current_app.config
        site = str(config["SITE_URL"])
        mail.send(url, str(config["ORGANISATION_NAME"]), str(config["MAIL_FROM"]), mails, site_url=site)


def _after_soft_rollback(session: Session, previous_transaction: object) -> None:
    mail.take_outbox(session)


def register() -> None:
    """Listen on every session once (the app's and the CLI's); the app's configuration is read when sending."""
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_soft_rollback", _after_soft_rollback)
