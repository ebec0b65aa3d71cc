"""Two app *processes* send the same write with the same Idempotency-Key at the same moment (a client's retry
racing its first attempt): it is written once, and each answer is the first one replayed or a 409, never a
second write. Same harness as tests/test_concurrency.py: spawned processes, a Barrier, several rounds."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from multiprocessing.synchronize import Barrier
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.factory import create_app
from factcheck.models import Article, Claim, Comment, User
from factcheck.services import users
from tests.support import builders

ROUNDS = 5
Request = tuple[str, str, dict[str, Any], dict[str, str]]  # method, path, JSON body, headers


def _worker(config: dict[str, Any], inbox: Any, barrier: Barrier, results: Any) -> None:
    """Runs in a spawned process: its own app and client; each request waits for the other process."""
    client = create_app(config).test_client()
    while (plan := inbox.get(timeout=600)) is not None:
        for number, (method, path, body, headers) in enumerate(plan):
            assert client.get("/api/v1/me", headers=headers).status_code == 200  # warm, before the barrier
            barrier.wait(timeout=60)
            response = client.open(path, method=method, json=body, headers=headers)
            results.put((number, response.status_code, response.get_data(as_text=True)))


@pytest.fixture(scope="module")
def pair(app_config: dict[str, Any]) -> Iterator[tuple[list[Any], Any]]:
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    inboxes = [ctx.Queue(), ctx.Queue()]
    procs = [ctx.Process(target=_worker, args=(app_config, q, barrier, results), daemon=True) for q in inboxes]
    for proc in procs:
        proc.start()
    yield inboxes, results
    for inbox in inboxes:
        inbox.put(None)
    for proc in procs:
        proc.join(30)
    assert [proc.exitcode for proc in procs] == [0, 0]


def _race(pair: tuple[list[Any], Any], plans: list[list[Request]]) -> list[list[tuple[int, str]]]:
    inboxes, results = pair
    for inbox, plan in zip(inboxes, plans, strict=True):
        inbox.put(plan)
    rounds: list[list[tuple[int, str]]] = [[] for _ in plans[0]]
    for _ in range(2 * len(plans[0])):
        number, status, body = results.get(timeout=120)
        rounds[number].append((status, body))
    return rounds


@pytest.fixture()
def two_tokens(db: Session, make_user: Callable[..., User]) -> tuple[User, list[str]]:
    """One editor with two API tokens: the same account, as a client retrying from a second connection."""
    user = make_user("editor")
    tokens = [users.create_token(db, None, user) for _ in range(2)]
    db.commit()
    return user, tokens


def _one_answer_per_key(outcome: list[tuple[int, str]], ok: int) -> None:
    """Both get the first answer: the one that lost the race (on the key, a unique row or the claim's version)
    rolls back its write and replays the winner's, never a 409."""
    assert [status for status, _ in outcome] == [ok, ok], outcome
    assert outcome[0][1] == outcome[1][1], "a retry got a different answer"


def test_the_same_comment_sent_twice_at_once_is_written_once(
    pair: tuple[list[Any], Any], db: Session, two_tokens: tuple[User, list[str]]
) -> None:
    _user, tokens = two_tokens
    claim = builders.make_claim(db)
    db.commit()
    path = f"/api/v1/claims/{claim.id}/comments"
    plans = [
        [
            ("POST", path, {"body": f"Round {n}."}, {"Authorization": f"Bearer {t}", "Idempotency-Key": f"c-{n}"})
            for n in range(ROUNDS)
        ]
        for t in tokens
    ]
    for n, outcome in enumerate(_race(pair, plans)):
        _one_answer_per_key(outcome, 201)
        assert db.scalar(select(func.count(Comment.id)).where(Comment.body == f"Round {n}.")) == 1


def test_the_same_claim_edit_sent_twice_at_once_moves_the_claim_once(
    pair: tuple[list[Any], Any], db: Session, two_tokens: tuple[User, list[str]]
) -> None:
    user, tokens = two_tokens
    targets = [builders.make_claim(db, builders.make_article(db, extract=False)) for _ in range(ROUNDS)]
    db.commit()
    versions = [c.version for c in targets]
    plans = [
        [
            (
                "PATCH",
                f"/api/v1/claims/{c.id}",
                {"version": c.version, "assignee_id": user.id},
                {"Authorization": f"Bearer {t}", "Idempotency-Key": f"assign-{c.id}"},
            )
            for c in targets
        ]
        for t in tokens
    ]
    for claim, version, outcome in zip(targets, versions, _race(pair, plans), strict=True):
        _one_answer_per_key(outcome, 200)
        db.expire_all()
        fresh = db.get(Claim, claim.id)
        assert fresh is not None and fresh.version == version + 1 and fresh.assignee_id == user.id


def test_the_same_article_imported_twice_at_once_is_imported_once(
    pair: tuple[list[Any], Any], db: Session, two_tokens: tuple[User, list[str]]
) -> None:
    """Both attempts make an article with the same slug: the loser's unique-row error becomes the replay."""
    _user, tokens = two_tokens
    body = "Ferries left the harbour 41 times in 2023, the board said."
    plans = [
        [
            (
                "POST",
                "/api/v1/articles",
                {"title": f"Harbour round {n}", "text": body},
                {"Authorization": f"Bearer {t}", "Idempotency-Key": f"import-{n}"},
            )
            for n in range(ROUNDS)
        ]
        for t in tokens
    ]
    for n, outcome in enumerate(_race(pair, plans)):
        _one_answer_per_key(outcome, 201)
        assert db.scalar(select(func.count(Article.id)).where(Article.title == f"Harbour round {n}")) == 1
