"""Links and mail the team pages send: absolute URLs on the public site address, mail queued for after commit."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for

from factcheck.extensions import db
from factcheck.services import mail
from factcheck.services.team import IssuedLink


def absolute(endpoint: str, **values: Any) -> str:
    return str(current_app.config["SITE_URL"]).rstrip("/") + url_for(endpoint, **values)


def mail_configured() -> bool:
    return bool(current_app.config.get("SMTP_URL"))


def queue_mail(to: str, subject: str, body: str) -> None:
    """Queue a message for after the request's commit (sent when mail is configured)."""
    mail.queue(db.session(), mail.Mail(to=to, subject=subject, body=body))


def mail_link(issued: IssuedLink, url: str) -> None:
    org = str(current_app.config["ORGANISATION_NAME"])
    hours = int((issued.link.expires_at - issued.link.created_at).total_seconds() // 3600)
    if issued.link.purpose == "invite":
        subject = f"You are invited to {org}"
        body = f"Hello {issued.user.name},\n\nYou are invited to work on {org} as {issued.user.role}."
    else:
        subject = f"Set a new password for {org}"
        body = f"Hello {issued.user.name},\n\nAn admin issued a link to set a new password for your account."
    body += f"\n\nChoose your password here (the link works once, for {hours} hours):\n{url}\n"
    queue_mail(issued.user.email, subject, body)
