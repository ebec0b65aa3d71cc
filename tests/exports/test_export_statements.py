"""Exports stay flat with the data (issue 12): the evidence, sources and tags come inside the report's one query,
so a 1,000-claim CSV, JSON or printable report sends the same statements as a four-claim one."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from factcheck.exports.csv_export import BOM
from factcheck.models import Claim, ClaimTag, Evidence, Rating, Source, User, Verdict
from factcheck.services import ratings
from tests.support.queries import counting
from tests.support.reports_data import KnownSet, build_known_set

T0 = dt.datetime(2025, 1, 6, 9, 0, tzinfo=dt.UTC)
BASE = 100_000  # ids of the bulk rows, clear of the known set's


def add_claims(db: Session, known: KnownSet, n: int) -> None:
    """n more claims on the known set's second article (Core inserts): each with an approved verdict, two or three
    pieces of evidence (a web page shared by many claims, a person, an uploaded document) and two tags."""
    article = known.article_b
    revision_id = db.scalar(select(Claim.revision_id).where(Claim.article_id == article.id).limit(1))
    scale = ratings.active_scale(db)
    assert scale is not None
    rating_ids = list(db.scalars(select(Rating.id).where(Rating.scale_id == scale.id)))
    conn = db.connection()
    kinds: list[dict[str, Any]] = [
        {"kind": "web", "url": f"https://src.example.org/bulk/{s}", "title": f"Bulk page {s}", "sha256": "a" * 64}
        for s in range(20)
    ]
    kinds += [
        {"kind": "person", "url": "person:bulk", "title": "Jo Bloggs", "person": "Jo Bloggs", "method": "email"},
        {"kind": "document", "url": "document:" + "b" * 64, "title": "Memo", "sha256": "b" * 64},
    ]
    conn.execute(
        insert(Source),
        [
            {"id": BASE + i, "publisher": "Pub", "sha256": None, "person": "", "method": None, **s}
            for i, s in enumerate(kinds)
        ],
    )
    claims, verdicts, evidence, tags = [], [], [], []
    for c in range(n):
        cid, created = BASE + c, T0 + dt.timedelta(minutes=c)
        claims.append(
            {
                "id": cid,
                "article_id": article.id,
                "revision_id": revision_id,
                "start": 0,
                "end": 5,
                "quote": f"Bulk claim {c}",
                "kind": "quantity",
                "speaker": "Speaker",
                "dates": [],
                "status": "approved",
                "created_at": created,
                "updated_at": created,
            }
        )
        verdicts.append(
            {
                "id": BASE + c,
                "claim_id": cid,
                "rating_id": rating_ids[c % len(rating_ids)],
                "summary": f"Summary {c}",
                "rationale": "Reasons.",
                "state": "approved",
                "author_id": known.rob.id,
                "approver_id": known.emil.id,
                "created_at": created,
            }
        )
        for k, source in enumerate((BASE + c % 20, BASE + 20, BASE + 21)[: 2 + c % 2]):
            score = None if k == 1 else 100.0
            evidence.append(
                {"claim_id": cid, "source_id": source, "stance": "supports", "passage": f"p{c}", "match_score": score}
            )
        tags += [{"claim_id": cid, "tag": "bulk"}, {"claim_id": cid, "tag": f"t{c % 7}"}]
    for model, rows in ((Claim, claims), (Verdict, verdicts), (Evidence, evidence), (ClaimTag, tags)):
        conn.execute(insert(model), rows)
    db.commit()


PATHS = ("/reports/download?format=csv", "/reports/download?format=json", "/reports/print")


def _statements(client: FlaskClient, db: Session) -> tuple[list[int], dict[str, str]]:
    counts, bodies = [], {}
    for path in PATHS:
        client.get(path).close()  # warm: the session's user, templates
        with counting(db) as statements:
            response = client.get(path)
            assert response.status_code == 200, path
            bodies[path] = response.get_data(as_text=True)
            response.close()
        counts.append(statements[0])
    return counts, bodies


def test_a_thousand_claim_export_sends_the_statements_of_a_four_claim_one(
    client: FlaskClient, db: Session, login_as: Callable[..., User]
) -> None:
    known = build_known_set(db)
    db.commit()
    login_as("editor")
    few, _ = _statements(client, db)
    add_claims(db, known, 1000)
    many, bodies = _statements(client, db)
    assert few == many, (few, many)
    rows = list(csv.DictReader(io.StringIO(bodies[PATHS[0]].removeprefix(BOM), newline="")))
    assert len(rows) == 1004
    bulk = {r["claim_text"]: r for r in rows}
    assert bulk["Bulk claim 1"]["source_types"] == "web\nperson\ndocument"
    assert bulk["Bulk claim 1"]["passages_found"] == "yes\nno\nyes" and bulk["Bulk claim 1"]["tags"] == "bulk\nt1"
    doc = json.loads(bodies[PATHS[1]])
    assert doc["count"] == 1004 and sum(len(c["evidence_passages"]) for c in doc["claims"]) == 2500 + 5
    printable = bodies[PATHS[2]]
    assert printable.count('class="report-source"') == 5 + 22  # the known set's five sources, and the bulk's 22
