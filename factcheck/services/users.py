"""Accounts: creation, password checks, API tokens."""

from __future__ import annotations

import functools
import hashlib
import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from factcheck.models import ApiToken, Role, User, utcnow
from factcheck.services import audit, logins
from factcheck.services.errors import Conflict, NotFound, ValidationError, parse_choice

MIN_PASSWORD = 12
TOKEN_PREFIX = "fct_"
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@functools.cache
def _dummy_hash() -> str:
    """A hash of a random password, checked when the email is unknown so timing does not reveal accounts.

    Computed on first use (scrypt is deliberately slow), not at import."""
    return generate_password_hash(secrets.token_hex(16), method="scrypt")


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            f"The password must have at least {MIN_PASSWORD} characters.", fields={"password": "too short"}
        )
    if password.strip() != password or len(set(password)) < 5:
        raise ValidationError("The password is too simple.", fields={"password": "too simple"})


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


def create_user(
    session: Session, actor: User | None, *, email: str, name: str, role: Role | str, password: str
) -> User:
    email = normalize_email(email)
    if not _EMAIL.match(email):
        raise ValidationError(f"{email!r} is not an email address.", fields={"email": "invalid"})
    role = parse_choice(Role, role, f"Unknown role {role!r}: use reviewer, editor or admin.", "role")
    name = name.strip()
    if not name or len(name) > 120:
        raise ValidationError("A name of 1 to 120 characters is needed.", fields={"name": "invalid"})
    check_password_rules(password)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise Conflict(f"A user with the email {email} already exists.", fields={"email": "taken"})
    user = User(email=email, name=name, role=role, password_hash=hash_password(password), active=True)
    session.add(user)
    session.flush()
    audit.record(session, actor, "user.create", "user", user.id, {"email": email, "role": role})
    return user


def authenticate(session: Session, email: str, password: str) -> User | None:
    """The user if the email and password match an active account; None otherwise, whatever the reason."""
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(user.password_hash, password) or not user.active:
        return None
    user.last_login_at = utcnow()
    return user


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def change_password(
    session: Session, user: User, new_password: str, *, keep_current: str | None = None, actor: User | None = None
) -> int:
    """Set a new password and end every other sign-in of the user: all but the one `keep_current` names (the
    changer's own, by its token), all of them when None (an admin's reset). Returns how many ended."""
    check_password_rules(new_password)
    user.password_hash = hash_password(new_password)
    ended = logins.end_others(session, user, keep=keep_current)
    audit.record(session, actor or user, "user.password_change", "user", user.id, {"sessions_ended": ended})
    return ended


def set_active(session: Session, actor: User | None, user: User, active: bool) -> None:
    user.active = active
    audit.record(session, actor, "user.activate" if active else "user.disable", "user", user.id)


def count_admins(session: Session) -> int:
    return session.scalar(select(func.count(User.id)).where(User.role == Role.ADMIN)) or 0


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(session: Session, actor: User | None, user: User, name: str = "") -> str:
    """Create a token for `user`; returns the plain token, which is shown once and never stored."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, name=name[:120], token_hash=_token_hash(token))
    session.add(row)
    session.flush()
    audit.record(session, actor, "token.create", "api_token", row.id, {"user_id": user.id, "name": name})
    return token


def user_for_token(session: Session, token: str) -> User | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
    if row is None or row.revoked_at is not None or not row.user.active:
        return None
    return row.user


def revoke_token(session: Session, actor: User | None, token_id: int) -> None:
    row = session.get(ApiToken, token_id)
    if row is None:
        raise NotFound(f"No token with id {token_id}.")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
        audit.record(session, actor, "token.revoke", "api_token", row.id)


def get_by_email(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == normalize_email(email)))
    if user is None:
        raise NotFound(f"No user with the email {email}.")
    return user


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.email)))
