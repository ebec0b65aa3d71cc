"""API: sources and evidence, verdicts and their review, comments, publishing."""

from __future__ import annotations

from typing import Any

from flask import Response

from factcheck import policy
from factcheck.extensions import db
from factcheck.models import Article, Claim, Rating
from factcheck.services import claims, comments, publishing, ratings, sources, verdicts
from factcheck.services.errors import ValidationError
from factcheck.views.api.auth import allow, api_user, load, token_required
from factcheck.views.api.blueprint import bp
from factcheck.views.api.idempotency import answer
from factcheck.views.api.jobs import accepted
from factcheck.views.api.payloads import evidence_json, publication_json, verdict_json
from factcheck.views.api.schema import json_body
from factcheck.views.api.specs import (
    APPROVE_SPEC,
    COMMENT_SPEC,
    DECISION_SPEC,
    PUBLISH_SPEC,
    RETURN_SPEC,
    SOURCE_SPEC,
    VERDICT_SPEC,
)
from factcheck.views.reader.body import render_article_body


def _rating(label: str) -> Rating:
    found = ratings.rating_by_label(db.session(), label)
    if found is None:
        scale = ratings.active_scale(db.session())
        labels = ", ".join(r.label for r in scale.ratings) if scale else ""
        raise ValidationError(
            f"{label!r} is not a rating of the active scale ({labels}).", fields={"rating": "unknown"}
        )
    return found


def _changed(payload: dict[str, Any], claim: Claim) -> dict[str, Any]:
    """A state change's answer carries the claim's new version (for the client's next change) and status (an
    approved claim whose evidence changed is back in review)."""
    return {**payload, "claim_version": claim.version, "claim_status": claim.status}


@bp.post("/claims/<int:claim_id>/sources")
@token_required
def add_source(claim_id: int) -> Response:
    claim = load(Claim, claim_id)
    allow(policy.can_edit_claim, claim)
    body = json_body(SOURCE_SPEC)
    claims.check_version(claim, body["version"])
    job = sources.request_attach(
        db.session(),
        api_user(),
        claim,
        body["url"],
        stance=body["stance"],
        passage=body.get("passage") or "",
        note=body.get("note") or "",
        confidential=bool(body.get("confidential")),
    )
    response = accepted(job)  # 202: fetched on the queue; the job's result names the evidence and claim version
    db.session.commit()
    return response


@bp.get("/claims/<int:claim_id>/sources")
@token_required
def list_sources(claim_id: int) -> dict[str, Any]:
    claim = load(Claim, claim_id)
    allow(policy.can_view_work)
    return {"items": [evidence_json(e) for e in sources.evidence_for(db.session(), claim)]}


@bp.put("/claims/<int:claim_id>/verdict")
@token_required
def put_verdict(claim_id: int) -> Response:
    claim = load(Claim, claim_id)
    allow(policy.can_draft_verdict, claim)
    body = json_body(VERDICT_SPEC)
    claims.check_version(claim, body["version"])
    rating = _rating(body["rating"])
    verdict = verdicts.draft(
        db.session(),
        api_user(),
        claim,
        rating_id=rating.id,
        summary=body["summary"],
        rationale=body.get("rationale") or "",
    )
    response = answer(_changed(verdict_json(verdict, verdicts.summary_warnings(verdict.summary)), claim), 201)
    db.session.commit()
    return response


@bp.get("/claims/<int:claim_id>/verdicts")
@token_required
def verdict_history(claim_id: int) -> dict[str, Any]:
    claim = load(Claim, claim_id)
    allow(policy.can_view_work)
    return {"items": [verdict_json(v) for v in verdicts.history(db.session(), claim)]}


@bp.post("/claims/<int:claim_id>/submit")
@token_required
def submit(claim_id: int) -> Response:
    claim = load(Claim, claim_id)
    allow(policy.can_draft_verdict, claim)
    draft = verdicts.latest(db.session(), claim)
    if draft is not None:
        allow(policy.can_submit_verdict, draft)
    body = json_body(DECISION_SPEC)
    claims.check_version(claim, body["version"])
    verdict = verdicts.submit(db.session(), api_user(), claim)
    response = answer(_changed(verdict_json(verdict), claim))
    db.session.commit()
    return response


@bp.post("/claims/<int:claim_id>/approve")
@token_required
def approve(claim_id: int) -> Response:
    claim = load(Claim, claim_id)
    allow(policy.can_approve_verdict)
    body = json_body(APPROVE_SPEC)
    claims.check_version(claim, body["version"])
    verdict = verdicts.approve(db.session(), api_user(), claim, confirmed=bool(body.get("confirm")))
    response = answer(_changed(verdict_json(verdict), claim))
    db.session.commit()
    return response


@bp.post("/claims/<int:claim_id>/return")
@token_required
def return_(claim_id: int) -> Response:
    claim = load(Claim, claim_id)
    allow(policy.can_approve_verdict)
    body = json_body(RETURN_SPEC)
    claims.check_version(claim, body["version"])
    verdict = verdicts.return_verdict(db.session(), api_user(), claim, body["comment"])
    response = answer(_changed(verdict_json(verdict), claim))
    db.session.commit()
    return response


@bp.post("/claims/<int:claim_id>/comments")
@token_required
def add_comment(claim_id: int) -> Response:
    claim = load(Claim, claim_id)
    allow(policy.can_view_work)
    body = json_body(COMMENT_SPEC)
    comment = comments.add_comment(db.session(), api_user(), claim, body["body"])
    response = answer({"id": comment.id, "claim_id": claim.id, "body": comment.body}, 201)
    db.session.commit()
    return response


@bp.post("/articles/<int:article_id>/publish")
@token_required
def publish(article_id: int) -> Response:
    article = load(Article, article_id)
    allow(policy.can_publish_article, article)
    body = json_body(PUBLISH_SPEC)
    publication = publishing.publish(
        db.session(),
        api_user(),
        article,
        body.get("correction_note") or "",
        render=render_article_body,
        expected_version=body["version"],
    )
    response = answer(publication_json(publication), 201)
    db.session.commit()
    return response
