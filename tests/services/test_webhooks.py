"""Webhooks against a real local receiver (tests/support/hooks.py) that verifies each body's HMAC: the events of
the workflow queue signed deliveries in their own transaction, a failing receiver is retried with backoff and
every attempt is logged, the outbound policy refuses private targets unless allowed, and the Slack payload."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from factcheck.models import AuditEvent, DeliveryState, Job, JobState, PayloadFormat, Webhook, WebhookDelivery
from factcheck.netpolicy import FetchPolicy
from factcheck.services import publishing, webhooks
from factcheck.services.errors import ValidationError
from factcheck.tasks import runner
from tests.support.builders import make_article, make_claim, make_publication
from tests.support.hooks import Receiver
from tests.support.people import default_user
from tests.tasks.test_runner import Dispatched

ALLOW_LOCAL = FetchPolicy.from_allow_string("127.0.0.1")


def _hook(db: Session, receiver: Receiver, events: list[str], fmt: str = "json") -> Webhook:
    admin = default_user(db, "admin")
    hook, secret = webhooks.create(
        db, admin, name="Desk", url=receiver.url(), events=events, payload_format=fmt, policy=ALLOW_LOCAL
    )
    receiver.secret = secret
    return hook


def _run_all(app: Flask, db: Session, dispatch: Dispatched) -> None:
    db.commit()
    for job_id in db.scalars(select(Job.id).where(Job.kind == webhooks.DELIVER_JOB).order_by(Job.id)):
        runner.run_job(app, job_id, dispatch)
    db.expire_all()


def test_an_approval_sends_a_signed_json_body_the_receiver_verifies(
    app: Flask, db: Session, receiver: Receiver
) -> None:
    hook = _hook(db, receiver, ["claim.approved"])
    claim = make_claim(db, status="approved")  # submit, then approve: only the approval is subscribed
    _run_all(app, db, Dispatched())
    [got] = receiver.received
    assert got.signature_ok and got.headers["x-factcheck-event"] == "claim.approved"
    doc = got.json()
    assert doc["event"] == "claim.approved" and doc["data"]["claim_id"] == claim.id
    assert doc["url"] == f"http://factcheck.test/work/claims/{claim.id}"
    assert doc["data"]["quote"] == claim.quote and doc["data"]["actor"]
    [delivery] = db.scalars(select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id))
    assert delivery.state == DeliveryState.DELIVERED and delivery.attempts == 1 and delivery.last_status == 200


def test_a_tampered_body_fails_the_receivers_check(receiver: Receiver) -> None:
    receiver.secret = "s3cret"
    body = b'{"event":"ping"}'
    assert receiver.verify(body, webhooks.sign("s3cret", body))
    assert not receiver.verify(body + b" ", webhooks.sign("s3cret", body))
    assert not receiver.verify(body, webhooks.sign("another", body))


def test_publish_correct_and_retract_are_three_events(app: Flask, db: Session, receiver: Receiver) -> None:
    _hook(db, receiver, ["article.published", "article.corrected", "article.retracted"])
    article = make_article(db, extract=False, title="Ferry figures")
    make_claim(db, article, status="approved")
    make_publication(db, article)
    make_publication(db, article, correction_note="The 2022 figure was 30, not 31.")
    publishing.retract(db, default_user(db, "editor"), article, "The source withdrew its report.")
    _run_all(app, db, Dispatched())
    docs = [r.json() for r in receiver.received]
    assert [d["event"] for d in docs] == ["article.published", "article.corrected", "article.retracted"]
    assert all(r.signature_ok for r in receiver.received)
    assert [d["data"]["version"] for d in docs] == [1, 2, 3]
    assert docs[1]["data"]["note"] == "The 2022 figure was 30, not 31." and docs[0]["data"]["title"] == "Ferry figures"
    assert docs[2]["url"] == f"http://factcheck.test/a/{article.slug}"


def test_a_rolled_back_change_queues_nothing(db: Session, receiver: Receiver) -> None:
    _hook(db, receiver, ["claim.submitted"])
    db.commit()
    make_claim(db, status="submitted")
    assert db.scalar(select(WebhookDelivery)) is not None
    db.rollback()
    assert db.scalar(select(WebhookDelivery)) is None and db.scalar(select(Job)) is None


def test_a_receiver_failing_twice_gets_three_attempts_logged(app: Flask, db: Session, receiver: Receiver) -> None:
    hook = _hook(db, receiver, ["claim.submitted"])
    receiver.statuses = [500, 500, 200]
    make_claim(db, status="submitted")
    dispatch = Dispatched()
    _run_all(app, db, dispatch)
    [job] = db.scalars(select(Job).where(Job.kind == webhooks.DELIVER_JOB))
    for expected in (2, 3):
        assert job.state == JobState.QUEUED and job.run_after is not None  # waiting for its backoff
        assert dispatch.calls[-1] == ([job.id], job.run_after)
        db.execute(update(Job).where(Job.id == job.id).values(run_after=None))
        db.commit()
        runner.run_job(app, job.id, dispatch)
        db.expire_all()
        assert job.attempts == expected
    assert job.state == JobState.SUCCEEDED and len(receiver.received) == 3
    assert len({r.body for r in receiver.received}) == 1, "every attempt sends the same signed body"
    [(delivery, attempts)] = webhooks.log(db, hook)
    assert [(a.number, a.status_code) for a in attempts] == [(1, 500), (2, 500), (3, 200)]
    assert delivery.state == DeliveryState.DELIVERED and delivery.attempts == 3
    assert "500" in (attempts[0].error or "") and attempts[2].error is None


def test_the_last_failed_attempt_marks_the_delivery_failed(app: Flask, db: Session, receiver: Receiver) -> None:
    hook = _hook(db, receiver, ["claim.submitted"])
    receiver.statuses = [503] * webhooks.MAX_ATTEMPTS
    make_claim(db, status="submitted")
    dispatch = Dispatched()
    _run_all(app, db, dispatch)
    [job] = db.scalars(select(Job).where(Job.kind == webhooks.DELIVER_JOB))
    while job.state == JobState.QUEUED:
        db.execute(update(Job).where(Job.id == job.id).values(run_after=None))
        db.commit()
        runner.run_job(app, job.id, dispatch)
        db.expire_all()
    [(delivery, attempts)] = webhooks.log(db, hook)
    assert job.state == JobState.FAILED and len(attempts) == webhooks.MAX_ATTEMPTS
    assert delivery.state == DeliveryState.FAILED and delivery.last_status == 503


def test_private_targets_are_refused_unless_the_allow_list_names_them(
    app: Flask, db: Session, receiver: Receiver
) -> None:
    admin = default_user(db, "admin")
    strict = FetchPolicy()
    with pytest.raises(ValidationError) as refused:
        webhooks.create(
            db,
            admin,
            name="x",
            url="http://10.1.2.3/hook",
            events=["claim.approved"],
            payload_format="json",
            policy=strict,
        )
    assert refused.value.fields == {"url": "blocked_address"}
    with pytest.raises(ValidationError):
        webhooks.create(
            db,
            admin,
            name="x",
            url="file:///etc/passwd",
            events=["claim.approved"],
            payload_format="json",
            policy=strict,
        )
    # A hook saved while allowed is still checked on every send: with the app's allow-list emptied, it is refused.
    hook = _hook(db, receiver, ["claim.approved"])
    webhooks.ping(db, admin, hook)
    db.commit()
    [job_id] = db.scalars(select(Job.id))
    app.config["FETCH_ALLOW_HOSTS"] = ""
    try:
        runner.run_job(app, job_id, Dispatched())
    finally:
        app.config["FETCH_ALLOW_HOSTS"] = "127.0.0.1,localhost"
    db.expire_all()
    job = db.get(Job, job_id)
    assert job is not None and job.state == JobState.FAILED and job.attempts == 1, "refused: not retried"
    assert receiver.received == []
    [(delivery, [attempt])] = webhooks.log(db, hook)
    assert delivery.state == DeliveryState.FAILED and attempt.status_code is None
    assert "loopback" in (attempt.error or "")
    # And with the allow-list back, a ping goes through.
    webhooks.ping(db, admin, hook)
    _run_all(app, db, Dispatched())
    assert [r.json()["event"] for r in receiver.received] == ["ping"]


def test_the_slack_payload_is_one_text_line_with_a_link(app: Flask, db: Session, receiver: Receiver) -> None:
    _hook(db, receiver, ["claim.returned"], fmt="slack")
    claim = make_claim(db, status="returned")
    _run_all(app, db, Dispatched())
    [got] = receiver.received
    doc = got.json()
    assert got.signature_ok and list(doc) == ["text"]
    text = doc["text"]
    assert text.startswith("*Claim returned to its reviewer*") and f"“{claim.quote}”" in text
    assert text.endswith(f"<http://factcheck.test/work/claims/{claim.id}|Open>")
    assert db.scalar(select(Webhook.payload_format)) == PayloadFormat.SLACK


def test_the_secret_never_enters_the_audit_trail(db: Session, receiver: Receiver) -> None:
    hook = _hook(db, receiver, ["claim.approved"])
    admin = default_user(db, "admin")
    new_secret = webhooks.rotate_secret(db, admin, hook)
    webhooks.update(
        db,
        admin,
        hook,
        name="Desk 2",
        url=hook.url,
        events=["claim.approved"],
        payload_format="json",
        policy=ALLOW_LOCAL,
        active=False,
    )
    db.commit()
    trail = json.dumps([e.data for e in db.scalars(select(AuditEvent))], ensure_ascii=False)
    assert "webhook.create" in {e.action for e in db.scalars(select(AuditEvent))}
    assert receiver.secret not in trail and new_secret not in trail
    assert hook.masked_secret == "••••" + new_secret[-4:]


def test_a_paused_hook_gets_nothing(db: Session, receiver: Receiver) -> None:
    hook = _hook(db, receiver, ["claim.approved"])
    hook.active = False
    make_claim(db, status="approved")
    assert db.scalar(select(WebhookDelivery)) is None


def test_a_delivery_queued_before_its_hook_was_paused_is_not_sent(app: Flask, db: Session, receiver: Receiver) -> None:
    hook = _hook(db, receiver, ["claim.approved"])
    make_claim(db, status="approved")
    hook.active = False
    _run_all(app, db, Dispatched())
    assert receiver.received == []
    [(delivery, [attempt])] = webhooks.log(db, hook)
    assert delivery.state == DeliveryState.FAILED and attempt.error == "not sent: the hook is paused"


def test_the_audit_trail_and_the_log_keep_only_the_targets_host(app: Flask, db: Session) -> None:
    admin = default_user(db, "admin")
    url = "http://127.0.0.1:9/services/T0001/B0002/token-in-the-path"  # port 9: nothing listens (discard)
    hook, _secret = webhooks.create(
        db, admin, name="Chat", url=url, events=["claim.approved"], payload_format="slack", policy=ALLOW_LOCAL
    )
    webhooks.ping(db, admin, hook)
    _run_all(app, db, Dispatched())
    [(_delivery, [attempt])] = webhooks.log(db, hook)
    assert attempt.status_code is None and attempt.error and "127.0.0.1:9" in attempt.error
    trail = json.dumps([e.data for e in db.scalars(select(AuditEvent))], ensure_ascii=False)
    jobs_text = json.dumps([j.error for j in db.scalars(select(Job))])
    assert "token-in-the-path" not in trail + attempt.error + jobs_text and "http://127.0.0.1:9/…" in trail
    assert webhooks.redacted("https://user:pw@hooks.example.org:8443/a/b?c=d") == "https://hooks.example.org:8443/…"
