"""Events across articles: what happened (or was planned), each article's mentions of it, and where they disagree.

An `Event` is what the articles speak of (a meeting, a visit, a vote), summarised from its mentions: its `status`,
`date` and `place` are recomputed whenever its mentions change (services/events.py). An `EventMention` is one
article's words about it, as that article gives them (its own date, place and status, and the words that gave
them); a re-import replaces the article's mentions. An `EventConflict` is derived: two mentions that disagree
(date, place, status) or one article's statuses that cannot both hold; recomputed with the event's summary.
"""

from __future__ import annotations

import datetime as dt
from typing import TypedDict

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.models.article import Article, ArticleRevision
from factcheck.models.base import Base, utcnow
from factcheck.models.claim import Claim


class StatusPhrase(TypedDict):
    """Words of a claim that give an event a status ("called off") or a qualifier ("postponed")."""

    status: str | None
    qualifier: str | None
    words: str
    start: int
    end: int


class ConflictSide(TypedDict):
    """One side of a disagreement: the words (offsets in that mention's revision text) and what they say."""

    words: str
    start: int
    end: int
    value: str


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    what: Mapped[str] = mapped_column(String(40))  # meeting | summit | visit | vote | ...
    kind_group: Mapped[str] = mapped_column(String(40), index=True)  # meeting for meeting, talks and summit
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)
    place: Mapped[str | None] = mapped_column(String(200))
    date: Mapped[str | None] = mapped_column(String(10))  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: Mapped[str | None] = mapped_column(String(8))  # day | week | month | year
    date_from: Mapped[dt.date | None] = mapped_column(index=True)  # the days `date` covers, for windows and order
    date_to: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(16), default="unknown")  # the latest article's word for it
    qualifier: Mapped[str | None] = mapped_column(String(16))  # postponed | rescheduled | online
    topic: Mapped[str | None] = mapped_column(String(200))  # the treaty of a withdrawal
    search: Mapped[str] = mapped_column(Text, default="")  # lower-case: |participants|place|country|what|topic|
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class EventMention(Base):
    __tablename__ = "event_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    revision_id: Mapped[int] = mapped_column(ForeignKey("article_revisions.id"))
    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    claim_start: Mapped[int]  # the sentence the engine read, in the revision's text
    claim_end: Mapped[int]
    quote: Mapped[str] = mapped_column(Text)  # that sentence's text
    start: Mapped[int]  # the event words ("meeting", "called off meeting")
    end: Mapped[int]
    trigger: Mapped[str] = mapped_column(String(200))
    what: Mapped[str | None] = mapped_column(String(40))  # None: words that only point at an event
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)
    place: Mapped[str | None] = mapped_column(String(200))
    place_start: Mapped[int | None]
    place_end: Mapped[int | None]
    date: Mapped[str | None] = mapped_column(String(10))
    precision: Mapped[str | None] = mapped_column(String(8))
    date_words: Mapped[str | None] = mapped_column(String(200))
    date_start: Mapped[int | None]
    date_end: Mapped[int | None]
    date_basis: Mapped[str] = mapped_column(String(200), default="")  # the words that decided a relative date
    status: Mapped[str] = mapped_column(String(16))
    words: Mapped[str] = mapped_column(String(300), default="")  # what gave the status: "called off", "past tense: met"
    phrases: Mapped[list[StatusPhrase]] = mapped_column(JSON, default=list)
    qualifier: Mapped[str | None] = mapped_column(String(16))
    topic: Mapped[str | None] = mapped_column(String(200))
    manual: Mapped[bool] = mapped_column(default=False)  # placed by a reviewer (split or merge): kept on re-import
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship()
    article: Mapped[Article] = relationship()
    revision: Mapped[ArticleRevision] = relationship()
    claim: Mapped[Claim | None] = relationship()


class EventConflict(Base):
    __tablename__ = "event_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # date | place | status | status_in_article
    detail: Mapped[str] = mapped_column(String(300))
    a_mention_id: Mapped[int] = mapped_column(ForeignKey("event_mentions.id"), index=True)
    b_mention_id: Mapped[int] = mapped_column(ForeignKey("event_mentions.id"), index=True)
    a: Mapped[ConflictSide] = mapped_column(JSON)
    b: Mapped[ConflictSide] = mapped_column(JSON)

    a_mention: Mapped[EventMention] = relationship(foreign_keys=[a_mention_id])
    b_mention: Mapped[EventMention] = relationship(foreign_keys=[b_mention_id])
