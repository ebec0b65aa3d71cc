"""Outgoing webhooks: admins manage hooks; each event a hook subscribes to becomes a delivery, sent by a job.

A body is signed with the hook's secret: ``X-Factcheck-Signature: sha256=<hex HMAC-SHA256 of the body>``. A
delivery is tried up to `MAX_ATTEMPTS` times with the queue's backoff (services/jobs.py); every attempt is
logged (`record_attempt`, in a short transaction of its own, so a failed attempt's row survives the job's
rollback). Targets are reached through the fetcher (`fetch.post`): the same address policy as every fetch.
The secret never enters the audit trail or a log line; pages show it masked, once in full when it is made.
"""

from __future__ import annotations

import secrets
import time
import urllib.parse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from factcheck.fetch import FetchError, FetchPolicy, check_url, post
from factcheck.models import DeliveryState, PayloadFormat, User, Webhook, WebhookAttempt, WebhookDelivery, utcnow
from factcheck.services import audit, jobs
from factcheck.services.errors import ValidationError, parse_choice
from factcheck.services.webhook_payloads import EVENTS as EVENTS  # re-exported: the events a hook may subscribe to
from factcheck.services.webhook_payloads import body_for
from factcheck.services.webhook_payloads import sign as sign  # re-exported for receivers and tests

DELIVER_JOB = "webhook.deliver"  # factcheck/tasks/webhooks.py runs it
MAX_ATTEMPTS = 5
SIGNATURE_HEADER = "X-Factcheck-Signature"
PING = "ping"  # `flask hooks test` and the admin's "send a test"
LOG_SIZE = 50


def _checked(name: str, url: str, events: Iterable[str], payload_format: str, policy: FetchPolicy) -> dict[str, Any]:
    url, name = url.strip(), name.strip()
    if not name or len(name) > 200:
        raise ValidationError("Give the hook a name (up to 200 characters).", fields={"name": "required"})
    try:
        check_url(url, policy)  # a literal private address is refused now; a host name is checked on each send
    except FetchError as exc:
        raise ValidationError(f"The target cannot be used: {exc.reason}", fields={"url": exc.code}) from exc
    chosen = sorted(set(events))
    if not chosen or any(e not in EVENTS for e in chosen):
        raise ValidationError("Choose the events this hook receives.", fields={"events": "required"})
    fmt = parse_choice(PayloadFormat, payload_format, "The payload is JSON or Slack.", "payload_format")
    return {"name": name, "url": url, "events": chosen, "payload_format": fmt}


def redacted(url: str) -> str:
    """The target without its path and query: a chat service's incoming-webhook URL is itself a credential."""
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}/…" if parts.netloc else "…"


def _audit_data(hook: Webhook) -> dict[str, Any]:
    """What the audit trail keeps of a hook: never its secret, nor its target's path."""
    return {
        "name": hook.name,
        "url": redacted(hook.url),
        "events": list(hook.events),
        "format": str(hook.payload_format),
    }


def create(
    session: Session,
    actor: User,
    *,
    name: str,
    url: str,
    events: Iterable[str],
    payload_format: str,
    policy: FetchPolicy,
    active: bool = True,
) -> tuple[Webhook, str]:
    """A new hook and its secret (generated here; shown to the admin once)."""
    secret = secrets.token_urlsafe(32)
    hook = Webhook(
        secret=secret, active=active, created_by_id=actor.id, **_checked(name, url, events, payload_format, policy)
    )
    session.add(hook)
    session.flush()
    audit.record(session, actor, "webhook.create", "webhook", hook.id, _audit_data(hook))
    return hook, secret


def update(
    session: Session,
    actor: User,
    hook: Webhook,
    *,
    name: str,
    url: str,
    events: Iterable[str],
    payload_format: str,
    policy: FetchPolicy,
    active: bool,
) -> Webhook:
    for key, value in _checked(name, url, events, payload_format, policy).items():
        setattr(hook, key, value)
    hook.active = active
    session.flush()
    audit.record(session, actor, "webhook.update", "webhook", hook.id, _audit_data(hook) | {"active": active})
    return hook


def rotate_secret(session: Session, actor: User, hook: Webhook) -> str:
    hook.secret = secrets.token_urlsafe(32)
    session.flush()
    audit.record(session, actor, "webhook.rotate_secret", "webhook", hook.id, {"name": hook.name})
    return hook.secret


def remove(session: Session, actor: User, hook: Webhook) -> None:
    """Delete the hook and its delivery log (queued deliveries then find nothing to send)."""
    ids = select(WebhookDelivery.id).where(WebhookDelivery.webhook_id == hook.id)
    session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(ids)))
    session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id))
    audit.record(session, actor, "webhook.delete", "webhook", hook.id, _audit_data(hook))
    session.delete(hook)
    session.flush()


def all_hooks(session: Session) -> list[Webhook]:
    return list(session.scalars(select(Webhook).order_by(Webhook.id)))


