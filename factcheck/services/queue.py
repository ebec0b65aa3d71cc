"""The review queue: every claim, filtered, sorted and paginated in a constant number of statements.

One COUNT and one page SELECT (claims joined to their article and assignee), whatever the number of claims;
the filter choices (reviewers, articles, outlets) are one statement each.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, contains_eager

from factcheck import database, policy
from factcheck.ids import parse_id
from factcheck.models import Article, Claim, User
from factcheck.services import claims, timeline
from factcheck.services.errors import Conflict, TooLarge, ValidationError

SORTS = {
    "score": "highest score first",
    "position": "article, then order in the text",
    "age": "oldest first",
    "newest": "newest first",
}
PER_PAGE = 50
MAX_PER_PAGE = 200
# Claims one bulk action may touch: a queue page holds at most MAX_PER_PAGE, and an unbounded list of ids would
# become an unbounded IN (...) (PostgreSQL refuses more than 65,535 bind parameters in one statement).
MAX_BULK = 1000


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    kind: str = ""
    article_id: int | None = None
    outlet: str = ""
    assignee: str = ""  # "" any, "none" unassigned, or a user id
    score_min: float | None = None
    score_max: float | None = None
    due: bool = False  # predictions whose revisit date has passed
    conflicts: bool = False  # claims about an event that another claim (or this article) disagrees on
    sort: str = "score"
    today: dt.date | None = None

    def with_page_args(self) -> dict[str, Any]:
        """The filters as query-string arguments (empty ones left out), for pagination links."""
        args: dict[str, Any] = {
            "status": self.status,
            "kind": self.kind,
            "article": self.article_id or "",
            "outlet": self.outlet,
            "assignee": self.assignee,
            "score_min": "" if self.score_min is None else self.score_min,
            "score_max": "" if self.score_max is None else self.score_max,
            "due": "1" if self.due else "",
            "conflicts": "1" if self.conflicts else "",
            "sort": self.sort if self.sort != "score" else "",
        }
        return {k: v for k, v in args.items() if v not in ("", None)}


@dataclass
class QueuePage:
    claims: list[Claim]
    total: int
    page: int
    per_page: int
    filters: QueueFilters
    reviewers: list[User] = field(default_factory=list)
    articles: list[tuple[int, str]] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_prev(self) -> bool:
        return self.page > 1


def _filtered(stmt: Select[Any], f: QueueFilters) -> Select[Any]:
    if f.status:
        stmt = stmt.where(Claim.status == f.status)
    if f.kind:
        stmt = stmt.where(Claim.kind == f.kind)
    if f.article_id is not None:
        stmt = stmt.where(Claim.article_id == f.article_id)
    if f.outlet:
        stmt = stmt.where(Article.outlet == f.outlet)
    if f.assignee == "none":
        stmt = stmt.where(Claim.assignee_id.is_(None))
    elif (assignee_id := parse_id(f.assignee)) is not None:
        stmt = stmt.where(Claim.assignee_id == assignee_id)
    if f.score_min is not None:
        stmt = stmt.where(Claim.checkworthiness >= f.score_min)
    if f.score_max is not None:
        stmt = stmt.where(Claim.checkworthiness <= f.score_max)
    if f.due:
        today = f.today or dt.datetime.now(dt.UTC).date()
        stmt = stmt.where(Claim.kind == "prediction", Claim.revisit_on.is_not(None), Claim.revisit_on <= today)
    if f.conflicts:
        stmt = stmt.where(Claim.id.in_(timeline.claims_with_conflicts()))
    return stmt


def _ordered(stmt: Select[Any], sort: str) -> Select[Any]:
    if sort == "position":
        return stmt.order_by(Claim.article_id, Claim.start, Claim.id)
    if sort == "age":
        return stmt.order_by(Claim.created_at, Claim.id)
    if sort == "newest":
        return stmt.order_by(Claim.created_at.desc(), Claim.id.desc())
    return stmt.order_by(Claim.checkworthiness.desc(), Claim.id)


def claims_slice(session: Session, filters: QueueFilters, *, limit: int, offset: int) -> tuple[int, list[Claim]]:
    """For the API: the number of matching claims and one slice of them in id order (two statements)."""
    total = session.scalar(_filtered(select(func.count(Claim.id)).select_from(Claim).join(Claim.article), filters))
    stmt = _filtered(select(Claim).join(Claim.article), filters).order_by(Claim.id).limit(limit).offset(offset)
    return int(total or 0), list(session.scalars(stmt))


def claims_page(session: Session, filters: QueueFilters, *, page: int = 1, per_page: int = PER_PAGE) -> QueuePage:
    """One page of the queue: two statements (count, page) whatever the filters."""
    per_page = max(1, min(per_page, MAX_PER_PAGE))
    if filters.sort not in SORTS:
        filters = replace(filters, sort="score")
    count_stmt = _filtered(select(func.count(Claim.id)).select_from(Claim).join(Claim.article), filters)
    total = int(session.scalar(count_stmt) or 0)
    last_page = max(1, -(-total // per_page))
    page = max(1, min(page, last_page))
    stmt = (
        select(Claim)
        .join(Claim.article)
        .outerjoin(Claim.assignee)
        .options(contains_eager(Claim.article), contains_eager(Claim.assignee))
    )
    stmt = _ordered(_filtered(stmt, filters), filters.sort).limit(per_page).offset((page - 1) * per_page)
    claims = list(session.scalars(stmt).unique())
    return QueuePage(claims=claims, total=total, page=page, per_page=per_page, filters=filters)


def reviewers(session: Session) -> list[User]:
    """Everyone who can be assigned a claim (active staff), by name."""
    return list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.name, User.id)))


def article_choices(session: Session) -> list[tuple[int, str]]:
    """(id, label): the title, then the outlet and dates, so two articles with one title can be told apart."""
    rows = session.execute(
        select(Article.id, Article.title, Article.outlet, Article.published_on, Article.created_at).order_by(
            Article.title, Article.id
        )
    )
    out = []
    for i, title, outlet, published, created in rows:
        when = f"published {published.isoformat()}" if published else f"imported {created.date().isoformat()}"
        label = f"{title if len(title) <= 60 else title[:59] + '…'} — {outlet or 'no outlet'}, {when}"
        out.append((int(i), label))
    return out


def outlet_choices(session: Session) -> list[str]:
    rows = session.scalars(select(Article.outlet).where(Article.outlet != "").distinct().order_by(Article.outlet))
    return [str(o) for o in rows]


def queue(session: Session, filters: QueueFilters, *, page: int = 1, per_page: int = PER_PAGE) -> QueuePage:
    """The queue page with its filter choices: five statements."""
    result = claims_page(session, filters, page=page, per_page=per_page)
    result.reviewers = reviewers(session)
    result.articles = article_choices(session)
    result.outlets = outlet_choices(session)
    return result


def claims_by_ids(session: Session, ids: list[int]) -> list[Claim]:
    """The claims with these ids, in id order; unknown ids are left out. One statement per MAX_BULK ids, so no
    list of ids ever exceeds a database's bind-parameter limit."""
    unique = sorted(set(ids))
    found: list[Claim] = []
    for start in range(0, len(unique), MAX_BULK):
        chunk = unique[start : start + MAX_BULK]
        found.extend(session.scalars(select(Claim).where(Claim.id.in_(chunk)).order_by(Claim.id)))
    return found


