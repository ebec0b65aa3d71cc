"""Claims: created by the splitter or by hand, spans adjusted, split, merged, dismissed, restored (re-anchoring on a
new revision: services/reimport.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from factcheck import database
from factcheck.claims.anchoring import selector_for
from factcheck.claims.extract import ExtractedClaim
from factcheck.claims.scoring import explain_sentence
from factcheck.models import AnchorState, Article, ArticleRevision, Claim, ClaimStatus, Triage, User, utcnow
from factcheck.models.snapshot import ClaimDate
from factcheck.services import audit, notifications, ranking, vectors, verdicts
from factcheck.services.errors import Conflict, ValidationError

EDITABLE = {ClaimStatus.NEW, ClaimStatus.IN_REVIEW, ClaimStatus.RETURNED}
# An approved or published claim's span may change too: that sends it back to review (verdicts' one rule).
# A submitted one waits for the editor's decision (return it first).
SPAN_EDITABLE = EDITABLE | {ClaimStatus.APPROVED, ClaimStatus.PUBLISHED}
MAX_CLAIM_CHARS = 5000


def revisit_date(kind: str, dates: Sequence[ClaimDate], published: dt.date | None) -> dt.date | None:
    """A prediction about a future date is revisited when that date has passed."""
    if kind != "prediction":
        return None
    future = []
    for d in dates:
        value = d["value"]
        parts = [int(p) for p in value.split("-") if p.isdigit()]
        if not parts:
            continue
        day = dt.date(parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 28)
        if published is None or day > published:
            future.append(day)
    return max(future) if future else None


def store_extracted(
    session: Session,
    article: Article,
    revision: ArticleRevision,
    found: Sequence[ExtractedClaim],
    encoded: vectors.Encoded | None = None,
) -> int:
    """Insert the claims the claim engine found in `revision`, in one statement (executemany), with the vectors
    computed beforehand for their quotes (`vectors.encode`, in the same order) if any; their count."""
    if not found:
        return 0
    now = utcnow()
    rows = []
    for claim in found:
        dates: list[ClaimDate] = [
            {"text": d.text, "start": d.start, "end": d.end, "value": d.value, "precision": d.precision}
            for d in claim.dates
        ]
        rows.append(
            {
                "article_id": article.id,
                "revision_id": revision.id,
                "start": claim.start,
                "end": claim.end,
                "quote": claim.quote,
                "prefix": claim.prefix,
                "suffix": claim.suffix,
                "kind": claim.kind,
                "checkworthiness": round(claim.score, 4),
                "score_reasons": [
                    {"feature": r.feature, "weight": r.weight, "detail": r.detail} for r in claim.reasons
                ],
                "speaker": claim.speaker,
                "dates": dates,
                "revisit_on": revisit_date(claim.kind, dates, article.published_on),
                "origin": "auto",
                "status": ClaimStatus.NEW,
                "anchor_state": AnchorState.EXACT,
                "needs_rereview": False,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
        )
    ids = session.scalars(insert(Claim).returning(Claim.id, sort_by_parameter_order=True), rows).all()
    if encoded is not None:
        vectors.store(session, encoded, [(i, claim.quote) for i, claim in zip(ids, found, strict=True)])
    ranking.score_new_claims(session, list(ids))  # the queue's order, when a learned model ranks it
    return len(rows)


def stale(claim: Claim, version: int | None) -> bool:
    return version is not None and version != claim.version


def check_version(claim: Claim, version: int | None) -> None:
    """Optimistic locking: refuse (409) an edit made against an older version of the claim."""
    if stale(claim, version):
        raise Conflict(
            f"This claim was changed by someone else (now version {claim.version}, you had {version}).",
            fields={"version": "stale"},
        )


def _check_span(revision: ArticleRevision, start: int, end: int) -> tuple[int, int]:
    if not (0 <= start < end <= len(revision.text)):
        raise ValidationError(
            f"The span {start}–{end} is outside the article text (0–{len(revision.text)}).",
            fields={"start": "out of range"},
        )
    text = revision.text
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError("The selected text is only whitespace.", fields={"start": "empty"})
    if end - start > MAX_CLAIM_CHARS:
        raise ValidationError(f"A claim can span at most {MAX_CLAIM_CHARS} characters.", fields={"end": "too long"})
    return start, end


def _apply_span(claim: Claim, revision: ArticleRevision, start: int, end: int) -> None:
    sel = selector_for(revision.text, start, end)
    score, reasons = explain_sentence(sel.exact)
    claim.start, claim.end, claim.quote, claim.prefix, claim.suffix = (
        sel.start,
        sel.end,
        sel.exact,
        sel.prefix,
        sel.suffix,
    )
    claim.revision_id = revision.id
    claim.checkworthiness = round(score, 4)
    claim.score_reasons = [{"feature": r.feature, "weight": r.weight, "detail": r.detail} for r in reasons]
    claim.anchor_state, claim.anchor_score = AnchorState.EXACT, None


def _current_revision(article: Article) -> ArticleRevision:
    revision = article.current_revision
    if revision is None:
        raise ValidationError("The article has no text.")
    return revision


def add_claim(
    session: Session, actor: User, article: Article, start: int, end: int, triage: Triage = Triage.ACCEPTED
) -> Claim:
    """A reviewer marks a span of the current text as a claim: accepted for checking (a person marked it), unless
    it is the second half of a split claim, which keeps the first's triage."""
    revision = _current_revision(article)
    start, end = _check_span(revision, start, end)
    claim = Claim(
        article_id=article.id,
        revision_id=revision.id,
        start=start,
        end=end,
        quote="",
        origin="manual",
        status=ClaimStatus.NEW,
        triage=triage,
        kind="other",
        updated_by_id=actor.id,
    )
    _apply_span(claim, revision, start, end)
    session.add(claim)
    session.flush()
    ranking.score_new_claims(session, [claim.id])
    audit.record(session, actor, "claim.create", "claim", claim.id, {"start": start, "end": end})
    return claim


