"""Report filters: what the report builder, the API and the CLI accept, validated into ReportFilters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from factcheck.claims.kinds import KINDS
from factcheck.ids import parse_id
from factcheck.models import Article, ClaimStatus, Rating, User, Verdict
from factcheck.services.errors import DomainError

DATE_FIELDS = ("approved", "published")
STATUSES = tuple(s.value for s in ClaimStatus if s is not ClaimStatus.NEW)
FILTER_KEYS = ("date", "from", "to", "outlet", "article", "reviewer", "approver", "rating", "kind", "status")


class InvalidFilter(DomainError):
    """A report filter that cannot be applied; names the filter and says why."""

    status = 400
    code = "invalid_filter"

    def __init__(self, name: str, why: str) -> None:
        super().__init__(f"Invalid filter {name!r}: {why}", fields={name: why})
        self.name = name
        self.why = why


@dataclass(frozen=True)
class ReportFilters:
    date_field: str = "approved"
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    outlet: str | None = None
    article_id: int | None = None
    reviewer_id: int | None = None
    approver_id: int | None = None
    rating_ids: tuple[int, ...] | None = None
    kind: str | None = None
    status: ClaimStatus | None = None
    labels: tuple[tuple[str, str], ...] = ()  # (filter, value as the user gave it) for report covers

    def describe(self) -> list[tuple[str, str]]:
        return list(self.labels) or [("filters", "none: every claim with a verdict")]

    def as_params(self) -> dict[str, str]:
        return {name: value for name, value in self.labels if name in FILTER_KEYS}


def _date(name: str, raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise InvalidFilter(name, f"{raw!r} is not a date (YYYY-MM-DD)") from None


def _numeric_id(name: str, raw: str) -> int | None:
    """`raw` as an id if it is written in digits (None if it is a slug or an email); InvalidFilter if its
    digits are not an id the database can hold (non-ASCII digits such as "²", or beyond 32 bits)."""
    if not raw.isnumeric():
        return None
    value = parse_id(raw)
    if value is None:
        raise InvalidFilter(name, f"{raw[:40]!r} is not a valid id")
    return value


def _user_id(session: Session, name: str, raw: str) -> int:
    user_id = _numeric_id(name, raw)
    stmt = (
        select(User.id).where(User.id == user_id)
        if user_id is not None
        else select(User.id).where(func.lower(User.email) == raw.lower())
    )
    found = session.scalar(stmt)
    if found is None:
        raise InvalidFilter(name, f"no user with the id or email {raw!r}")
    return found


def _article_id(session: Session, raw: str) -> int:
    article_id = _numeric_id("article", raw)
    cond = Article.id == article_id if article_id is not None else Article.slug == raw
    found = session.scalar(select(Article.id).where(cond))
    if found is None:
        raise InvalidFilter("article", f"no article with the id or slug {raw!r}")
    return found


def parse_filters(session: Session, raw: Mapping[str, Any]) -> ReportFilters:
    """Validate raw filter values (query string, CLI options); unknown keys are ignored, empty ones unset."""
    values = {k: str(raw.get(k) or "").strip() for k in FILTER_KEYS}
    kw: dict[str, Any] = {}
    if values["date"]:
        if values["date"] not in DATE_FIELDS:
            raise InvalidFilter("date", f"must be one of {', '.join(DATE_FIELDS)}")
        kw["date_field"] = values["date"]
    if values["from"]:
        kw["date_from"] = _date("from", values["from"])
    if values["to"]:
        kw["date_to"] = _date("to", values["to"])
        if kw.get("date_from") and kw["date_to"] < kw["date_from"]:
            raise InvalidFilter("to", "the end date is before the start date")
    if values["outlet"]:
        kw["outlet"] = values["outlet"]
    if values["article"]:
        kw["article_id"] = _article_id(session, values["article"])
    for name in ("reviewer", "approver"):
        if values[name]:
            kw[f"{name}_id"] = _user_id(session, name, values[name])
    if values["rating"]:
        ids = tuple(session.scalars(select(Rating.id).where(func.lower(Rating.label) == values["rating"].lower())))
        if not ids:
            raise InvalidFilter("rating", f"no rating is labelled {values['rating']!r}")
        kw["rating_ids"] = ids
    if values["kind"]:
        if values["kind"] not in KINDS:
            raise InvalidFilter("kind", f"must be one of {', '.join(KINDS)}")
        kw["kind"] = values["kind"]
    if values["status"]:
        if values["status"] not in STATUSES:
            raise InvalidFilter("status", f"must be one of {', '.join(STATUSES)}")
        kw["status"] = ClaimStatus(values["status"])
    labels = tuple((k, v) for k, v in values.items() if v)
    return ReportFilters(labels=labels, **kw)


def filter_choices(session: Session) -> dict[str, list[tuple[str, str]]]:
    """Values offered by the report builder's selects (outlets, articles, people, ratings)."""
    outlets = session.scalars(select(Article.outlet).where(Article.outlet != "").distinct().order_by(Article.outlet))
    arts = session.execute(select(Article.id, Article.title).order_by(Article.title).limit(500))
    people = session.execute(
        select(User.email, User.name)
        .where(or_(User.id.in_(select(Verdict.author_id)), User.id.in_(select(Verdict.approver_id))))
        .order_by(User.name)
    )
    labels = session.scalars(
        select(Rating.label).where(Rating.id.in_(select(Verdict.rating_id))).distinct().order_by(Rating.label)
    )
    return {
        "outlet": [(o, o) for o in outlets],
        "article": [(str(i), t) for i, t in arts],
        "people": [(e, n) for e, n in people],
        "rating": [(label, label) for label in labels],
    }