def queue_delivery(
    session: Session, actor: User | None, hook: Webhook, event: str, data: Mapping[str, Any], *, job: bool = True
) -> WebhookDelivery:
    """Record the delivery and queue its job, in the caller's transaction (`job=False`: the caller sends it)."""
    delivery = WebhookDelivery(webhook_id=hook.id, event=event, payload=dict(data), state=DeliveryState.PENDING)
    session.add(delivery)
    session.flush()
    if not job:
        return delivery
    queued = jobs.enqueue(
        session,
        actor,
        DELIVER_JOB,
        {"delivery_id": delivery.id},
        subject=("webhook", hook.id),
        max_attempts=MAX_ATTEMPTS,
    )
    delivery.job_id = queued.id
    session.flush()
    return delivery


def emit(session: Session, actor: User | None, event: str, data: Mapping[str, Any]) -> list[WebhookDelivery]:
    """A delivery to every active hook subscribed to `event`."""
    hooks = session.scalars(select(Webhook).where(Webhook.active.is_(True)).order_by(Webhook.id))
    return [queue_delivery(session, actor, hook, event, data) for hook in hooks if event in hook.events]


def ping(session: Session, actor: User | None, hook: Webhook, *, job: bool = True) -> WebhookDelivery:
    """A test delivery (event "ping"); sent even while the hook is paused."""
    return queue_delivery(session, actor, hook, PING, {"hook": hook.id, "name": hook.name}, job=job)


@dataclass(frozen=True)
class Outgoing:
    url: str
    body: bytes
    headers: dict[str, str]


def prepare(session: Session, delivery_id: int, site_url: str) -> Outgoing | None:
    """What to send for this delivery; None when there is nothing to do (sent already, hook deleted or paused)."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is None or delivery.state is not DeliveryState.PENDING:
        return None
    hook = delivery.webhook
    if not hook.active and delivery.event != PING:
        return None
    body = body_for(hook, delivery, site_url)
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(hook.secret, body),
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.id),
    }
    return Outgoing(hook.url, body, headers)


def skip(session: Session, delivery_id: int, reason: str) -> None:
    """A pending delivery that will not be sent (its hook was paused meanwhile) leaves the log as failed."""
    delivery = session.get(WebhookDelivery, delivery_id)
    if delivery is not None and delivery.state is DeliveryState.PENDING:
        session.add(WebhookAttempt(delivery_id=delivery_id, number=delivery.attempts + 1, error=reason))
        delivery.state, delivery.finished_at = DeliveryState.FAILED, utcnow()
        session.flush()


@dataclass(frozen=True)
class Answer:
    status: int | None
    error: str | None
    duration_ms: int
    refused: bool = False  # the policy refused the target: trying again will not help

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


def send(outgoing: Outgoing, policy: FetchPolicy) -> Answer:
    started = time.monotonic()
    try:
        status = post(outgoing.url, outgoing.body, outgoing.headers, policy)
    except FetchError as exc:
        took = int((time.monotonic() - started) * 1000)
        reason = exc.reason.replace(outgoing.url, redacted(outgoing.url))  # the log and the job's error are kept
        return Answer(None, reason, took, refused=exc.code in ("blocked_address", "bad_url", "bad_scheme"))
    took = int((time.monotonic() - started) * 1000)
    return Answer(status, None if 200 <= status < 300 else f"the receiver answered {status}", took)


def record_attempt(session: Session, delivery_id: int, number: int, answer: Answer, *, last: bool) -> WebhookAttempt:
    """Log one attempt and move the delivery on: delivered, failed (no attempt left), or still pending."""
    delivery = session.get(WebhookDelivery, delivery_id)
    assert delivery is not None
    attempt = WebhookAttempt(
        delivery_id=delivery_id,
        number=number,
        status_code=answer.status,
        error=answer.error,
        duration_ms=answer.duration_ms,
    )
    session.add(attempt)
    delivery.attempts, delivery.last_status = max(delivery.attempts, number), answer.status
    if answer.ok or last or answer.refused:
        delivery.state = DeliveryState.DELIVERED if answer.ok else DeliveryState.FAILED
        delivery.finished_at = utcnow()
    session.flush()
    return attempt


def log(session: Session, hook: Webhook, limit: int = LOG_SIZE) -> list[tuple[WebhookDelivery, list[WebhookAttempt]]]:
    """The hook's latest deliveries, newest first, each with its attempts."""
    stmt = (
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == hook.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    deliveries = list(session.scalars(stmt))
    attempts: dict[int, list[WebhookAttempt]] = {d.id: [] for d in deliveries}
    if deliveries:
        found = select(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(attempts)).order_by(WebhookAttempt.id)
        for attempt in session.scalars(found):
            attempts[attempt.delivery_id].append(attempt)
    return [(d, attempts[d.id]) for d in deliveries]
