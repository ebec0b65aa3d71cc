"""Which changes are webhook events, and what each tells the receiver.

The services that submit, approve and return verdicts (services/verdicts.py) and publish, correct and retract
articles (services/publishing.py) record an audit event in the transaction of the change; this module observes
those events (`audit.observe`) and queues a delivery to each subscribed hook in that same transaction, so a
rolled-back change sends nothing and a committed one is never missed. It is installed when the job kinds load
(factcheck/tasks/webhooks.py imports it), which every app does when it starts its queue.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from factcheck.models import Article, AuditEvent, Claim, User
from factcheck.services import audit, webhooks

CLAIM_EVENTS = {
    "verdict.submit": "claim.submitted",
    "verdict.approve": "claim.approved",
    "verdict.return": "claim.returned",
}
QUOTE_CHARS = 280


def _claim_data(session: Session, claim_id: int) -> dict[str, Any]:
    claim = session.get(Claim, claim_id)
    if claim is None:
        return {"claim_id": claim_id}
    quote = " ".join(claim.quote.split())
    return {
        "claim_id": claim.id,
        "article_id": claim.article_id,
        "quote": quote[: QUOTE_CHARS - 1] + "…" if len(quote) > QUOTE_CHARS else quote,
        "status": str(claim.status),
        "path": f"/work/claims/{claim.id}",
    }


def _article_data(session: Session, article_id: int, event: AuditEvent) -> dict[str, Any]:
    article = session.get(Article, article_id)
    data: dict[str, Any] = {"article_id": article_id, "version": event.data.get("version")}
    if article is not None:
        data |= {"title": article.title, "path": f"/a/{article.slug}"}
    note = event.data.get("correction_note") or event.data.get("notice")
    if note:
        data["note"] = str(note)
    return data


def event_for(session: Session, event: AuditEvent) -> tuple[str, dict[str, Any]] | None:
    """The webhook event (name and data) an audit event stands for, or None."""
    if event.action in CLAIM_EVENTS and event.entity_id is not None:
        return CLAIM_EVENTS[event.action], _claim_data(session, event.entity_id)
    if event.action == "article.publish" and event.entity_id is not None:
        name = "article.corrected" if event.data.get("correction_note") else "article.published"
        return name, _article_data(session, event.entity_id, event)
    if event.action == "article.retract" and event.entity_id is not None:
        return "article.retracted", _article_data(session, event.entity_id, event)
    return None


def on_audit_event(session: Session, event: AuditEvent, actor: User | None) -> None:
    found = event_for(session, event)
    if found is not None:
        name, data = found
        webhooks.emit(session, actor, name, data | ({"actor": actor.name} if actor is not None else {}))


def install() -> None:
    audit.observe(on_audit_event)


install()
