"""The newsroom scene holds what its docstring promises."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.models import ClaimStatus, Evidence, RatingScale, Triage
from factcheck.services import audit_verify, reading
from tests.support import builders
from tests.support.scenes import make_newsroom


def test_the_newsroom_has_a_claim_in_every_status_and_one_published_version(db: Session) -> None:
    room = make_newsroom(db)
    db.commit()
    statuses = {status: (claim.status, claim.triage) for status, claim in room.claims.items()}
    assert statuses == {s: (s.value, "accepted") for s in ClaimStatus} | {Triage.DISMISSED: ("new", "dismissed")}
    first = builders.claims_of(db, room.article)[0]
    assert first is room.claims[ClaimStatus.NEW]
    assert room.publication.version == 1
    checked = [c["id"] for c in room.publication.snapshot["claims"] if c["checked"]]
    assert checked == [room.claims[ClaimStatus.PUBLISHED].id]
    cited = db.scalars(select(Evidence.source_id).where(Evidence.claim_id == checked[0])).all()
    assert cited == [room.source.id]
    assert builders.claims_of(db, room.drafts)  # the engine found claims
    assert (db.scalar(select(func.count()).select_from(RatingScale)) or 0) >= 2  # an inactive scale too
    assert [p.article_id for p in reading.published_articles(db)[0]] == [room.article.id]
    assert list(audit_verify.verify_chain(db)) == []
