"""SQL statements and in-process latency (p50/p99) of the workbench pages, at 10,000 claims (500 articles, 50
published) and 100,000 claims (5,000 articles, 500 published), on SQLite and on PostgreSQL.

Measures the public home page (anonymous), the workbench home, the queue (first page, a filtered page, due
predictions, and page 1000 both as the numbered link `?page=1000` and, where the queue has keyset links, reached
by its cursor), the article work page of an article with 100 claims and the claim page of a verdicted claim
(sources, verdicts, comments, history), next to /healthz in the same run. The claim page's "previously checked"
panel, which its script fetches after the page shows, is measured on its own (not held to the pages' goal). Each
size runs on a fresh database, so the 10,000-claim rows are the baseline next to the 100,000-claim ones. CPU p50 is
the request thread's CPU time: what a page costs, apart from waiting for a machine shared with others.
Goal: statement counts that do not grow with the data; every workbench page under 30 ms p50 and 60 ms p99.

Run: .venv/bin/python benchmarks/review_speed.py [--runs 60] [--sizes 10000,100000] [--db sqlite|postgresql|both]
     [--postgres postgresql+psycopg://USER:PASS@HOST/DB]   (that database is emptied; else a throw-away cluster)
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from sqlalchemy import event, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from soak import postgres_cluster  # noqa: E402
from workbench_data import PASSWORD, build  # noqa: E402

from factcheck.extensions import db  # noqa: E402
from factcheck.factory import create_app  # noqa: E402
from factcheck.models import Base, Claim  # noqa: E402

P50_GOAL, P99_GOAL = 30.0, 60.0


def measure(
    app: Flask, path: str, runs: int, counter: list[int], *, login: bool = True
) -> tuple[int, int, list[float], list[float]]:
    """The most statements a request ran, the last status, and each request's wall-clock and CPU milliseconds
    (CPU time of this thread: what the page costs, apart from waiting for a machine shared with others)."""
    client = app.test_client()
    if login:
        response = client.post("/login", data={"email": "editor@example.org", "password": PASSWORD})
        assert response.status_code == 302, response.status_code
    for _ in range(3):  # warm up templates and caches
        client.get(path).close()
    timings, statements, cpu = [], [], []
    status = 0
    for _ in range(runs):
        counter[0] = 0
        began, began_cpu = time.perf_counter(), time.thread_time()
        response = client.get(path)
        response.get_data()
        timings.append((time.perf_counter() - began) * 1000)
        cpu.append((time.thread_time() - began_cpu) * 1000)
        statements.append(counter[0])
        status = response.status_code
        response.close()
    return max(statements), status, timings, cpu


def keyset_page(app: Flask, page: int) -> str | None:
    """The queue URL of page `page` (score order) reached by its keyset cursor, if the queue has cursors."""
    from factcheck.services import queue

    cursor_of = getattr(queue, "cursor_of", None)
    if cursor_of is None:
        return None
    with app.app_context():
        from factcheck.services import keyset

        stmt = select(Claim).order_by(*keyset.order_by(queue.SORT_KEYS["score"]))
        last = db.session.scalar(stmt.offset((page - 1) * queue.PER_PAGE - 1).limit(1))
        return f"/work/queue?after={cursor_of(last, 'score')}" if last is not None else None


def pages(app: Flask, big: int, claim_id: int, cold_id: int) -> list[tuple[str, str, bool]]:
    """(label, path, workbench page?)"""
    listed = [
        ("trivial route /healthz", "/healthz", False),
        ("public home page (anonymous)", "/", False),
        ("workbench home /work/", "/work/", True),
        ("queue, first page", "/work/queue", True),
        ("queue, filtered + sorted, page 3", "/work/queue?kind=quantity&score_min=0.2&sort=position&page=3", True),
        ("queue, due predictions", "/work/queue?due=1&sort=age", True),
        ("queue, ?page=1000", "/work/queue?page=1000", True),
    ]
    cursor = keyset_page(app, 1000)
    if cursor:
        listed.append(("queue, page 1000 by keyset cursor", cursor, True))
    listed += [
        ("article work page (100 claims)", f"/work/articles/{big}", True),
        ("claim page (verdicted: 3 sources, 5 comments)", f"/work/claims/{claim_id}", True),
        ("same, claim with no stored vector (encodes one)", f"/work/claims/{cold_id}", True),
        # Fetched by the claim page's script after the page shows (the matcher's time): not a page of its own.
        ("  its previously-checked panel, fetched after", f"/work/claims/{claim_id}/matches", False),
        ("  same, claim with no stored vector", f"/work/claims/{cold_id}/matches", False),
    ]
    return listed


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def run_size(url: str, tmp: str, claims: int, runs: int) -> bool:
    app = create_app(
        {
            "DATABASE_URL": url,
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": tmp,
            "SECRET_KEY": "benchmark-secret-key-0123456789abcdef",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    gc.freeze()  # as app.py does for WSGI servers: what start-up built stays out of the collector's full passes
    began = time.perf_counter()
    built = build(app, claims)
    dialect = url.split(":", 1)[0].split("+")[0]
    print(
        f"\n{dialect}: {claims:,} claims over {claims // 20:,} articles, {built.published:,} published "
        f"(built in {time.perf_counter() - began:.1f} s); {runs} requests a page, in-process (Flask test client); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    counter = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: counter.__setitem__(0, counter[0] + 1))
    head = f"{'page':<48} {'status':>6} {'SQL':>4} {'p50 ms':>8} {'p99 ms':>8} {'CPU p50':>8}"
    print(f"{head}  goal (p50 < 30, p99 < 60 ms)")
    ok = True
    for label, path, workbench in pages(app, built.big_article, built.claim_id, built.cold_claim_id):
        login = workbench or path == "/healthz" or path.startswith("/work/")
        sql, status, timings, cpu = measure(app, path, runs, counter, login=login)
        mid, top = statistics.median(timings), p99(timings)
        verdict = ""
        if workbench:
            good = status == 200 and mid < P50_GOAL and top < P99_GOAL
            ok = ok and good
            verdict = "ok" if good else "MISSED"
        print(f"{label:<48} {status:>6} {sql:>4} {mid:>8.2f} {top:>8.2f} {statistics.median(cpu):>8.2f}  {verdict}")
    with app.app_context():
        db.session.remove()
        if dialect == "postgresql":
            Base.metadata.drop_all(db.engine)
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()
    return ok


@contextmanager
def database(name: str, tmp: Path, given: str) -> Iterator[str]:
    if name == "sqlite":
        yield f"sqlite:///{tmp / 'bench.db'}"
    elif given:
        yield given
    else:
        with postgres_cluster(tmp) as (url, _data):
            yield url


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres", default="", help="use this (emptied) database instead of a throw-away cluster")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    ok = True
    for name in ("sqlite", "postgresql"):
        if args.db not in (name, "both"):
            continue
        for size in sizes:
            with tempfile.TemporaryDirectory() as tmp, database(name, Path(tmp), args.postgres) as url:
                ok = run_size(url, tmp, size, args.runs) and ok
    print("\nevery workbench page within the goal" if ok else "\nsome workbench pages missed the goal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
