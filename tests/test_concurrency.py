"""Concurrency: two app *processes* on the suite's database race for the same claim and the same URL.

Each process builds its own app with create_app(app_config) and its own test client; a Barrier releases both
requests at the same moment. Each race runs several rounds so the interleavings have a real chance to differ.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from multiprocessing.synchronize import Barrier
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from factcheck.factory import create_app
from factcheck.models import Article, AuditEvent, Claim, JobState, User
from factcheck.models import Job as QueuedJob
from factcheck.services import articles, audit_verify, users
from factcheck.tasks import runner
from tests.fetch.conftest import LocalServer

ROUNDS = 4
Job = tuple[str, str, dict[str, Any]]  # method, path, JSON body
TEXT = "\n\n".join(
    f"Officials said on Monday that {n},000 jobs were created in region {n} in 2023, the statistics office reported."
    for n in range(1, ROUNDS + 2)
)
PAGE = (
    "<html><head><title>Regional jobs report {n}</title></head><body><article><h1>Jobs report {n}</h1>"
    "<p>The statistics office counted {n},000 new jobs in the region during 2023, most of them in services, "
    "according to the annual report published on Monday by the regional government in the capital.</p>"
    "<p>Unemployment fell slightly over the same period, the office added, while wages rose by three percent "
    "and the number of open positions reached its highest level in a decade, officials said.</p>"
    "</article></body></html>"
)


def _worker(config: dict[str, Any], inbox: Any, barrier: Barrier, results: Any) -> None:
    """Runs in a spawned process: its own app, engine and client; one request per barrier release."""
    app = create_app(config)
    client = app.test_client()
    while (plan := inbox.get(timeout=600)) is not None:
        token, jobs = plan
        headers = {"Authorization": f"Bearer {token}"}
        warm = client.get("/api/v1/me", headers=headers)  # the session's first query, before the barrier
        assert warm.status_code == 200, warm.get_data(as_text=True)
        for number, (method, path, body) in enumerate(jobs):
            barrier.wait(timeout=60)
            response = client.open(path, method=method, json=body, headers=headers)
            results.put((number, token, response.status_code, response.get_data(as_text=True)))


class Workers:
    """Two spawned app processes, kept for the module so each race pays no start-up time."""

    def __init__(self, config: dict[str, Any], count: int = 2) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.barrier = ctx.Barrier(count)
        self.results: Any = ctx.Queue()
        self.inboxes: list[Any] = [ctx.Queue() for _ in range(count)]
        self.procs = [
            ctx.Process(target=_worker, args=(config, inbox, self.barrier, self.results), daemon=True)
            for inbox in self.inboxes
        ]
        for proc in self.procs:
            proc.start()

    def race(self, plans: dict[str, list[Job]]) -> list[dict[str, tuple[int, str]]]:
        """Run each token's jobs in its own process, round by round; return {token: (status, body)} per round."""
        assert len(plans) == len(self.inboxes)
        for inbox, plan in zip(self.inboxes, plans.items(), strict=True):
            inbox.put(plan)
        rounds: list[dict[str, tuple[int, str]]] = [{} for _ in next(iter(plans.values()))]
        for _ in range(sum(len(jobs) for jobs in plans.values())):
            assert all(proc.is_alive() for proc in self.procs), "a worker process died"
            number, token, status, body = self.results.get(timeout=120)
            rounds[number][token] = (status, body)
        return rounds

    def close(self) -> None:
        for inbox in self.inboxes:
            inbox.put(None)
        for proc in self.procs:
            proc.join(30)
            if proc.is_alive():
                proc.kill()
                proc.join(5)
        self.results.close()
        for inbox in self.inboxes:
            inbox.close()


@pytest.fixture(scope="module")
def workers(app_config: dict[str, Any]) -> Iterator[Workers]:
    pool = Workers(app_config)
    yield pool
    pool.close()
    assert [proc.exitcode for proc in pool.procs] == [0, 0]


@pytest.fixture()
def staff(db: Session, make_user: Callable[..., User]) -> list[tuple[User, str]]:
    """Two reviewers, each with an API token."""
    pairs = []
    for _ in range(2):
        user = make_user("reviewer")
        pairs.append((user, users.create_token(db, None, user)))
    db.commit()
    return pairs


