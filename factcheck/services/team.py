"""The team in the browser: invitations and password-reset links (one-time, expiring), roles, disabling.

A link's token is shown once (to the admin, and in the e-mail when mail is configured); only its hash is
stored. Redeeming a link sets the password, ends every sign-in of the account and spends all its open links."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import policy
from factcheck.models import AccountLink, LinkPurpose, Role, User, utcnow
from factcheck.services import audit, logins, users
from factcheck.services.errors import Conflict, PermissionDenied, ValidationError, parse_choice

INVITE_LIFETIME = dt.timedelta(hours=72)
RESET_LIFETIME = dt.timedelta(hours=24)
NO_PASSWORD = "!"  # an invited account's password hash until its link is used: matches no password


@dataclass(frozen=True)
class IssuedLink:
    user: User
    link: AccountLink
    token: str


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _admin(actor: User) -> None:
    if not policy.can_manage_users(actor):
        raise PermissionDenied("Only admins manage the team.")


def _issue(session: Session, actor: User, user: User, purpose: LinkPurpose, lifetime: dt.timedelta) -> IssuedLink:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    link = AccountLink(
        user_id=user.id,
        purpose=purpose,
        token_hash=_hash(token),
        created_by_id=actor.id,
        created_at=now,
        expires_at=now + lifetime,
    )
    session.add(link)
    session.flush()
    audit.record(session, actor, f"user.{purpose}_link", "user", user.id, {"expires_at": link.expires_at.isoformat()})
    return IssuedLink(user, link, token)


def invite(session: Session, actor: User, *, email: str, name: str, role: Role | str) -> IssuedLink:
    """A new account with no password yet, and the one-time link (72 hours) with which its owner sets one."""
    _admin(actor)
    email = users.normalize_email(email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(
            f"{email} already has an account: issue a password-reset link instead.", fields={"email": "taken"}
        )
    # create_user checks the email, name and role; the random password is replaced by one that matches nothing.
    user = users.create_user(session, actor, email=email, name=name, role=role, password=secrets.token_urlsafe(24))
    user.password_hash = NO_PASSWORD
    return _issue(session, actor, user, LinkPurpose.INVITE, INVITE_LIFETIME)


def reset_link(session: Session, actor: User, user: User) -> IssuedLink:
    """A one-time link (24 hours) with which `user` sets a new password; earlier open links stop working."""
    _admin(actor)
    if not user.active:
        raise ValidationError(f"{user.name}'s account is disabled: enable it first.")
    _spend_links(session, user)
    purpose = LinkPurpose.INVITE if user.password_hash == NO_PASSWORD else LinkPurpose.RESET
    return _issue(session, actor, user, purpose, INVITE_LIFETIME if purpose is LinkPurpose.INVITE else RESET_LIFETIME)


def _spend_links(session: Session, user: User) -> None:
    now = utcnow()
    for link in session.scalars(
        select(AccountLink).where(AccountLink.user_id == user.id, AccountLink.used_at.is_(None))
    ):
        link.used_at = now
    session.flush()


def open_link(session: Session, token: str) -> AccountLink | None:
    """The unspent, unexpired link this token names, for an active account; None otherwise."""
    if not token or len(token) > 100:
        return None
    link = session.scalar(select(AccountLink).where(AccountLink.token_hash == _hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow() or not link.user.active:
        return None
    return link


def redeem(session: Session, token: str, password: str) -> User:
    """Set the password the link's holder chose; every sign-in of the account ends and its links are spent."""
    link = open_link(session, token)
    if link is None:
        raise ValidationError("This link has expired or was already used: ask an admin for a new one.")
    user = link.user
    users.change_password(session, user, password, keep_current=None, actor=user)
    _spend_links(session, user)
    audit.record(session, user, f"user.{link.purpose}_redeemed", "user", user.id, {"link": link.id})
    return user


def _admins(session: Session) -> int:
    return session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN, User.active.is_(True))) or 0


def set_role(session: Session, actor: User, user: User, role: Role | str) -> None:
    _admin(actor)
    new = parse_choice(Role, role, f"Unknown role {role!r}: use reviewer, editor or admin.", "role")
    if new == user.role:
        return
    if user.role == Role.ADMIN and user.active and _admins(session) <= 1:
        raise ValidationError("The desk needs at least one admin: make someone else an admin first.")
    old, user.role = user.role, new
    session.flush()
    audit.record(session, actor, "user.role", "user", user.id, {"from": old, "to": new})


def set_active(session: Session, actor: User, user: User, active: bool) -> None:
    """Disable (every sign-in ends at once, API tokens stop working) or enable an account."""
    _admin(actor)
    if active == user.active:
        return
    if not active and user.id == actor.id:
        raise ValidationError("You cannot disable your own account.")
    if not active and user.role == Role.ADMIN and _admins(session) <= 1:
        raise ValidationError("The desk needs at least one active admin.")
    users.set_active(session, actor, user, active)
    if not active:
        logins.end_others(session, user, keep=None)
    session.flush()


def pending_invitation(session: Session, user: User) -> AccountLink | None:
    """The newest open invitation of an account that has not set its password yet."""
    if user.password_hash != NO_PASSWORD:
        return None
    stmt = (
        select(AccountLink)
        .where(AccountLink.user_id == user.id, AccountLink.used_at.is_(None))
        .order_by(AccountLink.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def change_own_password(session: Session, user: User, current: str, new: str, *, keep: str | None) -> int:
    """The signed-in person changes their password; every other sign-in of theirs ends (returns how many)."""
    if not users.password_matches(user, current):
        raise ValidationError("The current password is not right.", fields={"current": "wrong"})
    if new == current:
        raise ValidationError("Choose a password different from the current one.", fields={"password": "same"})
    return users.change_password(session, user, new, keep_current=keep, actor=user)
