"""Link checks: what re-fetching a published check's source found when it differed from what was known before.

The source row keeps its archived copy as first fetched; each change found later is a row here (history, never
an overwrite). A check that finds what the last row (or the source) says adds nothing.
"""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, StrEnumType, utcnow
from factcheck.models.source import Source


class LinkChange(enum.StrEnum):
    GONE = "gone"  # 404 or 410
    MOVED = "moved"  # redirects to a different final URL
    CHANGED = "changed"  # same place, different bytes (the hash differs)
    UNREACHABLE = "unreachable"  # another error: a 5xx, a timeout, a refused address
    RESTORED = "restored"  # answers again with the content last seen


class LinkCheck(Base):
    __tablename__ = "link_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    checked_at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)
    change: Mapped[LinkChange] = mapped_column(StrEnumType(LinkChange, 16))
    http_status: Mapped[int | None]
    # The content last seen at this point: the new one for moved/changed/restored, carried over otherwise.
    final_url: Mapped[str | None] = mapped_column(String(2000))
    sha256: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)

    source: Mapped[Source] = relationship()
