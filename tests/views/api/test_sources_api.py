"""Sources through the API: a source can be attached as confidential, and every source says its kind."""

from __future__ import annotations

from collections.abc import Callable

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from factcheck.models import Source
from tests.fetch.conftest import LocalServer
from tests.support import builders

PAGE = b"<html><head><title>Port figures</title></head><body><article><p>The port handled 2,450 crossings in 2023, \
twice as many as in 2019, according to the harbour authority's yearly report.</p></article></body></html>"


def test_attach_confidential_and_list_kinds(
    client: FlaskClient, db: Session, bearer: Callable[[str], dict[str, str]], server: LocalServer
) -> None:
    claim = builders.make_claim(db)
    db.commit()
    headers = bearer("reviewer")
    body = {"version": claim.version, "url": server.route("/port", body=PAGE), "stance": "supports",
            "confidential": True}  # fmt: skip
    attached = client.post(f"/api/v1/claims/{claim.id}/sources", json=body, headers=headers)
    assert attached.status_code == 202, attached.json  # fetched on the job queue (immediate in tests)
    job = client.get(attached.headers["Location"], headers=headers).json
    assert job["state"] == "succeeded", job
    db.expire_all()
    source = db.get(Source, job["result"]["source_id"])
    assert source is not None and source.confidential and source.kind == "web"
    bad = client.post(
        f"/api/v1/claims/{claim.id}/sources",
        json={**body, "version": job["result"]["claim_version"], "confidential": "yes"},
        headers=headers,
    )
    assert bad.status_code == 422 and bad.json["error"]["fields"] == {"confidential": "not a boolean"}
    listed = client.get(f"/api/v1/claims/{claim.id}/sources", headers=headers).json["items"]
    assert [e["source"]["kind"] for e in listed] == ["web"]
    assert [e["source"]["confidential"] for e in listed] == [True]
