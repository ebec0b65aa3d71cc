"""Notifications: each person's inbox, and the same news by e-mail (services/mail.py) when mail is configured.

What notifies whom: a claim assigned to you, your verdict returned or approved, an @mention in a comment
(`@` and the part of the person's email before the `@`, or their name without spaces), a reader's request
(every editor). Nobody is notified of their own action; a disabled account gets nothing."""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from factcheck.models import Claim, Notification, NotificationKind, Role, User, utcnow
from factcheck.services import mail

MENTION = re.compile(r"(?<![\w@])@([\w.+-]{2,64})")
INBOX_SIZE = 100


def claim_path(claim_id: int) -> str:
    return f"/work/claims/{claim_id}"


def _quote(claim: Claim) -> str:
    text = " ".join(claim.quote.split())
    return f"“{text[:117]}…”" if len(text) > 120 else f"“{text}”"


def notify(
    session: Session, recipients: Iterable[User], actor: User | None, kind: NotificationKind, text: str, path: str
) -> list[Notification]:
    """One inbox line (and one queued e-mail) for each active recipient other than the actor."""
    made = []
    seen: set[int] = set()
    for user in recipients:
        if not user.active or user.id in seen or (actor is not None and user.id == actor.id):
            continue
        seen.add(user.id)
        row = Notification(user_id=user.id, kind=kind, text=text[:500], link=path, actor_id=actor.id if actor else None)
        session.add(row)
        made.append(row)
        mail.queue(session, mail.Mail(to=user.email, subject=text[:150], body=text, path=path))
    session.flush()
    return made


def claim_assigned(session: Session, actor: User, claim: Claim, assignee: User | None) -> None:
    if assignee is not None:
        text = f"{actor.name} assigned you a claim: {_quote(claim)}"
        notify(session, [assignee], actor, NotificationKind.ASSIGNED, text, claim_path(claim.id))


def verdict_decided(
    session: Session, actor: User, claim: Claim, author: User, approved: bool, comment: str = ""
) -> None:
    if approved:
        kind, text = NotificationKind.APPROVED, f"{actor.name} approved your verdict on {_quote(claim)}"
    else:
        kind, text = NotificationKind.RETURNED, f"{actor.name} returned your verdict on {_quote(claim)}: {comment}"
    notify(session, [author], actor, kind, text, claim_path(claim.id))


def mentioned_users(session: Session, body: str) -> list[User]:
    """The active people a comment names with @handle: the part of their email before the @, or their name
    without spaces (case ignored)."""
    handles = {h.casefold().rstrip(".") for h in MENTION.findall(body)}
    if not handles:
        return []
    people = session.scalars(select(User).where(User.active.is_(True)).order_by(User.id))
    return [
        u
        for u in people
        if u.email.split("@", 1)[0].casefold() in handles or "".join(u.name.split()).casefold() in handles
    ]


def comment_mentions(session: Session, actor: User, claim: Claim, body: str) -> None:
    people = mentioned_users(session, body)
    if people:
        excerpt = " ".join(body.split())[:200]
        text = f"{actor.name} mentioned you on {_quote(claim)}: {excerpt}"
        notify(session, people, actor, NotificationKind.MENTIONED, text, claim_path(claim.id))


def reader_request(session: Session, kind: str, body: str) -> None:
    editors = session.scalars(select(User).where(User.role.in_([Role.EDITOR, Role.ADMIN]), User.active.is_(True)))
    what = "a correction" if kind == "correction" else "a claim to check"
    excerpt = " ".join(body.split())[:200]
    notify(
        session,
        list(editors),
        None,
        NotificationKind.READER_REQUEST,
        f"A reader asks for {what}: {excerpt}",
        "/publish/",
    )


def inbox(session: Session, user: User, limit: int = INBOX_SIZE) -> list[Notification]:
    stmt = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def unread_count(session: Session, user: User) -> int:
    stmt = select(func.count(Notification.id)).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    return session.scalar(stmt) or 0


def mark_read(session: Session, user: User, notification_id: int | None = None) -> int:
    """Mark one of the user's notifications (or all of them) read; returns how many changed."""
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notification_id is not None:
        stmt = stmt.where(Notification.id == notification_id)
    result = session.execute(stmt.values(read_at=utcnow()).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
