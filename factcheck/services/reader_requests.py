"""Readers' claim suggestions and correction requests: they land in `reader_requests` for editors."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck import policy
from factcheck.models import Article, Claim, ReaderRequest, RequestKind, RequestStatus, User
from factcheck.services import audit, notifications, request_claims
from factcheck.services.errors import PermissionDenied, ValidationError, parse_choice

KINDS = tuple(k.value for k in RequestKind)
STATUSES = tuple(s.value for s in RequestStatus)


def submit(
    session: Session,
    *,
    kind: RequestKind | str,
    body: str,
    url: str = "",
    contact: str = "",
    article: Article | None = None,
    claim_id: int | None = None,
) -> ReaderRequest:
    """Store an anonymous reader's request (the actor of the audit event is nobody). A `claim_id` that names no
    claim (a stale or edited link) is dropped rather than refusing the reader's text."""
    kind = parse_choice(RequestKind, kind, f"Unknown request kind {kind!r}.", "kind")
    text = body.strip()
    if not text:
        raise ValidationError("Write what you would like us to check or correct.", fields={"body": "required"})
    if claim_id is not None and session.scalar(select(Claim.id).where(Claim.id == claim_id)) is None:
        claim_id = None
    request = ReaderRequest(
        kind=kind,
        body=text[:5000],
        url=url.strip()[:2000],
        contact=contact.strip()[:254],
        article_id=article.id if article else None,
        claim_id=claim_id,
    )
    session.add(request)
    session.flush()
    audit.record(
        session,
        None,
        f"reader_request.{kind}",
        "reader_request",
        request.id,
        {"article_id": request.article_id, "claim_id": claim_id},
    )
    notifications.reader_request(session, kind, text)
    return request


def open_requests(session: Session, limit: int = 100) -> list[ReaderRequest]:
    stmt = (
        select(ReaderRequest)
        .where(ReaderRequest.status == RequestStatus.OPEN)
        .order_by(ReaderRequest.created_at.desc(), ReaderRequest.id.desc())
        .limit(limit)
    )
    return list(session.scalars(stmt))


def decide(session: Session, actor: User, request: ReaderRequest, status: RequestStatus | str) -> ReaderRequest:
    """Accept (the request becomes a claim in the queue: services/request_claims.py) or decline it."""
    if not policy.can_publish_article(actor):
        raise PermissionDenied("Only editors handle reader requests.")
    decision = parse_choice(RequestStatus, status, f"Unknown decision {status!r}.", "decision")
    if decision is RequestStatus.OPEN:
        raise ValidationError(f"Unknown decision {status!r}.", fields={"decision": "unknown"})
    request.status = decision
    request.handled_by_id = actor.id
    session.flush()
    audit.record(session, actor, f"reader_request.{decision}", "reader_request", request.id, {})
    if decision is RequestStatus.ACCEPTED:
        claim = request_claims.claim_from_request(session, actor, request)
        if request.claim_id is None:  # a suggestion: the claim it became (a correction keeps the claim it names)
            request.claim_id = claim.id
    return request
