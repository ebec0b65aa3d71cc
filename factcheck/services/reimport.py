"""A new revision of an article in two steps: COMPUTE it outside any write, then WRITE it in one short transaction.

1. :func:`load_inputs` reads what the computation needs (the current revision, every claim's selectors and
   version) into plain values.
2. :func:`plan_revision` is pure: it re-anchors every claim on the new text, takes as new claims those the
   claim engine finds in the lines the old text did not have (a line already there was extracted when it came
   in), computes their sentence vectors and the revision's events. It takes seconds on a 2 M-character article
   and holds no lock: nothing has been written yet, so on SQLite no write transaction is open meanwhile.
3. :func:`write_revision` takes the write lock (SQLite) or the article's and claims' row locks in id order
   (PostgreSQL), re-checks that the article is still at the revision the plan was computed on (else a 409: a
   concurrent re-import won, nothing forks), re-anchors the few claims edited meanwhile, and writes the revision,
   the anchors and the new claims. The caller commits at once, so nobody ever sees a half-imported article.

A later background-work issue runs step 2 off the request; the steps are separate functions for that.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, func, select, update
from sqlalchemy.orm import Session

from factcheck import database
from factcheck.claims.anchoring import Anchor, AnchorResult, changed_spans, reanchor_many, selector_for
from factcheck.claims.extract import ExtractedClaim, extract_claims
from factcheck.models import AnchorState, Article, ArticleRevision, Claim, User, Verdict, text_sha256
from factcheck.services import audit, events, vectors
from factcheck.services.claims import store_extracted
from factcheck.services.errors import Conflict


@dataclass(frozen=True)
class OldClaim:
    id: int
    version: int
    anchor: Anchor
    revision_id: int
    needs_rereview: bool


# The columns re-anchoring reads and writes: plain rows, not ORM objects (cheap to load for 2,000 claims).
_COLUMNS = (
    Claim.id,
    Claim.version,
    Claim.start,
    Claim.end,
    Claim.quote,
    Claim.prefix,
    Claim.suffix,
    Claim.revision_id,
    Claim.needs_rereview,
)


def _old_claims(session: Session, article_id: int, *, lock: bool) -> list[OldClaim]:
    stmt = select(*_COLUMNS).where(Claim.article_id == article_id).order_by(Claim.id)
    if lock:
        database.begin_write(session)
        stmt = stmt.with_for_update(key_share=True)  # in id order, like every multi-row write (database.py)
    return [
        OldClaim(i, version, Anchor(start, end, quote, prefix, suffix), revision_id, bool(rereview))
        for i, version, start, end, quote, prefix, suffix, revision_id, rereview in session.execute(stmt)
    ]


@dataclass(frozen=True)
class Inputs:
    article_id: int
    revision_number: int
    old_text: str
    published_on: dt.date | None
    claims: tuple[OldClaim, ...]


@dataclass(frozen=True)
class Plan:
    inputs: Inputs
    text: str
    sha256: str
    origin: str
    url: str | None
    anchored: dict[int, AnchorResult]  # claim id -> where it sits in the new text
    new_claims: tuple[ExtractedClaim, ...]
    new_vectors: vectors.Encoded | None  # the new claims' sentence vectors, in their order
    events: events.ArticleEvents  # the new revision's events, written in place of the old ones


def load_inputs(session: Session, article: Article) -> Inputs:
    """What planning needs, read into plain values (no lock is taken)."""
    current = article.current_revision
    assert current is not None, "an article always has a revision"
    claims = _old_claims(session, article.id, lock=False)
    return Inputs(article.id, current.number, current.text, article.published_on, tuple(claims))


def _anchor_all(claims: tuple[OldClaim, ...] | list[OldClaim], old_text: str, text: str) -> dict[int, AnchorResult]:
    results = reanchor_many([c.anchor for c in claims], text, old_text=old_text)
    return {c.id: r for c, r in zip(claims, results, strict=True)}


def plan_revision(inputs: Inputs, text: str, origin: str, url: str | None) -> Plan:
    """Pure: the new revision's anchors, new claims (with their vectors) and events (no session, no lock)."""
    anchored = _anchor_all(inputs.claims, inputs.old_text, text)
    kept = _Spans([(r.start, r.end) for r in anchored.values() if r.start is not None and r.end is not None])
    extracted = extract_claims(text, inputs.published_on)  # the whole text: the events are read off all its claims
    changed = _Spans(changed_spans(inputs.old_text, text))
    new = [c for c in extracted if changed.overlaps(c.start, c.end) and not kept.overlaps(c.start, c.end)]
    encoded = vectors.encode([c.quote for c in new])
    computed = events.compute(text, inputs.published_on, extracted)
    return Plan(inputs, text, text_sha256(text), origin, url, anchored, tuple(new), encoded, computed)


