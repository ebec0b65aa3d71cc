"""Monitored outlets: RSS/Atom feeds an admin added, the items each poll imported, and the claims they brought.

A feed is polled on its own interval (conditional GET with the ETag and Last-Modified it last answered); each new
item (by GUID within the feed, by URL across every feed and article) becomes an article, and each of that
article's claims a MonitoredClaim row with its best "already checked" match, which the Monitor page lists.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.base import Base, utcnow
from factcheck.models.claim import Claim

MIN_POLL_MINUTES = 5  # the periodic task's own beat: a shorter interval would not be kept
MAX_POLL_MINUTES = 7 * 24 * 60


class Feed(Base):
    __tablename__ = "feeds"
    __table_args__ = (Index("ix_feeds_due", "active", "next_poll_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str] = mapped_column(String(300), default="")  # what the feed calls itself (or the admin)
    outlet: Mapped[str] = mapped_column(String(200), default="")  # the outlet its articles are filed under
    poll_minutes: Mapped[int] = mapped_column(Integer, default=60)
    active: Mapped[bool] = mapped_column(default=True)
    etag: Mapped[str | None] = mapped_column(String(300))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    next_poll_at: Mapped[dt.datetime | None]
    last_polled_at: Mapped[dt.datetime | None]
    last_success_at: Mapped[dt.datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    error_count: Mapped[int] = mapped_column(Integer, default=0)  # failed polls in a row
    items_imported: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def name(self) -> str:
        return self.title or self.outlet or self.url


class FeedItem(Base):
    """One entry of a feed as first seen: the article it became, or why it could not be imported."""

    __tablename__ = "feed_items"
    __table_args__ = (UniqueConstraint("feed_id", "guid"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    guid: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(2000), index=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    from_feed_text: Mapped[bool] = mapped_column(default=False)  # the page failed; imported from the entry itself
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class MonitoredClaim(Base):
    """A claim found in a monitored article, with its best "already checked" match when the poll found one."""

    __tablename__ = "monitored_claims"
    __table_args__ = (Index("ix_monitored_claims_order", "checked", "checkworthiness", "claim_id"),)

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"), index=True)
    checked: Mapped[bool] = mapped_column(default=False)  # an earlier check or another desk's review matches
    checkworthiness: Mapped[float] = mapped_column(default=0.0)  # the claim's score when found (the order)
    matched_claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id", ondelete="SET NULL"))
    external_check_id: Mapped[int | None] = mapped_column(ForeignKey("external_checks.id", ondelete="SET NULL"))
    match_score: Mapped[float | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    claim: Mapped[Claim] = relationship(foreign_keys=[claim_id])
    feed: Mapped[Feed] = relationship()
