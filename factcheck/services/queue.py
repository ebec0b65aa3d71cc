"""The review queue: every claim, filtered, sorted and paginated in a constant number of statements.

One capped COUNT (exact up to COUNT_CAP, then "1,000+") and one page SELECT (claims joined to their article and
assignee), whatever the number of claims; the filter choices (reviewers, outlets) are one statement each, and
the article filter is a search field (`article_search`) rather than a list of every article. Pages are keyset
pages (services/keyset.py): "next" starts after the last claim shown, so a deep page costs what the first does;
numbered pages (`page=N`, OFFSET) still answer old links.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, String, func, select, type_coerce
from sqlalchemy.orm import Session, contains_eager

from factcheck import database, policy
from factcheck.ids import parse_id
from factcheck.models import Article, Claim, ClaimStatus, ClaimTag, Triage, User
from factcheck.services import article_picker, claims, keyset, queue_ranking, timeline
from factcheck.services.errors import Conflict, TooLarge, ValidationError

SORTS = {
    "score": "highest score first",
    "position": "article, then order in the text",
    "age": "oldest first",
    "newest": "newest first",
}
TRIAGES = {"suggested": "suggested by the engine", "accepted": "to check", "dismissed": "dismissed"}
DEADLINES = {
    "overdue": "overdue",
    "week": "due within 7 days",
    "set": "with a due date",
    "none": "without a due date",
}
DONE = (ClaimStatus.APPROVED, ClaimStatus.PUBLISHED)  # nothing left to do by a due date (nor once dismissed)
PER_PAGE = 50
MAX_PER_PAGE = 200
# Claims one bulk action may touch: a queue page holds at most MAX_PER_PAGE, and an unbounded list of ids would
# become an unbounded IN (...) (PostgreSQL refuses more than 65,535 bind parameters in one statement).
MAX_BULK = 1000
COUNT_CAP = 1000  # matching claims are counted exactly up to here; beyond, the queue says "1,000+"

# Each sort as keyset keys (column, descending), ending in the unique id; the kinds decode a cursor.
SORT_KEYS: dict[str, tuple[keyset.Key, ...]] = {
    "score": ((Claim.checkworthiness, True), (Claim.id, True)),  # equal scores: newest claim first
    "position": ((Claim.article_id, False), (Claim.start, False), (Claim.id, False)),
    "age": ((Claim.created_at, False), (Claim.id, False)),
    "newest": ((Claim.created_at, True), (Claim.id, True)),
}
SORT_KINDS: dict[str, tuple[type, ...]] = {
    "score": (float, int),
    "position": (int, int, int),
    "age": (dt.datetime, int),
    "newest": (dt.datetime, int),
}


@dataclass(frozen=True)
class QueueFilters:
    status: str = ""
    triage: str = ""  # suggested | accepted | dismissed
    kind: str = ""
    article_id: int | None = None
    article_title: str = ""  # claims of the articles whose title contains this (the picker without JavaScript)
    outlet: str = ""
    assignee: str = ""  # "" any, "none" unassigned, or a user id
    score_min: float | None = None
    score_max: float | None = None
    due: bool = False  # predictions whose revisit date has passed
    conflicts: bool = False  # claims about an event that another claim (or this article) disagrees on
    speaker: str = ""  # exactly this speaker; "none" for claims that name nobody
    tag: str = ""
    deadline: str = ""  # a key of DEADLINES: the claim's due date
    sort: str = "score"
    today: dt.date | None = None

    def with_page_args(self) -> dict[str, Any]:
        """The filters as query-string arguments (empty ones left out), for pagination links."""
        args: dict[str, Any] = {
            "status": self.status,
            "triage": self.triage,
            "kind": self.kind,
            "article": f"#{self.article_id}" if self.article_id else self.article_title,
            "outlet": self.outlet,
            "assignee": self.assignee,
            "score_min": "" if self.score_min is None else self.score_min,
            "score_max": "" if self.score_max is None else self.score_max,
            "due": "1" if self.due else "",
            "conflicts": "1" if self.conflicts else "",
            "speaker": self.speaker,
            "tag": self.tag,
            "deadline": self.deadline,
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
    next_cursor: str | None = None  # the cursor of the next page (None on the last one)
    prev_cursor: str | None = None  # the cursor of the page before (None on the first one)
    reviewers: list[User] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    article_label: str = ""  # what the article search field shows for the filter

    @property
    def capped(self) -> bool:
        """More claims match than were counted: `total` is COUNT_CAP + 1."""
        return self.total > COUNT_CAP

    learned: dict[int, float] = field(default_factory=dict)  # the active learned ranker's scores (score sort)
    numbered: bool = False  # pages by number (the learned ranking's order has no keyset cursor)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_prev(self) -> bool:
        return self.prev_cursor is not None


def _no_index(column: Any) -> ColumnElement[str]:
    """`column || ''`: the same value, in an expression no index serves. A status or kind matches a large share
    of the claims; SQLite (no planner statistics) would still pick its index and sort every match, where walking
    the index of the order and skipping non-matches stops after one page (0.4 ms instead of 80 at 100,000)."""
    return type_coerce(column.op("||")(""), String)


def _filtered(stmt: Select[Any], f: QueueFilters, *, indexed: bool = False) -> Select[Any]:
    """The filters on a statement over claims joined to their articles. `indexed`: status, triage and kind as
    plain columns, their indexes usable (for the capped count, which has no order to walk: the index of an
    equality stops after COUNT_CAP matches, where the page's order index would read every non-match)."""
    plain = (lambda column: column) if indexed else _no_index
    if f.status:
        stmt = stmt.where(plain(Claim.status) == f.status)
    if f.triage:
        stmt = stmt.where(plain(Claim.triage) == f.triage)
    if f.kind:
        stmt = stmt.where(plain(Claim.kind) == f.kind)
    if f.article_id is not None:
        stmt = stmt.where(Claim.article_id == f.article_id)
    elif f.article_title:
        like = f"%{article_picker.escape_like(f.article_title)}%"
        titled = select(Article.id).where(Article.title.ilike(like, escape="\\"))
        stmt = stmt.where(Claim.article_id.in_(titled))
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
    return _desk_filtered(stmt, f)


def _desk_filtered(stmt: Select[Any], f: QueueFilters) -> Select[Any]:
    """Speaker, tag and due date (issue 12)."""
    if f.speaker == "none":
        stmt = stmt.where(Claim.speaker.is_(None))
    elif f.speaker:
        stmt = stmt.where(Claim.speaker == f.speaker)
    if f.tag:
        stmt = stmt.where(Claim.id.in_(select(ClaimTag.claim_id).where(ClaimTag.tag == f.tag.lower())))
    today = f.today or dt.datetime.now(dt.UTC).date()
    if f.deadline == "overdue":
        stmt = stmt.where(Claim.due_on < today, Claim.status.not_in(DONE), Claim.triage != Triage.DISMISSED)
    elif f.deadline == "week":
        stmt = stmt.where(Claim.due_on >= today, Claim.due_on <= today + dt.timedelta(days=7))
    elif f.deadline == "set":
        stmt = stmt.where(Claim.due_on.is_not(None))
    elif f.deadline == "none":
        stmt = stmt.where(Claim.due_on.is_(None))
    return stmt


def cursor_of(claim: Claim, sort: str) -> str:
    """The keyset cursor of a claim in a sort order: the next page starts after it."""
    return keyset.encode([getattr(claim, column.key) for column, _desc in SORT_KEYS[sort]])


def _narrowed(f: QueueFilters) -> bool:
    """Whether a filter with an index of its own and usually few matches is set (an article, a speaker, a tag…):
    that index should serve the count, not the broad status, triage or kind (SQLite keeps no statistics)."""
    named = (f.article_title, f.outlet, f.assignee, f.speaker, f.tag, f.deadline)
    return f.article_id is not None or any(named) or f.due or f.conflicts


def _count(session: Session, filters: QueueFilters) -> int:
    """The number of matching claims, counted up to COUNT_CAP + 1 (one statement that stops there). Every claim
    has an article: it is joined only when the outlet filter needs it."""
    stmt = select(Claim.id).join(Claim.article) if filters.outlet else select(Claim.id)
    capped = _filtered(stmt, filters, indexed=not _narrowed(filters)).limit(COUNT_CAP + 1).subquery()
    return int(session.scalar(select(func.count()).select_from(capped)) or 0)


def _clamped_page(page: int, per_page: int, total: int) -> int:
    """A numbered page within the pages there are (the last one is unknown past the capped count)."""
    last_page = max(1, -(-total // per_page)) if total <= COUNT_CAP else page
    return max(1, min(page, last_page))


def _learned_page(
    session: Session, stmt: Select[Any], filters: QueueFilters, page: int, per_page: int, total: int
) -> QueuePage:
    """The score sort while a learned ranker ranks the queue: its stored scores order the page, numbered pages."""
    page = _clamped_page(page, per_page, total)
    ordered = queue_ranking.by_score(_filtered(stmt, filters)).limit(per_page).offset((page - 1) * per_page)
    rows: list[Any] = list(session.execute(ordered).unique().all())
    learned = {row[0].id: float(row[1]) for row in rows if row[1] is not None}
    claims_ = [row[0] for row in rows]
    return QueuePage(
        claims=claims_, total=total, page=page, per_page=per_page, filters=filters, learned=learned, numbered=True
    )


def claims_slice(session: Session, filters: QueueFilters, *, limit: int, offset: int) -> tuple[int, list[Claim]]:
    """For the API: the number of matching claims and one slice of them in id order (two statements)."""
    total = session.scalar(_filtered(select(func.count(Claim.id)).select_from(Claim).join(Claim.article), filters))
    stmt = _filtered(select(Claim).join(Claim.article), filters).order_by(Claim.id).limit(limit).offset(offset)
    return int(total or 0), list(session.scalars(stmt))


def claims_page(
    session: Session,
    filters: QueueFilters,
    *,
    page: int = 1,
    per_page: int | None = None,
    after: str = "",
    before: str = "",
) -> QueuePage:
    """One page of the queue in two statements (capped count, page) whatever the filters: the page after the
    claim of cursor `after`, before the claim of cursor `before`, else numbered page `page` (OFFSET)."""
    per_page = max(1, min(per_page or PER_PAGE, MAX_PER_PAGE))
    if filters.sort not in SORTS:
        filters = replace(filters, sort="score")
    keys, kinds = SORT_KEYS[filters.sort], SORT_KINDS[filters.sort]
    total = _count(session, filters)
    stmt = (
        select(Claim)
        .join(Claim.article)
        .outerjoin(Claim.assignee)
        .options(contains_eager(Claim.article), contains_eager(Claim.assignee))
    )
    if filters.sort == "score" and queue_ranking.is_active(session):
        return _learned_page(session, stmt, filters, page, per_page, total)
    stmt = _filtered(stmt, filters)
    backwards = not after and bool(before)
    values = keyset.decode(after or before, kinds)
    if values is not None:
        page = 0  # a keyset page has no number
        stmt = stmt.where(keyset.beyond(keys, values, backwards=backwards))
    else:
        backwards = False
        page = _clamped_page(page, per_page, total)
        if page > 1:
            # The skipped rows are counted over the claims' order index alone, then only the page's rows are
            # joined to their articles and assignees (OFFSET over the joined rows read each one: 380 ms at
            # page 1000 of 100,000).
            skipped = select(Claim.id).join(Claim.article) if filters.outlet else select(Claim.id)
            skipped = _filtered(skipped, filters).order_by(*keyset.order_by(keys))
            stmt = stmt.where(Claim.id.in_(skipped.offset((page - 1) * per_page).limit(per_page + 1)))
    stmt = stmt.order_by(*keyset.order_by(keys, backwards=backwards)).limit(per_page + 1)
    rows = list(session.scalars(stmt).unique())
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
    result = QueuePage(claims=rows, total=total, page=page, per_page=per_page, filters=filters)
    if rows:
        result.next_cursor = cursor_of(rows[-1], filters.sort) if (more or backwards) else None
        earlier = more if backwards else (values is not None or page > 1)
        result.prev_cursor = cursor_of(rows[0], filters.sort) if earlier else None
    return result


def reviewers(session: Session) -> list[User]:
    """Everyone who can be assigned a claim (active staff), by name."""
    return list(session.scalars(select(User).where(User.active.is_(True)).order_by(User.name, User.id)))


def outlet_choices(session: Session) -> list[str]:
    rows = session.scalars(select(Article.outlet).where(Article.outlet != "").distinct().order_by(Article.outlet))
    return [str(o) for o in rows]


def queue(
    session: Session,
    filters: QueueFilters,
    *,
    page: int = 1,
    per_page: int | None = None,
    after: str = "",
    before: str = "",
) -> QueuePage:
    """The queue page with its filter choices: four statements (five with an article picked)."""
    result = claims_page(session, filters, page=page, per_page=per_page, after=after, before=before)
    result.reviewers = reviewers(session)
    result.outlets = outlet_choices(session)
    result.article_label = article_picker.label(session, filters.article_id, filters.article_title)
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
    """Assign (to `assignee`, or nobody), accept for checking, dismiss or restore (a dismissed claim) every
    ticked claim, given as id -> the version shown.

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
            elif action == "accept":
                claims.accept(session, actor, claim, checked[claim.id])
            elif action == "suggest":
                claims.restore(session, actor, claim, checked[claim.id])
            else:
                claims.dismiss(session, actor, claim, checked[claim.id], reason="bulk dismiss")
        except Conflict as exc:
            raise BulkConflict(claim.id) from exc
    return found
