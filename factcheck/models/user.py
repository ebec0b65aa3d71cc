"""People who work in the workbench, and their API tokens (only hashes are stored)."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, StrEnumType, utcnow


class Role(enum.StrEnum):
    REVIEWER = "reviewer"
    EDITOR = "editor"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(StrEnumType(Role, 16), default=Role.REVIEWER)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[dt.datetime | None]

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user")

    # Flask-Login's protocol, written out so the model stays free of Flask.
    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_anonymous(self) -> bool:
        return False

    def use_login(self, token: str | None) -> None:
        """Tie this loaded row to one server-side sign-in (a LoginSession's token); get_id() then names it."""
        self._login_token = token

    @property
    def login_token(self) -> str | None:
        """The token of the sign-in this row was loaded for (None outside a signed-in browser request)."""
        token: str | None = getattr(self, "_login_token", None)
        return token

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember cookie: the id and the sign-in's token, so a
        cookie stops working once its sign-in has ended (services/logins.py)."""
        return f"{self.id}:{self.login_token}" if self.login_token else str(self.id)

    @property
    def is_editor(self) -> bool:
        return self.role in (Role.EDITOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(120), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[dt.datetime | None]
    revoked_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")


class LoginSession(Base):
    """One sign-in (a browser): cookies name it by a random token, of which only the hash is stored. Sign-out
    deletes it, a password change deletes all of the user's others, and it ends at `expires_at` regardless."""

    __tablename__ = "login_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)