class _Spans:
    """Sorted spans, asked whether a span overlaps any of them (in log time)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach: list[int] = []  # the furthest end among the first i + 1 spans
        for _, end in spans:
            self.reach.append(max(end, self.reach[-1]) if self.reach else end)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self.starts, end)  # the spans starting before `end`
        return i > 0 and self.reach[i - 1] > start


def _lock(session: Session, inputs: Inputs) -> tuple[Article, list[OldClaim]]:
    database.begin_write(session)
    (article,) = database.lock_rows(session, Article, [inputs.article_id])
    number = session.scalar(select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id))
    if number != inputs.revision_number:
        raise Conflict(
            f"The article changed while this import was being prepared (it is now at revision {number}, the "
            f"import was made from revision {inputs.revision_number}): nothing was saved; import it again.",
            fields={"text": "stale"},
        )
    return article, _old_claims(session, article.id, lock=True)


def write_revision(session: Session, actor: User | None, plan: Plan) -> tuple[Article, ArticleRevision, dict[str, int]]:
    """Write a plan in the caller's transaction (the caller commits right after). Raises Conflict when stale.

    The claims move in one UPDATE statement run for every claim (executemany), new claims go in with one
    INSERT: the write lock is held for well under a second even for a 2 M-character article. Claims that are
    no longer exactly where they were (fuzzy, orphan) get an audit event each; the others are listed in the
    caller's `article.revise` event (see `moved`)."""
    inputs = plan.inputs
    article, claims = _lock(session, inputs)
    planned = {c.id: c.version for c in inputs.claims}
    anchored = dict(plan.anchored)
    edited = [c for c in claims if planned.get(c.id) != c.version]
    if edited:  # changed (or added) since planning: anchor them again now; a handful at most
        anchored.update(_anchor_all(edited, inputs.old_text, plan.text))
    revision = ArticleRevision(
        article_id=article.id,
        number=inputs.revision_number + 1,
        text=plan.text,
        sha256=plan.sha256,
        origin=plan.origin,
        source_url=plan.url,
        created_by_id=actor.id if actor else None,
    )
    session.add(revision)
    session.flush()
    verdicted = set(
        session.scalars(select(Verdict.claim_id).join(Claim).where(Claim.article_id == article.id).distinct())
    )
    states: Counter[str] = Counter()
    rows: list[dict[str, Any]] = []
    for claim in claims:
        result = anchored[claim.id]
        states[result.state] += 1
        rows.append(_moved(session, actor, claim, result, revision, claim.id in verdicted))
    if rows:
        session.execute(_MOVE, rows)
        for obj in list(session.identity_map.values()):  # claims this session had loaded are stale now
            if isinstance(obj, Claim) and obj.article_id == article.id:
                session.expire(obj)
    spans = _Spans([(r["start"], r["end"]) for r in rows if r["anchor_state"] != AnchorState.ORPHAN.value])
    keep = [i for i, c in enumerate(plan.new_claims) if not (edited and spans.overlaps(c.start, c.end))]
    encoded = plan.new_vectors and (plan.new_vectors[0], [plan.new_vectors[1][i] for i in keep])
    states["new"] = store_extracted(session, article, revision, [plan.new_claims[i] for i in keep], encoded or None)
    return article, revision, dict(states)


_claims = cast(Table, Claim.__table__)
_MOVE = (
    update(_claims)
    .where(_claims.c.id == bindparam("b_id"), _claims.c.version == bindparam("b_version"))
    .values(
        {
            name: bindparam(name)
            for name in (
                "start",
                "end",
                "quote",
                "prefix",
                "suffix",
                "revision_id",
                "anchor_state",
                "anchor_score",
                "needs_rereview",
                "version",
            )
        }
    )
)


def _moved(
    session: Session,
    actor: User | None,
    claim: OldClaim,
    result: AnchorResult,
    revision: ArticleRevision,
    verdicted: bool,
) -> dict[str, Any]:
    """The claim's new columns (for _MOVE); an audit event when it is no longer exactly where it was."""
    row: dict[str, Any] = {
        "b_id": claim.id,
        "b_version": claim.version,
        "version": claim.version + 1,
        "start": claim.anchor.start,
        "end": claim.anchor.end,
        "quote": claim.anchor.exact,
        "prefix": claim.anchor.prefix,
        "suffix": claim.anchor.suffix,
        "revision_id": claim.revision_id,
        "anchor_state": AnchorState.ORPHAN.value,
        "anchor_score": 0.0,
        "needs_rereview": claim.needs_rereview or (result.changed and verdicted),
    }
    if result.start is not None and result.end is not None:
        sel = selector_for(revision.text, result.start, result.end)
        row.update(start=sel.start, end=sel.end, quote=sel.exact, prefix=sel.prefix, suffix=sel.suffix)
        row.update(revision_id=revision.id, anchor_state=result.state, anchor_score=result.score)
    if result.changed:
        a = claim.anchor
        before = {"start": a.start, "end": a.end, "quote": a.exact, "revision_id": claim.revision_id}
        data = {"before": before, "state": result.state, "score": result.score, "needs_rereview": row["needs_rereview"]}
        audit.record(session, actor, "claim.reanchor", "claim", claim.id, data)
    return row


def moved_exactly(plan: Plan) -> list[list[int]]:
    """[claim id, old start, new start] of every claim that anchored exactly: the article event lists them."""
    old = {c.id: c.anchor.start for c in plan.inputs.claims}
    return [
        [cid, old[cid], int(r.start)]
        for cid, r in sorted(plan.anchored.items())
        if not r.changed and r.start is not None and cid in old
    ]