def adjust_span(session: Session, actor: User, claim: Claim, start: int, end: int, version: int | None) -> Claim:
    check_version(claim, version)
    if claim.status not in SPAN_EDITABLE:
        raise ValidationError(f"A {claim.status} claim's span cannot change.")
    revision = _current_revision(claim.article)
    start, end = _check_span(revision, start, end)
    before = {"start": claim.start, "end": claim.end}
    old_revision = claim.revision_id
    claim.updated_by_id = actor.id  # first: reading actor.id may autoflush, and every flush bumps the version
    _apply_span(claim, revision, start, end)
    session.flush()
    after = {"start": claim.start, "end": claim.end}
    audit.record(session, actor, "claim.adjust_span", "claim", claim.id, {"before": before, "after": after})
    if after != before or claim.revision_id != old_revision:
        verdicts.approved_content_changed(session, actor, claim, "claim.adjust_span", {"span": after}, bump=False)
    return claim


def split_claim(session: Session, actor: User, claim: Claim, at: int, version: int | None) -> tuple[Claim, Claim]:
    """Split a claim at an offset inside it into two claims."""
    check_version(claim, version)
    if not (claim.start < at < claim.end):
        raise ValidationError("The split point must fall inside the claim.", fields={"at": "out of range"})
    old_end = claim.end
    adjust_span(session, actor, claim, claim.start, at, None)
    second = add_claim(session, actor, claim.article, at, old_end, claim.triage)
    audit.record(session, actor, "claim.split", "claim", claim.id, {"at": at, "new_claim": second.id})
    return claim, second