class BulkConflict(Conflict):
    """A ticked claim changed after the queue was shown: nothing of the bulk action is applied."""

    def __init__(self, claim_id: int) -> None:
        super().__init__(f"Claim {claim_id} changed after the queue was shown; nothing was applied.")
        self.claim_id = claim_id


def bulk_update(
    session: Session, actor: User, checked: dict[int, int], action: str, assignee: User | None = None
) -> list[Claim]:
    """Assign (to `assignee`, or nobody) or dismiss every ticked claim, given as id -> the version shown.

    All or nothing: a claim that is gone, not the actor's to change, or changed since (BulkConflict) refuses the
    whole action; the caller rolls back. More than MAX_BULK claims at once is refused (413) before any query."""
    if len(checked) > MAX_BULK:
        raise TooLarge(
            f"A bulk action takes at most {MAX_BULK:,} claims at a time, not {len(checked):,}.",
            fields={"claims": "too many"},
        )
    found = database.lock_rows(session, Claim, checked)  # in id order, like every multi-row write
    if len(found) != len(checked):
        raise ValidationError("Some of the ticked claims no longer exist; reload the queue.")
    if not all(policy.can_edit_claim(actor, c) for c in found):
        raise ValidationError("Some of the ticked claims cannot be changed by your account.")
    for claim in found:
        try:
            if action == "assign":
                claims.assign(session, actor, claim, assignee, checked[claim.id])
            else:
                claims.dismiss(session, actor, claim, checked[claim.id], reason="bulk dismiss")
        except Conflict as exc:
            raise BulkConflict(claim.id) from exc
    return found
