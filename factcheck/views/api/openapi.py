"""The OpenAPI 3 document of API v1, written from the same request declarations the endpoints validate with."""

from __future__ import annotations

from typing import Any

from factcheck.views.api.blueprint import bp
from factcheck.views.api.schema import Spec, request_schema
from factcheck.views.api.specs import (
    ARTICLE_SPEC,
    CLAIM_SPEC,
    COMMENT_SPEC,
    DECISION_SPEC,
    PATCH_SPEC,
    PUBLISH_SPEC,
    RETURN_SPEC,
    SOURCE_SPEC,
    STATUSES,
    VERDICT_SPEC,
)

ERROR = {"$ref": "#/components/schemas/Error"}
IDEMPOTENCY_KEY: dict[str, Any] = {
    "name": "Idempotency-Key",
    "in": "header",
    "required": False,
    "description": "Any unique string (a UUID): a retry with the same key, method, path and body within 24 hours "
    "gets the first successful answer again, with `Idempotent-Replayed: true`, and writes nothing. The same key "
    "with another request is a 422 (`idempotency_key_reused`). Refusals are not recorded.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
}
OBJ: dict[str, Any] = {"type": "object"}
# Slow work (fetching a URL) answers at once: 202 with the job, and a Location to poll (GET /jobs/{job_id}).
ACCEPTED: dict[str, Any] = {
    "description": "Accepted: the work runs on the job queue. Poll the job at `Location` until `done`.",
    "headers": {"Location": {"description": "/api/v1/jobs/{job_id}", "schema": {"type": "string"}}},
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Job"}}},
}
JOB_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "kind", "state", "done", "progress", "attempts", "result", "error"],
    "properties": {
        "id": {"type": "integer"},
        "kind": {"type": "string", "description": "article.import_url, source.attach, ..."},
        "state": {"type": "string", "enum": ["queued", "running", "succeeded", "failed", "discarded"]},
        "done": {"type": "boolean"},
        "progress": {"type": "number", "minimum": 0, "maximum": 1},
        "progress_note": {"type": "string"},
        "attempts": {"type": "integer"},
        "max_attempts": {"type": "integer"},
        "result": {
            "type": "object",
            "nullable": True,
            "description": "When succeeded: article_id (imports), or claim_id, evidence_id, source_id, "
            "fetch_error, claim_version (sources).",
        },
        "error": {"type": "string", "nullable": True, "description": "Why the last attempt failed."},
        "created_at": {"type": "string", "format": "date-time"},
        "started_at": {"type": "string", "format": "date-time", "nullable": True},
        "finished_at": {"type": "string", "format": "date-time", "nullable": True},
        "url": {"type": "string", "description": "This job's address."},
    },
}


def _response(description: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema or OBJ}}}


def _op(
    summary: str,
    ok: int,
    *,
    spec: Spec | None = None,
    params: list[dict[str, Any]] | None = None,
    errors: tuple[int, ...] = (401, 403, 404),
    schema: str | None = None,
    auth: bool = True,
) -> dict[str, Any]:
    ok_schema = {"$ref": f"#/components/schemas/{schema}"} if schema else OBJ
    op: dict[str, Any] = {"summary": summary, "responses": {str(ok): _response("OK", ok_schema)}}
    # 400 can answer any request (e.g. a NUL character anywhere); 422 any body that fails its declaration;
    # 409 a state change whose `version` is stale.
    for code in (400, *errors, *((422,) if spec else ()), *((409,) if spec and "version" in spec else ())):
        op["responses"][str(code)] = _response("Error", ERROR)
    if spec is not None:  # a write: it takes a body, and an Idempotency-Key
        op["requestBody"] = {"required": True, "content": {"application/json": {"schema": request_schema(spec)}}}
        params = [*(params or []), IDEMPOTENCY_KEY]
    if params:
        op["parameters"] = params
    if not auth:
        op["security"] = []
    return op


def _accepting(op: dict[str, Any]) -> dict[str, Any]:
    op["responses"]["202"] = ACCEPTED
    return op


def _path_param(name: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    }


def _query(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema}


