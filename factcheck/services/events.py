"""Events across articles: an article's events computed from its claims, then stored and linked.

Two steps, so they slot into an import however it is split: `compute(text, published, claims)` is pure (the
engine's events of the article, from the claims already extracted), and `write(session, actor, article,
revision, computed)` replaces the article's mentions: each event of the article joins the stored event it is
the same as (services/event_linking.py: kind, parties, place and a date window), or becomes a new one. A mention a
reviewer placed by hand (a split or a merge) goes back to the event the reviewer chose. Every event touched is
summed up again from all its mentions, its disagreements recomputed, and an event left with no mention goes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from factcheck import database
from factcheck.claims.event_links import Side, conflicts_in_event
from factcheck.claims.event_summary import summarize
from factcheck.claims.events import Event as Found
from factcheck.claims.events import extract_events
from factcheck.claims.events_mentions import Mention
from factcheck.claims.extract import ExtractedClaim, extract_claims
from factcheck.models import AnchorState, Article, ArticleRevision, Claim, Event, EventConflict, EventMention, User
from factcheck.models.event import ConflictSide
from factcheck.services import audit
from factcheck.services.event_linking import Candidates
from factcheck.services.event_rows import apply_summary, mention_of, mention_row, new_event


@dataclass(frozen=True)
class ArticleEvents:
    """The events an article's text speaks of, as the engine found them (offsets in `text`)."""

    text: str
    published: dt.date | None
    events: list[Found]


@dataclass
class WriteResult:
    mentions: int = 0
    linked: list[int] = field(default_factory=list)  # stored events the article's events joined
    created: list[int] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)  # events left with no mention


def compute(text: str, published: dt.date | None, claims: Sequence[ExtractedClaim]) -> ArticleEvents:
    """The article's events from its extracted claims (pure: no session)."""
    return ArticleEvents(text, published, extract_events(text, published, list(claims)) if claims else [])


def _claim_for(m: Mention, claims: Sequence[tuple[int, int, int]]) -> int | None:
    """The stored claim that holds the mention: the same span, else one holding its event words."""
    exact = next((cid for cid, s, e in claims if (s, e) == m.claim), None)
    if exact is not None:
        return exact
    return next((cid for cid, s, e in claims if s <= m.start and m.end <= e), None)


PlacedKey = tuple[int | None, str, str]


def _placed_key(claim_id: int | None, quote: str, trigger: str) -> PlacedKey:
    """What identifies a mention a reviewer placed, from one import to the next: its claim (or, with none, its
    sentence) and its event words."""
    return claim_id, quote if claim_id is None else "", trigger.lower()


def write(
    session: Session, actor: User | None, article: Article, revision: ArticleRevision, computed: ArticleEvents
) -> WriteResult:
    """Replace the article's mentions with those of `computed` (events of `revision`), linked as the module says.
    An article that had no events and has none is not written to (and leaves no audit event).

    Linking is serialised (database.serialise): an import that finds no event to join creates one, and a second
    import running at the same instant must see that event, not create its twin."""
    if computed.events:
        database.serialise(session, database.EVENTS_LOCK)
    placed, touched = _forget(session, article)
    if not computed.events and not touched:
        return WriteResult()
    database.serialise(session, database.EVENTS_LOCK)  # a no-op when taken above (the same transaction)
    rows = session.execute(
        select(Claim.id, Claim.start, Claim.end).where(
            Claim.article_id == article.id, Claim.revision_id == revision.id, Claim.anchor_state != AnchorState.ORPHAN
        )
    )
    claims = [(int(i), int(s), int(e)) for i, s, e in rows]
    result, taken, candidates = WriteResult(), set[int](), Candidates(session, computed.events)
    plan: list[tuple[Found, Event | int, list[int | None], list[PlacedKey]]] = []
    for e in computed.events:
        claim_ids = [_claim_for(m, claims) for m in e.mentions]
        keys = [_placed_key(c, computed.text[m.claim[0] : m.claim[1]], m.trigger)
                for m, c in zip(e.mentions, claim_ids, strict=True)]  # fmt: skip
        manual = next((placed[k] for k in keys if k in placed), None)
        target_id = manual if manual is not None else candidates.best(e, taken)
        if target_id is None:
            new = new_event(e)
            session.add(new)
            plan.append((e, new, claim_ids, keys))
            continue
        if target_id not in touched:
            result.linked.append(target_id)
        taken.add(target_id)
        plan.append((e, target_id, claim_ids, keys))
    session.flush()  # the new events get their ids
    for e, target, claim_ids, keys in plan:
        target_id = target if isinstance(target, int) else target.id
        if not isinstance(target, int):
            result.created.append(target_id)
        touched.add(target_id)
        for m, claim_id, key in zip(e.mentions, claim_ids, keys, strict=True):
            row = mention_row(m, computed.text)
            row.event_id, row.article_id, row.revision_id, row.claim_id = target_id, article.id, revision.id, claim_id
            row.manual = placed.get(key) == target_id
            session.add(row)
        result.mentions += len(e.mentions)
    session.flush()
    result.removed = refresh(session, touched)
    details = {"revision": revision.number, "mentions": result.mentions, "linked": result.linked,
               "created": result.created, "removed": result.removed}  # fmt: skip
    audit.record(session, actor, "article.events", "article", article.id, details)
    return result