@pytest.fixture()
def server() -> Iterator[LocalServer]:
    srv = LocalServer()
    srv.start()
    yield srv
    srv.close()


def _assert_no_server_errors(rounds: list[dict[str, tuple[int, str]]]) -> None:
    for outcome in rounds:
        for status, body in outcome.values():
            assert status < 500, body[:500]
            assert "database is locked" not in body, body[:500]


def test_two_processes_edit_one_claim_one_wins(workers: Workers, db: Session, staff: list[tuple[User, str]]) -> None:
    (alice, alice_token), (bob, bob_token) = staff
    result = articles.import_text(db, alice, title="Jobs", text=TEXT, origin="paste")
    db.commit()
    claims = list(db.scalars(select(Claim).where(Claim.article_id == result.article.id).order_by(Claim.start)))
    assert len(claims) >= ROUNDS
    targets = claims[:ROUNDS]
    assert all(c.version == 1 for c in targets)
    db.rollback()

    def plan(assignee: User) -> list[Job]:
        return [("PATCH", f"/api/v1/claims/{c.id}", {"version": 1, "assignee_id": assignee.id}) for c in targets]

    # Each assigns the claim to themselves, from the same version: the assignee tells whose edit was kept.
    rounds = workers.race({alice_token: plan(alice), bob_token: plan(bob)})
    _assert_no_server_errors(rounds)
    owner = {alice_token: alice.id, bob_token: bob.id}
    for claim, outcome in zip(targets, rounds, strict=True):
        statuses = sorted(status for status, _ in outcome.values())
        assert statuses == [200, 409], outcome
        winner = next(token for token, (status, _) in outcome.items() if status == 200)
        db.refresh(claim)
        assert claim.version == 2 and claim.assignee_id == owner[winner] and claim.status == "in_review"
        events = db.scalars(
            select(AuditEvent).where(
                AuditEvent.entity == "claim", AuditEvent.entity_id == claim.id, AuditEvent.action == "claim.assign"
            )
        ).all()
        assert [e.actor_id for e in events] == [owner[winner]]
    assert list(audit_verify.verify_chain(db)) == []
    db.rollback()


def test_two_processes_import_one_url_make_one_article(
    app: Flask, workers: Workers, db: Session, staff: list[tuple[User, str]], server: LocalServer
) -> None:
    """Each request queues an import job (run at its commit: the tests' immediate mode); the job that loses the
    race on the article's URL is retried, and its retry finds the article the other made."""
    urls = [server.route(f"/news/{n}", body=PAGE.format(n=n).encode()) for n in range(ROUNDS)]
    plan: list[Job] = [("POST", "/api/v1/articles", {"url": url}) for url in urls]
    rounds = workers.race({token: list(plan) for _, token in staff})
    _assert_no_server_errors(rounds)
    for url, outcome in zip(urls, rounds, strict=True):
        assert sorted(status for status, _ in outcome.values()) == [202, 202], outcome
        assert db.scalar(select(func.count()).select_from(Article).where(Article.url == url)) == 1
    states = {j.id: j.state for j in db.scalars(select(QueuedJob))}
    assert set(states.values()) <= {JobState.SUCCEEDED, JobState.QUEUED} and len(states) == 2 * ROUNDS
    for job_id in [i for i, state in states.items() if state == JobState.QUEUED]:  # lost a race: due again
        db.execute(update(QueuedJob).where(QueuedJob.id == job_id).values(run_after=None))
        db.commit()
        runner.run_job(app, job_id, lambda *_a: None)
    db.expire_all()
    done = list(db.scalars(select(QueuedJob)))
    assert {j.state for j in done} == {JobState.SUCCEEDED}
    assert sorted(bool(j.result and j.result["created"]) for j in done) == [False] * ROUNDS + [True] * ROUNDS
    assert db.scalar(select(func.count()).select_from(Article)) == ROUNDS
    assert list(audit_verify.verify_chain(db)) == []
    db.rollback()
