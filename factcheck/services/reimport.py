"""A new revision of an article in two steps: COMPUTE it outside any write, then WRITE it in one short transaction.

1. :func:`load_inputs` reads what the computation needs (the current revision, every claim's selectors and
   version) into plain values.
2. :func:`plan_revision` is pure: it re-anchors every claim on the new text and extracts new claims from the
   lines the old text did not have. It takes seconds on a 2 M-character article and holds no lock: nothing has
   been written yet, so on SQLite no write transaction is open and other users write meanwhile.
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
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck import database
from factcheck.claims import ExtractedClaim, extract_claims, make_selector
from factcheck.claims.anchoring import Anchor, AnchorResult, changed_spans, reanchor_many, selector_for
from factcheck.models import AnchorState, Article, ArticleRevision, Claim, User, Verdict, text_sha256
from factcheck.services import audit
from factcheck.services.claims import claim_from_extracted
from factcheck.services.errors import Conflict


@dataclass(frozen=True)
class OldClaim:
    id: int
    version: int
    anchor: Anchor
    revision_id: int


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


def _old_claim(claim: Claim) -> OldClaim:
    anchor = Anchor(claim.start, claim.end, claim.quote, claim.prefix, claim.suffix)
    return OldClaim(claim.id, claim.version, anchor, claim.revision_id)


def load_inputs(session: Session, article: Article) -> Inputs:
    """What planning needs, read into plain values (no lock is taken)."""
    current = article.current_revision
    assert current is not None, "an article always has a revision"
    claims = session.scalars(select(Claim).where(Claim.article_id == article.id).order_by(Claim.id))
    return Inputs(article.id, current.number, current.text, article.published_on, tuple(map(_old_claim, claims)))


def extract_new_claims(old_text: str, text: str, published: dt.date | None) -> list[ExtractedClaim]:
    """The claim engine's claims in the lines of `text` that `old_text` did not have.

    Sentences never cross a line break and a claim's score, kind, speaker and dates depend on its own line only,
    so the lines already present were extracted when they first came in: running the engine on them again finds
    the same claims (or the ones reviewers since dismissed or reshaped)."""
    found: list[ExtractedClaim] = []
    for lo, hi in changed_spans(old_text, text):
        for claim in extract_claims(text[lo:hi], published):
            start, end = claim.start + lo, claim.end + lo
            exact, prefix, suffix = make_selector(text, start, end)
            dates = tuple(replace(d, start=d.start + lo, end=d.end + lo) for d in claim.dates)
            found.append(replace(claim, start=start, end=end, quote=exact, prefix=prefix, suffix=suffix, dates=dates))
    return found


def _anchor_all(claims: tuple[OldClaim, ...] | list[OldClaim], old_text: str, text: str) -> dict[int, AnchorResult]:
    results = reanchor_many([c.anchor for c in claims], text, old_text=old_text)
    return {c.id: r for c, r in zip(claims, results, strict=True)}


def plan_revision(inputs: Inputs, text: str, origin: str, url: str | None) -> Plan:
    """Pure: the new revision's anchors and new claims (no session, no lock)."""
    anchored = _anchor_all(inputs.claims, inputs.old_text, text)
    kept = _Spans([(r.start, r.end) for r in anchored.values() if r.start is not None and r.end is not None])
    new = [
        c for c in extract_new_claims(inputs.old_text, text, inputs.published_on) if not kept.overlaps(c.start, c.end)
    ]
    return Plan(inputs, text, text_sha256(text), origin, url, anchored, tuple(new))


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


def _lock(session: Session, inputs: Inputs) -> tuple[Article, list[Claim]]:
    database.begin_write(session)
    (article,) = database.lock_rows(session, Article, [inputs.article_id])
    number = session.scalar(select(func.max(ArticleRevision.number)).where(ArticleRevision.article_id == article.id))
    if number != inputs.revision_number:
        raise Conflict(
            f"The article changed while this import was being prepared (it is now at revision {number}, the "
            f"import was made from revision {inputs.revision_number}): nothing was saved; import it again.",
            fields={"text": "stale"},
        )
    return article, database.lock_where(session, Claim, Claim.article_id == article.id)


def write_revision(session: Session, actor: User | None, plan: Plan) -> tuple[Article, ArticleRevision, dict[str, int]]:
    """Write a plan in the caller's transaction (the caller commits right after). Raises Conflict when stale."""
    inputs = plan.inputs
    article, claims = _lock(session, inputs)
    planned = {c.id: c.version for c in inputs.claims}
    anchored = dict(plan.anchored)
    edited = [c for c in claims if planned.get(c.id) != c.version]
    if edited:  # changed (or added) since planning: anchor them again now; a handful at most
        anchored.update(_anchor_all([_old_claim(c) for c in edited], inputs.old_text, plan.text))
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
    kept: list[tuple[int, int]] = []
    for claim in claims:
        result = anchored[claim.id]
        states[result.state] += 1
        _move(session, actor, claim, result, revision, claim.id in verdicted)
        if result.start is not None and result.end is not None:
            kept.append((result.start, result.end))
    spans = _Spans(kept)
    fresh = [c for c in plan.new_claims if not spans.overlaps(c.start, c.end)] if edited else list(plan.new_claims)
    session.add_all(claim_from_extracted(article, revision, found) for found in fresh)
    states["new"] = len(fresh)
    session.flush()
    return article, revision, dict(states)


def _move(
    session: Session, actor: User | None, claim: Claim, result: AnchorResult, revision: ArticleRevision, verdicted: bool
) -> None:
    before: dict[str, Any] = {
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "revision_id": claim.revision_id,
    }
    if result.start is None or result.end is None:
        claim.anchor_state, claim.anchor_score = AnchorState.ORPHAN.value, 0.0
    else:
        sel = selector_for(revision.text, result.start, result.end)
        claim.start, claim.end, claim.quote = sel.start, sel.end, sel.exact
        claim.prefix, claim.suffix, claim.revision_id = sel.prefix, sel.suffix, revision.id
        claim.anchor_state, claim.anchor_score = result.state, result.score
    if result.changed and verdicted:
        claim.needs_rereview = True
    data = {"before": before, "state": result.state, "score": result.score, "needs_rereview": claim.needs_rereview}
    audit.record(session, actor, "claim.reanchor", "claim", claim.id, data)
