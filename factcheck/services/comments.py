"""Comments on claims."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import Claim, Comment, User
from factcheck.services import audit, notifications
from factcheck.services.errors import ValidationError

MAX_COMMENT = 10_000


def add_comment(session: Session, actor: User, claim: Claim, body: str) -> Comment:
    body = body.strip()
    if not body:
        raise ValidationError("The comment is empty.", fields={"body": "empty"})
    if len(body) > MAX_COMMENT:
        raise ValidationError(f"Comments are limited to {MAX_COMMENT:,} characters.", fields={"body": "too long"})
    comment = Comment(claim_id=claim.id, author_id=actor.id, body=body)
    session.add(comment)
    session.flush()
    audit.record(session, actor, "comment.add", "claim", claim.id, {"comment": comment.id})
    notifications.comment_mentions(session, actor, claim, body)
    return comment


def for_claim(session: Session, claim: Claim) -> list[Comment]:
    return list(session.scalars(select(Comment).where(Comment.claim_id == claim.id).order_by(Comment.id)))
