"""Idempotency keys of API writes: the first successful answer to a (user, key), stored in the same transaction
as the write it answers, so a retried request (same key, method, path and body) gets that answer again and
writes nothing. The same key with another request is refused; keys are kept KEY_LIFETIME."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from factcheck.models import IdempotencyKey, utcnow
from factcheck.services.errors import ValidationError

KEY_LIFETIME = dt.timedelta(hours=24)


class KeyReused(ValidationError):
    code = "idempotency_key_reused"


@dataclass(frozen=True)
class Fingerprint:
    """What a request with a key is: who sent it, the key, and exactly what it asked."""

    user_id: int
    key: str
    method: str
    path: str
    body_sha256: str

    @classmethod
    def of(cls, user_id: int, key: str, method: str, path: str, body: bytes) -> Fingerprint:
        return cls(user_id, key, method.upper(), path, hashlib.sha256(body).hexdigest())


@dataclass(frozen=True)
class Answer:
    """A stored answer: the status, the body and the headers that matter (Content-Type, Location)."""

    status: int
    body: str
    headers: dict[str, str]


def _cutoff() -> dt.datetime:
    return utcnow() - KEY_LIFETIME


def stored_answer(session: Session, fp: Fingerprint) -> Answer | None:
    """The answer already given to this key (None if the key is new or expired); KeyReused (422) if the key
    was used for a different request."""
    row = session.scalar(
        select(IdempotencyKey).where(
            IdempotencyKey.user_id == fp.user_id,
            IdempotencyKey.key == fp.key,
            IdempotencyKey.created_at >= _cutoff(),
        )
    )
    if row is None:
        return None
    if (row.method, row.path, row.body_sha256) != (fp.method, fp.path, fp.body_sha256):
        raise KeyReused(
            f"This Idempotency-Key was already used for another request ({row.method} {row.path} with a "
            "different body): use a new key for a new request.",
            fields={"Idempotency-Key": "reused"},
        )
    return Answer(row.status, row.response_body, dict(row.response_headers))


def record(session: Session, fp: Fingerprint, answer: Answer) -> None:
    """Store the answer with the write it answers (same transaction). A concurrent request that recorded the
    same key first makes the flush raise IntegrityError: the caller rolls back and replays that one's answer."""
    session.execute(
        delete(IdempotencyKey).where(IdempotencyKey.user_id == fp.user_id, IdempotencyKey.created_at < _cutoff())
    )
    session.add(
        IdempotencyKey(
            user_id=fp.user_id,
            key=fp.key,
            method=fp.method,
            path=fp.path,
            body_sha256=fp.body_sha256,
            status=answer.status,
            response_body=answer.body,
            response_headers=answer.headers,
        )
    )
    session.flush()
