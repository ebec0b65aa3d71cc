"""Sign-ins kept on the server. Each sign-in is a LoginSession row named by a random token (only its hash is
stored); the browser's session and remember-me cookies carry the user id and that token (User.get_id), so a
cookie works only while its row exists: sign-out deletes the row, a password change deletes the user's other
rows, and every row ends at `expires_at` (at most LOGIN_LIFETIME after the sign-in) whatever the cookie says.
Every sign-in gets a new token, so two sign-ins never share a cookie."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from factcheck.models import LoginSession, User, utcnow

LOGIN_LIFETIME = dt.timedelta(days=30)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start(session: Session, user: User, lifetime: dt.timedelta = LOGIN_LIFETIME) -> str:
    """Record a new sign-in of `user` (and forget the user's expired ones); returns its token."""
    token, now, user_id = secrets.token_urlsafe(32), utcnow(), user.id
    session.execute(delete(LoginSession).where(LoginSession.user_id == user_id, LoginSession.expires_at < now))
    session.add(LoginSession(user_id=user_id, token_hash=_hash(token), created_at=now, expires_at=now + lifetime))
    session.flush()
    user.use_login(token)
    return token


def user_for(session: Session, user_id: int, token: str) -> User | None:
    """The active user whose unexpired sign-in `token` names, tied to that sign-in; None otherwise (one query)."""
    stmt = (
        select(User)
        .join(LoginSession, LoginSession.user_id == User.id)
        .where(
            User.id == user_id,
            User.active.is_(True),
            LoginSession.token_hash == _hash(token),
            LoginSession.expires_at > utcnow(),
        )
    )
    user = session.scalar(stmt)
    if user is not None:
        user.use_login(token)
    return user


def end(session: Session, token: str | None) -> None:
    """Sign-out: the sign-in `token` names ends here, so no copy of its cookies works any more."""
    if token:
        session.execute(delete(LoginSession).where(LoginSession.token_hash == _hash(token)))


def end_others(session: Session, user: User, keep: str | None = None) -> int:
    """End every sign-in of `user` except the one `keep` names (all of them when None); returns how many."""
    stmt = delete(LoginSession).where(LoginSession.user_id == user.id)
    if keep:
        stmt = stmt.where(LoginSession.token_hash != _hash(keep))
    result = session.execute(stmt)
    return int(getattr(result, "rowcount", 0) or 0)


def active_count(session: Session, user: User) -> int:
    """How many unexpired sign-ins `user` has (for tests and the admin's eyes)."""
    rows = session.scalars(
        select(LoginSession.id).where(LoginSession.user_id == user.id, LoginSession.expires_at > utcnow())
    )
    return len(list(rows))