def document() -> dict[str, Any]:
    article_id, claim_id = [_path_param("article_id")], [_path_param("claim_id")]
    claim_filters = [
        _query("status", {"type": "string", "enum": list(STATUSES)}),
        _query("kind", {"type": "string"}),
        _query("article_id", {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}),
        _query("limit", {"type": "integer", "minimum": 1, "maximum": 500}),
        _query("offset", {"type": "integer", "minimum": 0, "maximum": 2**31 - 1}),
    ]
    paths: dict[str, Any] = {
        "/me": {"get": _op("The account behind the token", 200, errors=(401,))},
        "/articles": {
            "post": _accepting(
                _op(
                    "Import an article from text (201, or 200 for a re-import of the same `url`; the claim engine "
                    "runs at once), or from a `url` alone or a text longer than FACTCHECK_INLINE_IMPORT_CHARS "
                    "(202: imported on the job queue; the job's result names the article_id)",
                    201,
                    spec=ARTICLE_SPEC,
                    errors=(401, 403, 413),
                    schema="Article",
                )
            )
        },
        "/articles/{article_id}": {"get": _op("An article with its claims", 200, params=article_id, schema="Article")},
        "/articles/{article_id}/claims": {
            "post": _op("Mark a span as a claim", 201, spec=CLAIM_SPEC, params=article_id, schema="Claim")
        },
        "/articles/{article_id}/publish": {
            "post": _op("Publish a new version", 201, spec=PUBLISH_SPEC, params=article_id)
        },
        "/claims": {"get": _op("Claims, filtered and paginated", 200, params=claim_filters, errors=(401, 403, 422))},
        "/claims/{claim_id}": {
            "get": _op("One claim", 200, params=claim_id, schema="Claim"),
            "patch": _op(
                "Change span, status or assignee (send the version you read)",
                200,
                spec=PATCH_SPEC,
                params=claim_id,
                schema="Claim",
            ),
        },
        "/claims/{claim_id}/sources": {
            "get": _op("Sources and evidence of a claim", 200, params=claim_id),
            "post": _accepting(
                _op(
                    "Attach a source with a stance and passage: 202, the server fetches and archives it on the job "
                    "queue (an unreachable source is attached with its fetch_error)",
                    202,
                    spec=SOURCE_SPEC,
                    params=claim_id,
                    schema="Job",
                )
            ),
        },
        "/claims/{claim_id}/verdict": {"put": _op("Draft a verdict", 201, spec=VERDICT_SPEC, params=claim_id)},
        "/claims/{claim_id}/verdicts": {"get": _op("Verdict history", 200, params=claim_id)},
        "/claims/{claim_id}/submit": {
            "post": _op(
                "Submit the draft for review (its author or an editor)", 200, spec=DECISION_SPEC, params=claim_id
            )
        },
        "/claims/{claim_id}/approve": {
            "post": _op("Approve (an editor other than the author)", 200, spec=DECISION_SPEC, params=claim_id)
        },
        "/claims/{claim_id}/return": {"post": _op("Return with a comment", 200, spec=RETURN_SPEC, params=claim_id)},
        "/claims/{claim_id}/comments": {"post": _op("Comment on a claim", 201, spec=COMMENT_SPEC, params=claim_id)},
        "/jobs/{job_id}": {
            "get": _op(
                "A job: state, progress, and its result or error", 200, params=[_path_param("job_id")], schema="Job"
            )
        },
        "/jobs/{job_id}/file": {
            "get": {
                **_op("The file a job made: a report's PDF (editors)", 200, params=[_path_param("job_id")]),
                "description": "GET /api/v1/reports/verdicts?format=pdf answers 202 with a report job; once it "
                "succeeded its `file` is this address.",
            }
        },
        "/openapi.json": {"get": _op("This document", 200, errors=(), auth=False)},
    }
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Fact-check workbench API",
            "version": "1",
            "description": "Token auth: `Authorization: Bearer <token>` from `flask tokens create`. Offsets are "
            'Unicode code points. Errors are `{"error": {"code", "message", "fields"?}}`.',
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "required": ["code", "message"],
                            "properties": {
                                "code": {"type": "string"},
                                "message": {"type": "string"},
                                "fields": {"type": "object", "additionalProperties": {"type": "string"}},
                            },
                        }
                    },
                },
                "Job": JOB_SCHEMA,
                "Claim": {
                    "type": "object",
                    "required": ["id", "start", "end", "quote", "kind", "score", "dates", "status", "version"],
                    "properties": {
                        "id": {"type": "integer"},
                        "start": {"type": "integer"},
                        "end": {"type": "integer"},
                        "quote": {"type": "string"},
                        "kind": {"type": "string"},
                        "score": {"type": "number"},
                        "dates": {"type": "array"},
                        "status": {"type": "string"},
                        "version": {"type": "integer"},
                    },
                },
                "Article": {
                    "type": "object",
                    "required": ["id", "title", "slug"],
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "slug": {"type": "string"},
                        "claims": {"type": "array", "items": {"$ref": "#/components/schemas/Claim"}},
                    },
                },
            },
        },
    }


@bp.get("/openapi.json")
def openapi() -> dict[str, Any]:
    return document()
