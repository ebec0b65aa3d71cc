"""What a webhook delivery sends: the event document (JSON) or a Slack-compatible message, and its signature.

``X-Factcheck-Signature: sha256=<hex>`` is the HMAC-SHA256 of the exact body bytes with the hook's secret; a
receiver computes it over the raw body it got and compares in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from factcheck.models import PayloadFormat, Webhook, WebhookDelivery

EVENTS = {
    "claim.submitted": "Claim submitted for approval",
    "claim.approved": "Claim approved",
    "claim.returned": "Claim returned to its reviewer",
    "article.published": "Article published",
    "article.corrected": "Article corrected",
    "article.retracted": "Article retracted",
}


def sign(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of the exact body bytes."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def document(delivery: WebhookDelivery, site_url: str) -> dict[str, Any]:
    data = dict(delivery.payload)
    path = str(data.pop("path", "") or "")
    return {
        "id": delivery.id,
        "event": delivery.event,
        "occurred_at": delivery.created_at.isoformat(),
        "url": site_url.rstrip("/") + path if path else None,
        "data": data,
    }


def slack_text(doc: Mapping[str, Any]) -> str:
    """One line for a chat channel: what happened, to what, and a link (Slack's <url|label> markup)."""
    data = doc["data"]
    what = EVENTS.get(doc["event"], "Test delivery from the fact-check workbench")
    subject = data.get("quote") or data.get("title") or data.get("name") or ""
    parts = [f"*{what}*"] + ([f"“{subject}”"] if subject else [])
    if data.get("actor"):
        parts.append(f"by {data['actor']}")
    if data.get("note"):
        parts.append(f"— {data['note']}")
    line = " ".join(parts)
    return f"{line} <{doc['url']}|Open>" if doc.get("url") else line


def body_for(hook: Webhook, delivery: WebhookDelivery, site_url: str) -> bytes:
    doc = document(delivery, site_url)
    if hook.payload_format is PayloadFormat.SLACK:
        doc = {"text": slack_text(doc)}
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
