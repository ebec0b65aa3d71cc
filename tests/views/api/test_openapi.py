"""The OpenAPI document of API v1 (views/api/openapi.py) describes every API route."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient


def test_openapi_describes_every_api_route(client: FlaskClient, app: Any) -> None:
    doc = client.get("/api/v1/openapi.json").json
    assert doc["openapi"].startswith("3.")
    documented = {(path, method.upper()) for path, ops in doc["paths"].items() for method in ops}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api.") and rule.rule.startswith("/api/v1"):
            path = rule.rule.removeprefix("/api/v1").replace("<int:", "{").replace(">", "}")
            routes |= {(path, m) for m in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    assert routes - documented == set()


def test_every_write_documents_its_version_and_idempotency_key(client: FlaskClient) -> None:
    doc = client.get("/api/v1/openapi.json").json
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            headers = [p["name"] for p in op.get("parameters", []) if p["in"] == "header"]
            if method in ("post", "put", "patch"):
                assert headers == ["Idempotency-Key"], (method, path)
                body = op["requestBody"]["content"]["application/json"]["schema"]
                if path not in ("/articles", "/articles/{article_id}/claims", "/claims/{claim_id}/comments"):
                    assert "version" in body["required"] and "409" in op["responses"], (method, path)
            else:
                assert headers == [], (method, path)
