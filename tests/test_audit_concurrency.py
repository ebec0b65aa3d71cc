"""The audit chain under real concurrency: app *processes* on the suite's database (SQLite or PostgreSQL).

- 200 failed sign-ins from four processes at once (anyone can send them): every one leaves an event and the
  chain does not fork (before appends were serialised, SQLite forked it: two events with one predecessor).
- Crossing merges (claim A into B in one process, B into A in another, released together): no 500 and no
  deadlock reaches a client (PostgreSQL deadlocked in 5 of 6 tries), one merge wins, the other is refused, both
  claims end consistent, and the chain is intact.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable
from multiprocessing.synchronize import Barrier
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from factcheck.factory import create_app
from factcheck.models import AuditEvent, Claim, User
from factcheck.services import articles, audit_verify
from tests.conftest import PASSWORD

PROCESSES = 4
SIGN_INS = 200
MERGE_ROUNDS = 6
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')
TEXT = "\n\n".join(
    f"The harbour authority said {n * 3} ships docked in week {n}, while the ferry operator counted {n * 5} "
    f"crossings. Officials added that {n * 11} containers were inspected by customs in March."
    for n in range(1, MERGE_ROUNDS + 2)
)


def _csrf(client: Any, path: str) -> str:
    match = CSRF.search(client.get(path).get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def _sign_in_worker(config: dict[str, Any], count: int, barrier: Barrier, results: Any) -> None:
    app = create_app(config)
    client = app.test_client()
    token = _csrf(client, "/login")
    barrier.wait(timeout=120)
    statuses = []
    for n in range(count):
        form = {"email": f"nobody{n}@example.org", "password": "wrong password", "csrf_token": token}
        try:
            response = client.post("/login", data=form)
            statuses.append((response.status_code, response.get_data(as_text=True)[:300]))
        except Exception as exc:  # an unhandled error: a 500 in production
            statuses.append((500, repr(exc)[:300]))
    results.put(statuses)


def _merge_worker(
    config: dict[str, Any], email: str, plan: list[tuple[int, int]], barrier: Barrier, results: Any
) -> None:
    app = create_app(config)
    client = app.test_client()
    login = {"email": email, "password": PASSWORD, "csrf_token": _csrf(client, "/login")}
    assert client.post("/login", data=login).status_code == 302
    token = _csrf(client, "/work/")
    for claim_id, other_id in plan:
        form = {"other": other_id, "version": 1, "csrf_token": token}
        try:
            barrier.wait(timeout=60)
            response = client.post(f"/work/claims/{claim_id}/merge", data=form)
            results.put((claim_id, response.status_code, response.get_data(as_text=True)[:500]))
        except Exception as exc:  # an unhandled error (a 500 in production) or a partner that died
            results.put((claim_id, 500, repr(exc)[:500]))


def _spawn(target: Callable[..., None], args_list: list[tuple[Any, ...]]) -> tuple[list[Any], Any, Barrier]:
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(len(args_list))
    results = ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, barrier, results), daemon=True) for args in args_list]
    for proc in procs:
        proc.start()
    return procs, results, barrier


def _join(procs: list[Any]) -> None:
    for proc in procs:
        proc.join(120)
        if proc.is_alive():
            proc.kill()
    assert [proc.exitcode for proc in procs] == [0] * len(procs)


def test_concurrent_failed_sign_ins_never_fork_the_chain(app_config: dict[str, Any], db: Session) -> None:
    config = {**app_config, "LOGIN_RATE_LIMIT": "100000 per minute"}
    per = SIGN_INS // PROCESSES
    procs, results, barrier = _spawn(_sign_in_worker, [(config, per) for _ in range(PROCESSES)])
    statuses = [status for _ in procs for status in results.get(timeout=300)]
    _join(procs)
    del barrier
    assert len(statuses) == SIGN_INS
    assert [body for status, body in statuses if status != 401] == []
    failed = select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "auth.login_failed")
    assert db.scalar(failed) == SIGN_INS
    assert list(audit_verify.verify_chain(db)) == []
    prev_hashes = db.scalars(select(AuditEvent.prev_hash)).all()
    assert len(prev_hashes) == len(set(prev_hashes))  # no two events share a predecessor
    db.rollback()


def test_crossing_merges_do_not_deadlock_and_end_consistent(
    app_config: dict[str, Any], db: Session, make_user: Callable[..., User]
) -> None:
    alice, bob = make_user("reviewer"), make_user("reviewer")
    imported = articles.import_text(db, alice, title="Harbour", text=TEXT, origin="paste")
    db.commit()
    claims = list(db.scalars(select(Claim).where(Claim.article_id == imported.article.id).order_by(Claim.start)))
    pairs = [(claims[2 * i].id, claims[2 * i + 1].id) for i in range(MERGE_ROUNDS)]
    assert len(pairs) == MERGE_ROUNDS and all(c.version == 1 for c in claims)
    db.rollback()
    plans = [
        (app_config, alice.email, [(a, b) for a, b in pairs]),  # A into B ...
        (app_config, bob.email, [(b, a) for a, b in pairs]),  # ... and B into A, at the same moment
    ]
    procs, results, barrier = _spawn(_merge_worker, plans)
    outcomes: dict[frozenset[int], list[tuple[int, int, str]]] = {}
    for _ in range(2 * MERGE_ROUNDS):
        claim_id, status, body = results.get(timeout=300)
        pair = next(frozenset(p) for p in pairs if claim_id in p)
        outcomes.setdefault(pair, []).append((claim_id, status, body))
    _join(procs)
    del barrier
    for a, b in pairs:
        got = outcomes[frozenset((a, b))]
        assert all(status < 500 for _, status, _ in got), got
        assert not any("deadlock" in body.lower() or "database is locked" in body for _, _, body in got), got
        winners = [claim_id for claim_id, status, _ in got if status == 302]
        assert len(winners) == 1, got  # one merge applied; the other saw the change and was refused
        assert sorted(status for _, status, _ in got) in ([302, 409], [302, 422]), got
        kept = db.get(Claim, winners[0])
        gone = db.get(Claim, b if winners[0] == a else a)
        assert kept is not None and gone is not None
        assert kept.triage != "dismissed" and gone.triage == "dismissed"
        merges = (
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "claim.merge", AuditEvent.entity_id.in_((a, b)))
        )
        assert db.scalar(merges) == 1
    assert list(audit_verify.verify_chain(db)) == []
    db.rollback()