def merge_claims(session: Session, actor: User, first: Claim, second: Claim) -> Claim:
    """Merge two claims of the same article into the first; the second is dismissed (history kept)."""
    if first.article_id != second.article_id or first.id == second.id:
        raise ValidationError("Only two different claims of the same article can be merged.")
    seen = {first.id: first.version, second.id: second.version}
    # Both rows locked in id order (a crossing merge of the same pair waits here instead of deadlocking),
    # then reloaded: a merge that waited sees what the other one did, and refuses if either claim changed.
    for claim in database.lock_rows(session, Claim, seen):
        check_version(claim, seen[claim.id])
    start, end = min(first.start, second.start), max(first.end, second.end)
    adjust_span(session, actor, first, start, end, None)
    dismiss(session, actor, second, None, reason=f"merged into claim {first.id}")
    audit.record(session, actor, "claim.merge", "claim", first.id, {"merged": second.id})
    return first


def dismiss(session: Session, actor: User, claim: Claim, version: int | None, reason: str = "") -> Claim:
    """Triage: the desk will not check this claim (readers never see it). Its workflow status is kept."""
    check_version(claim, version)
    if claim.triage == Triage.DISMISSED:
        raise ValidationError("The claim is already dismissed.")
    if claim.status not in (ClaimStatus.NEW, ClaimStatus.IN_REVIEW):
        raise ValidationError(f"A {claim.status.replace('_', ' ')} claim cannot be dismissed.")
    before = claim.triage
    claim.triage, claim.updated_by_id, claim.updated_at = Triage.DISMISSED, actor.id, utcnow()
    session.flush()
    audit.record(session, actor, "claim.dismiss", "claim", claim.id, {"from": before, "reason": reason})
    return claim


def restore(session: Session, actor: User, claim: Claim, version: int | None) -> Claim:
    """Undo a dismissal: back to the engine's suggestions (accepted, if a verdict was drafted on it)."""
    check_version(claim, version)
    if claim.triage != Triage.DISMISSED:
        raise ValidationError("Only a dismissed claim can be restored.")
    has_verdict = verdicts.latest(session, claim) is not None
    claim.updated_by_id, claim.updated_at = actor.id, utcnow()
    claim.triage = Triage.ACCEPTED if has_verdict else Triage.SUGGESTED
    session.flush()
    audit.record(session, actor, "claim.restore", "claim", claim.id, {"to": claim.triage})
    return claim


def accept(session: Session, actor: User, claim: Claim, version: int | None) -> Claim:
    """Triage: the desk will check this claim (readers count it; the editor may show it as "being checked")."""
    check_version(claim, version)
    if claim.triage == Triage.ACCEPTED:
        raise ValidationError("The claim is already accepted for checking.")
    before = claim.triage
    claim.triage, claim.updated_by_id, claim.updated_at = Triage.ACCEPTED, actor.id, utcnow()
    session.flush()
    audit.record(session, actor, "claim.accept", "claim", claim.id, {"from": before})
    return claim


def assign(session: Session, actor: User, claim: Claim, assignee: User | None, version: int | None) -> Claim:
    check_version(claim, version)
    if claim.triage == Triage.DISMISSED or claim.status == ClaimStatus.PUBLISHED:
        what = "dismissed" if claim.triage == Triage.DISMISSED else claim.status
        raise ValidationError(f"A {what} claim cannot be assigned.")
    assignee_id, actor_id = (assignee.id if assignee else None), actor.id  # read before any change: no autoflush
    claim.updated_by_id, claim.updated_at, claim.assignee_id = actor_id, utcnow(), assignee_id
    if assignee is not None and claim.status == ClaimStatus.NEW:
        claim.status = ClaimStatus.IN_REVIEW
    session.flush()
    audit.record(session, actor, "claim.assign", "claim", claim.id, {"assignee": assignee.id if assignee else None})
    notifications.claim_assigned(session, actor, claim, assignee)
    return claim


def for_article(session: Session, article_id: int) -> list[Claim]:
    """Every claim of an article, in text order."""
    return list(session.scalars(select(Claim).where(Claim.article_id == article_id).order_by(Claim.start, Claim.id)))