def rebuild_article(session: Session, actor: User | None, article: Article) -> WriteResult:
    """Compute the events of the article's current text again and write them (`flask events rebuild`)."""
    revision = article.current_revision
    if revision is None:
        return WriteResult()
    extracted = extract_claims(revision.text, article.published_on)
    return write(session, actor, article, revision, compute(revision.text, article.published_on, extracted))


def _forget(session: Session, article: Article) -> tuple[dict[PlacedKey, int], set[int]]:
    """Delete the article's mentions; return where a reviewer had placed some (by `_placed_key`) and the events
    they were mentions of."""
    old = list(session.scalars(select(EventMention).where(EventMention.article_id == article.id)))
    placed = {_placed_key(m.claim_id, m.quote, m.trigger): m.event_id for m in old if m.manual}
    touched = {m.event_id for m in old}
    if old:
        _drop_conflicts(session, touched)
        for row in old:
            session.delete(row)
        session.flush()
    return placed, touched


def _drop_conflicts(session: Session, event_ids: Iterable[int]) -> None:
    ids = sorted(set(event_ids))
    if ids:
        session.execute(delete(EventConflict).where(EventConflict.event_id.in_(ids)))


def refresh(session: Session, event_ids: Iterable[int]) -> list[int]:
    """Sum up each event again from all its mentions and recompute its disagreements; events left with no
    mention are deleted (their ids returned). Three statements and the writes, whatever the number of events."""
    ids = sorted(set(event_ids))
    if not ids:
        return []
    _drop_conflicts(session, ids)
    stmt = (
        select(EventMention, Article.published_on)
        .join(Article, Article.id == EventMention.article_id)
        .where(EventMention.event_id.in_(ids))
        .order_by(Article.published_on.is_(None).desc(), Article.published_on, Article.id, EventMention.start)
    )
    by_event: dict[int, list[tuple[EventMention, dt.date | None]]] = defaultdict(list)
    for row, published in session.execute(stmt):
        by_event[row.event_id].append((row, published))
    events = {e.id: e for e in session.scalars(select(Event).where(Event.id.in_(ids)))}
    gone = [i for i in ids if i not in by_event and i in events]
    for i in gone:
        session.delete(events[i])
    for event_id, rows in by_event.items():
        mentions = [mention_of(r) for r, _ in rows]
        apply_summary(events[event_id], summarize(mentions))
        for finding in _findings(rows, mentions):
            session.add(finding)
    session.flush()
    return gone


def _findings(rows: list[tuple[EventMention, dt.date | None]], mentions: list[Mention]) -> list[EventConflict]:
    """The disagreements among one event's mentions, as rows naming both mentions."""
    per_article: dict[int, list[Mention]] = defaultdict(list)
    published: dict[int, dt.date | None] = {}
    for (row, day), m in zip(rows, mentions, strict=True):
        per_article[row.article_id].append(m)
        published[row.article_id] = day
    members = [(a, Found("", [], None, None, None, "unknown", ms)) for a, ms in per_article.items()]
    found = conflicts_in_event(members, published)
    out: list[EventConflict] = []
    for f in found:
        a = _row_for(f.a, rows, mentions)
        b = _row_for(f.b, rows, mentions)
        out.append(EventConflict(event_id=a.event_id, kind=f.kind, detail=f.detail[:300], a_mention_id=a.id,
                                 b_mention_id=b.id, a=_side(f.a), b=_side(f.b)))  # fmt: skip
    return out


def _row_for(side: Side, rows: list[tuple[EventMention, dt.date | None]], mentions: list[Mention]) -> EventMention:
    """The stored mention a finding's side comes from: of its article and claim, the one whose date, place,
    status words or event words start where the side's words do."""
    mine = [(r, m) for (r, _), m in zip(rows, mentions, strict=True) if r.article_id == side.article
            and m.claim == side.claim]  # fmt: skip
    for row, m in mine:
        starts = {m.start, m.date.start if m.date else -1, m.place_at[0] if m.place_at else -1}
        if side.start in starts | {e.start for e in m.evidence}:
            return row
    return mine[0][0]


def _side(s: Side) -> ConflictSide:
    return {"words": s.words, "start": s.start, "end": s.end, "value": s.value}
