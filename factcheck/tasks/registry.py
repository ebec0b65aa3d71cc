"""Which function runs each kind of job, and which run on a schedule. A kind's module registers itself with
`@task("kind")` and is imported by `load_kinds()`; the next kinds (feed polls, webhook deliveries, link checks)
join the same way, and periodic work (a feed poll every few minutes) with `@periodic(...)`.

A task gets a TaskContext: its own database session (commit is the runner's: the task's writes and the job's
`succeeded` commit together), the job, the app's config, the user who queued it, and `progress()`. It returns
an Outcome. It must be idempotent: it may run again after a consumer died before its commit, or after a
transient error, so it reads what is already there before it writes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from factcheck.models import Job, User


@dataclass
class TaskContext:
    session: Session
    job: Job
    config: Mapping[str, Any]
    actor: User | None
    report: Callable[[float, str], object] = lambda _fraction, _note: None

    @property
    def args(self) -> dict[str, Any]:
        return self.job.arguments

    def progress(self, fraction: float, note: str = "") -> None:
        """Record how far the job is (0..1) for the progress bars; it also renews the lease."""
        self.report(fraction, note)


@dataclass
class Outcome:
    result: dict[str, Any] = field(default_factory=dict)  # JSON: what the job made, where to look ("location")
    output: bytes | None = None  # a file (a PDF report), downloadable from the job


Handler = Callable[[TaskContext], Outcome]


@dataclass(frozen=True)
class Periodic:
    name: str
    crontab: Mapping[str, str]  # huey.crontab arguments: {"minute": "*/5"}
    run: Callable[[Session, Mapping[str, Any]], list[int]]  # the ids of the jobs it queued (dispatched at commit)


KINDS: dict[str, Handler] = {}
PERIODIC: dict[str, Periodic] = {}
KIND_MODULES = (
    "factcheck.tasks.articles",
    "factcheck.tasks.claims",
    "factcheck.tasks.feeds",
    "factcheck.tasks.links",
    "factcheck.tasks.maintenance",
    "factcheck.tasks.reports",
    "factcheck.tasks.sources",
    "factcheck.tasks.webhooks",
)


def task(kind: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        KINDS[kind] = handler
        return handler

    return register


def periodic(name: str, **crontab: str) -> Callable[[Callable[[Session, Mapping[str, Any]], list[int]]], Any]:
    def register(run: Callable[[Session, Mapping[str, Any]], list[int]]) -> Any:
        PERIODIC[name] = Periodic(name, crontab, run)
        return run

    return register


def load_kinds() -> dict[str, Handler]:
    for module in KIND_MODULES:
        importlib.import_module(module)
    return KINDS
