"""E-mail: messages are queued on the database session during a request and sent after it commits, through
the standard library's `smtplib` and `email` (kept with Python itself), to the server FACTCHECK_SMTP_URL names:

    smtp://host:25                    plain SMTP (a local relay)
    smtp+starttls://user:pass@host:587  STARTTLS, then AUTH
    smtps://user:pass@host:465        SMTP over TLS

A failed send is logged, never an error for the person who acted: the in-app inbox has the same news."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from urllib.parse import unquote, urlsplit

from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
OUTBOX = "factcheck.mail_outbox"
SCHEMES = ("smtp", "smtp+starttls", "smtps")


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str
    path: str = ""  # a page of the site (/work/claims/3): written out in full after the body when sending


def digest(mails: list[Mail]) -> list[Mail]:
    """One message per recipient: several pieces of news for one person in one commit (a bulk assignment)
    become one message listing them."""
    by_person: dict[str, list[Mail]] = {}
    for item in mails:
        by_person.setdefault(item.to, []).append(item)
    out = []
    for to, items in by_person.items():
        if len(items) == 1:
            out.append(items[0])
            continue
        body = "\n\n".join(f"- {m.body}" + (f"\n  {{site}}{m.path}" if m.path else "") for m in items)
        out.append(Mail(to=to, subject=f"{len(items)} updates: {items[0].subject}"[:150], body=body))
    return out


def queue(session: Session, mail: Mail) -> None:
    """Send `mail` once the session's transaction commits (nothing is sent for a rolled-back one)."""
    session.info.setdefault(OUTBOX, []).append(mail)


def take_outbox(session: Session) -> list[Mail]:
    """The mails queued on the session, emptied (called after commit, and after rollback to drop them)."""
    mails: list[Mail] = session.info.pop(OUTBOX, [])
    return mails


def check_url(url: str) -> None:
    """Refuse an SMTP URL the sender cannot use (checked at start-up)."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise ValueError(f"FACTCHECK_SMTP_URL must look like smtp://host:port (schemes: {', '.join(SCHEMES)}).")


def build(mail: Mail, sender: str, site_url: str = "") -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].rstrip(">") or None)
    site = site_url.rstrip("/")
    body = mail.body.replace("{site}", site)
    if mail.path:
        body += f"\n\n{site}{mail.path}\n"
    message.set_content(body)
    return message


def send(
    url: str, sender_name: str, sender: str, mails: list[Mail], *, site_url: str = "", timeout: float = 10.0
) -> int:
    """Send `mails` (one message per recipient, see `digest`) over one connection; returns how many the server
    accepted (failures are logged). `site_url` prefixes the pages the mails link to."""
    mails = digest(mails)
    if not mails:
        return 0
    parts = urlsplit(url)
    host, port = parts.hostname or "localhost", parts.port
    from_header = formataddr((sender_name, sender))
    sent = 0
    try:
        smtp: smtplib.SMTP
        if parts.scheme == "smtps":
            smtp = smtplib.SMTP_SSL(host, port or 465, timeout=timeout, context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(host, port or 25, timeout=timeout)
        with smtp:
            if parts.scheme == "smtp+starttls":
                smtp.starttls(context=ssl.create_default_context())
            if parts.username:
                smtp.login(unquote(parts.username), unquote(parts.password or ""))
            for mail in mails:
                try:
                    smtp.send_message(build(mail, from_header, site_url), from_addr=sender, to_addrs=[mail.to])
                    sent += 1
                except smtplib.SMTPException:
                    log.exception("mail to %s was refused", mail.to)
    except (OSError, smtplib.SMTPException):
        log.exception("could not send %d mail(s) through %s:%s", len(mails) - sent, host, port)
    return sent
