"""The team in the browser: one-time account links (invitations, password resets) and notifications."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, StrEnumType, utcnow
from factcheck.models.user import User


class LinkPurpose(enum.StrEnum):
    INVITE = "invite"
    RESET = "reset"


class AccountLink(Base):
    """A one-time link that lets its holder set the account's password: an invitation (the account has no
    password yet) or a reset. Only the token's hash is stored; the link works once, until `expires_at`."""

    __tablename__ = "account_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[LinkPurpose] = mapped_column(StrEnumType(LinkPurpose, 8))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])


class NotificationKind(enum.StrEnum):
    ASSIGNED = "assigned"
    RETURNED = "returned"
    APPROVED = "approved"
    MENTIONED = "mentioned"
    READER_REQUEST = "reader_request"


class Notification(Base):
    """One line in a person's inbox: what happened, to what (a link inside the workbench), when it was read."""

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[NotificationKind] = mapped_column(StrEnumType(NotificationKind, 16))
    text: Mapped[str] = mapped_column(String(500))
    link: Mapped[str] = mapped_column(String(500), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    read_at: Mapped[dt.datetime | None]
