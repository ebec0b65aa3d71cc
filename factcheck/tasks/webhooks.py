"""Webhook deliveries: send one signed body, log the attempt, and let the queue retry it with backoff.

The attempt's log row is committed in a short transaction of its own before the job finishes or fails, so the
delivery log shows every try (a receiver answering 500 twice then 200: three rows). A target the outbound
policy refuses fails at once; any other failure (no answer, a non-2xx) is retried until `MAX_ATTEMPTS`.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from factcheck.config import fetch_policy
from factcheck.services import webhook_events, webhooks
from factcheck.services.errors import DomainError
from factcheck.services.jobs import TransientJobError
from factcheck.tasks.registry import Outcome, TaskContext, task

webhook_events.install()  # from now on, the events of this process queue their deliveries (idempotent)


@task(webhooks.DELIVER_JOB)
def deliver(ctx: TaskContext) -> Outcome:
    delivery_id = int(ctx.args["delivery_id"])
    outgoing = webhooks.prepare(ctx.session, delivery_id, str(ctx.config["SITE_URL"]))
    if outgoing is None:
        webhooks.skip(ctx.session, delivery_id, "not sent: the hook is paused")
        return Outcome({"delivery_id": delivery_id, "sent": False})
    ctx.session.rollback()  # nothing written: end the read before the log's own write transaction
    answer = webhooks.send(outgoing, fetch_policy(ctx.config))
    last = ctx.job.attempts >= ctx.job.max_attempts
    with Session(ctx.session.get_bind()) as log, log.begin():
        webhooks.record_attempt(log, delivery_id, ctx.job.attempts, answer, last=last)
    if answer.refused:
        raise DomainError(f"the target was refused: {answer.error}")
    if not answer.ok:
        raise TransientJobError(answer.error or "the delivery failed")
    return Outcome({"delivery_id": delivery_id, "sent": True, "status": answer.status})
