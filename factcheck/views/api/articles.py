"""API: articles and claims."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, request

from factcheck import policy
from factcheck.config import fetch_policy
from factcheck.extensions import db
from factcheck.models import Article, Claim, ClaimStatus, User
from factcheck.services import claims, importing, publishing, queue
from factcheck.services.errors import ValidationError
from factcheck.services.queue import QueueFilters
from factcheck.views.api.auth import allow, api_user, load, token_required
from factcheck.views.api.blueprint import bp
from factcheck.views.api.idempotency import answer
from factcheck.views.api.jobs import accepted
from factcheck.views.api.payloads import article_json, claim_json
from factcheck.views.api.schema import json_body, query_int
from factcheck.views.api.specs import ARTICLE_SPEC, CLAIM_SPEC, PATCH_SPEC, STATUSES


def _claims_of(article: Article) -> list[Claim]:
    return claims.for_article(db.session(), article.id)


def _published_version(article: Article) -> int:
    latest = publishing.latest_publication(db.session(), article)
    return latest.version if latest else 0


@bp.post("/articles")
@token_required
def create_article() -> Response:
    allow(policy.can_import_article)
    body = json_body(ARTICLE_SPEC)
    max_chars = int(current_app.config["MAX_ARTICLE_CHARS"])
    overrides = {k: body.get(k) for k in ("title", "outlet", "author")} | {"published_on": body.get("published")}
    if body.get("text") is None:
        if not body.get("url"):
            raise ValidationError("Send `text` (with `title`), or a `url` to fetch.", fields={"text": "missing"})
        job = importing.request_url_import(
            db.session(), api_user(), body["url"], fetch_policy(current_app.config), overrides
        )
        response = accepted(job)  # 202: the fetch and the import run on the queue; Location is the job
        db.session.commit()
        return response
    draft = importing.draft_from_text(body["text"], title=body.get("title") or "", origin="paste")
    draft = draft.with_overrides(
        title=body.get("title"),
        url=body.get("url"),
        outlet=body.get("outlet"),
        author=body.get("author"),
        published_on=body.get("published"),
    )
    if not importing.runs_inline(draft, int(current_app.config["INLINE_IMPORT_CHARS"])):
        # A long text: checked now, its claims found (or re-anchored) by a job; 202 with the job's Location.
        job = importing.request_text_import(db.session(), api_user(), draft, max_chars=max_chars)
        response = accepted(job)
        db.session.commit()
        return response
    result = importing.import_draft(db.session(), api_user(), draft, max_chars=max_chars)
    article = result.article
    response = answer(
        article_json(article, _claims_of(article), _published_version(article)), 201 if result.created else 200
    )
    db.session.commit()
    return response


@bp.get("/articles/<int:article_id>")
@token_required
def get_article(article_id: int) -> dict[str, Any]:
    allow(policy.can_view_work)
    article = load(Article, article_id)
    return article_json(article, _claims_of(article), _published_version(article))


@bp.get("/claims")
@token_required
def list_claims() -> dict[str, Any]:
    allow(policy.can_view_work)
    status, kind = request.args.get("status", ""), request.args.get("kind", "")
    if status and status not in STATUSES:
        raise ValidationError(f"status must be one of {', '.join(STATUSES)}.", fields={"status": "unknown"})
    filters = QueueFilters(status=status, kind=kind[:32], article_id=query_int("article_id", minimum=1))
    limit = query_int("limit", minimum=1, maximum=500, default=100) or 100
    offset = query_int("offset", minimum=0, default=0) or 0
    total, rows = queue.claims_slice(db.session(), filters, limit=limit, offset=offset)
    return {"total": total, "limit": limit, "offset": offset, "items": [claim_json(c) for c in rows]}


@bp.get("/claims/<int:claim_id>")
@token_required
def get_claim(claim_id: int) -> dict[str, Any]:
    allow(policy.can_view_work)
    return claim_json(load(Claim, claim_id))


@bp.post("/articles/<int:article_id>/claims")
@token_required
def add_claim(article_id: int) -> Response:
    article = load(Article, article_id)
    allow(policy.can_edit_claim)
    body = json_body(CLAIM_SPEC)
    claim = claims.add_claim(db.session(), api_user(), article, body["start"], body["end"])
    response = answer(claim_json(claim), 201)
    db.session.commit()
    return response


@bp.patch("/claims/<int:claim_id>")
@token_required
def patch_claim(claim_id: int) -> Response:
    claim = load(Claim, claim_id)
    allow(policy.can_edit_claim, claim)
    body = json_body(PATCH_SPEC)
    session, user = db.session(), api_user()
    version: int | None = body["version"]
    claims.check_version(claim, version)
    if "start" in body or "end" in body:
        start, end = body.get("start", claim.start), body.get("end", claim.end)
        claims.adjust_span(session, user, claim, start, end, version)
        version = None
    if "assignee_id" in body:
        assignee = None if body["assignee_id"] is None else load(User, body["assignee_id"])
        if assignee is not None and not policy.can_view_work(assignee):
            raise ValidationError("Claims can only be assigned to active staff.", fields={"assignee_id": "invalid"})
        claims.assign(session, user, claim, assignee, version)
        version = None
    if body.get("status") == ClaimStatus.DISMISSED:
        claims.dismiss(session, user, claim, version)
    elif body.get("status") == ClaimStatus.NEW:
        claims.restore(session, user, claim, version)
    response = answer(claim_json(claim))
    db.session.commit()
    return response
