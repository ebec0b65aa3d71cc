"""Background jobs: one row per piece of slow work handed to the queue (factcheck/tasks/).

Huey carries only the job's id; this table is the truth about it. A consumer takes a lease on the row before it
runs the work and renews it while working; a sweep puts back jobs whose lease ran out (their consumer died), so
a killed consumer loses nothing. A task writes its result and `succeeded` in the same transaction as its work,
so a job that ran to its commit is never run again, and one that did not leaves nothing behind."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from factcheck.models.base import Base, StrEnumType, utcnow


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    DISCARDED = "discarded"


class Job(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_subject", "subject_type", "subject_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    arguments: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    state: Mapped[JobState] = mapped_column(StrEnumType(JobState, 16), default=JobState.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[dt.datetime | None] = mapped_column(index=True)
    run_after: Mapped[dt.datetime | None]  # a retry waits until then (backoff)
    progress: Mapped[float] = mapped_column(Float, default=0.0)  # 0..1
    progress_note: Mapped[str] = mapped_column(String(200), default="")
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    output: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # a file the job made (a PDF)
    payload: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)  # input too big for arguments
    error: Mapped[str | None] = mapped_column(Text)
    # What the job is about, for pages that show their pending work ("claim", 12): the claim page's fetches.
    subject_type: Mapped[str | None] = mapped_column(String(32))
    subject_id: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]

    @property
    def done(self) -> bool:
        return self.state in (JobState.SUCCEEDED, JobState.FAILED, JobState.DISCARDED)
