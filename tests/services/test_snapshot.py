"""The publication snapshot and its TypedDicts (models/snapshot.py) describe the same shape, and snapshots written
before a key existed still read."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.exports.claimreview import claim_review
from factcheck.models import Article, Publication
from factcheck.models.snapshot import (
    ClaimDate,
    Snapshot,
    SnapshotArticle,
    SnapshotClaim,
    SnapshotEvent,
    SnapshotEventClaim,
    SnapshotEvidence,
    SnapshotRating,
    SnapshotRevision,
    SnapshotScale,
    SnapshotSource,
    SnapshotVerdict,
)
from factcheck.services import demo, publishing, reading, snapshots


def _keys_match(value: dict[str, Any], typed: Any, where: str, seen: dict[str, int]) -> None:
    keys = set(value)
    assert typed.__required_keys__ <= keys, f"{where} lacks {typed.__required_keys__ - keys}"
    assert keys <= typed.__required_keys__ | typed.__optional_keys__, f"{where} has untyped keys"
    seen[typed.__name__] = seen.get(typed.__name__, 0) + 1


def _check(snapshot: Snapshot) -> dict[str, int]:
    seen: dict[str, int] = {}
    _keys_match(dict(snapshot), Snapshot, "snapshot", seen)
    _keys_match(dict(snapshot["article"]), SnapshotArticle, "article", seen)
    _keys_match(dict(snapshot["revision"]), SnapshotRevision, "revision", seen)
    if snapshot.get("scale"):
        _keys_match(dict(snapshot["scale"] or {}), SnapshotScale, "scale", seen)
    for claim in snapshot["claims"]:
        _keys_match(dict(claim), SnapshotClaim, "claim", seen)
        for date in claim["dates"]:
            _keys_match(dict(date), ClaimDate, "date", seen)
        if claim["verdict"]:
            _keys_match(dict(claim["verdict"]), SnapshotVerdict, "verdict", seen)
            _keys_match(dict(claim["verdict"]["rating"]), SnapshotRating, "rating", seen)
        for evidence in claim["evidence"]:
            _keys_match(dict(evidence), SnapshotEvidence, "evidence", seen)
            _keys_match(dict(evidence["source"]), SnapshotSource, "source", seen)
    for event in snapshot.get("timeline", []):
        _keys_match(dict(event), SnapshotEvent, "event", seen)
        for claim_of_event in event["claims"]:
            _keys_match(dict(claim_of_event), SnapshotEventClaim, "event claim", seen)
    return seen


def test_published_snapshots_have_exactly_the_typed_keys(db: Session) -> None:
    demo.load_demo(db)
    db.commit()
    pub = db.scalars(select(Publication)).one()
    db.expire(pub)  # read back from the database: what readers get
    seen = _check(pub.snapshot)
    every = ("SnapshotScale", "SnapshotVerdict", "SnapshotRating", "SnapshotEvidence", "SnapshotSource", "ClaimDate",
             "SnapshotEvent", "SnapshotEventClaim")  # fmt: skip
    for name in every:
        assert seen.get(name), f"the demo snapshot has no {name}: the check would not see it drift"
    article = db.scalars(select(Article)).one()
    _check(snapshots.build_snapshot(db, article))
    summit = next(e for e in pub.snapshot["timeline"] if e["what"] == "summit")
    assert (summit["status"], summit["claims"][0]["words"]) == ("held", "")  # read off the tense: nothing to quote
    cancelled = next(e for e in pub.snapshot["timeline"] if e["status"] == "cancelled")
    assert cancelled["claims"][0]["words"] == "cancelled"


def test_a_snapshot_written_before_the_scale_was_frozen_in_still_reads(db: Session, client: FlaskClient) -> None:
    demo.load_demo(db)
    db.commit()
    first = db.scalars(select(Publication)).one()
    old = {key: value for key, value in first.snapshot.items() if key != "scale"}  # the first snapshots' shape
    db.add(
        Publication(
            article_id=first.article_id,
            version=first.version + 1,
            kind="publication",
            revision_id=first.revision_id,
            snapshot=old,
            correction_note="",
            published_by_id=first.published_by_id,
        )
    )
    db.commit()
    checked = next(c for c in old["claims"] if c["checked"])
    found = reading.published_claim(db, checked["id"])
    assert found is not None and found[2] == checked and found[1].version == first.version + 1
    snapshot = found[1].snapshot
    assert "scale" not in snapshot and reading.coverage(snapshot)[0] >= 1
    assert not publishing.correction_needed(found[1], snapshots.build_snapshot(db, found[0]))
    doc = claim_review(
        checked,
        snapshot["article"],
        claim_url="https://checks.example.org/claims/1",
        article_url=None,
        published_at=found[1].published_at,
        organisation={"name": "Desk"},
        scale=snapshot.get("scale"),
    )
    assert doc["reviewRating"] == {"@type": "Rating", "alternateName": checked["verdict"]["rating"]["label"]}
    slug = snapshot["article"]["slug"]
    page = client.get(f"/a/{slug}/v/{first.version + 1}")
    assert page.status_code == 200 and checked["quote"][:20] in page.get_data(as_text=True)
    assert client.get(f"/claims/{checked['id']}").status_code == 200
