"""The public home page at 50, 500 and 5,000 published articles (one version each, with a 20-claim snapshot and
a stored page), in-process, on SQLite and PostgreSQL: p50/p99 of the anonymous page (page cache: a hit, and a
confirmation query once a second), the same page rendered each time (page 21, past the cached pages, and a
search) and a signed-in editor's page. Goal: under 20 ms in-process at 5,000 published articles.

Run: .venv/bin/python benchmarks/home_speed.py [--runs 100] [--sizes 50,500,5000] [--db sqlite|postgresql|both]
     [--postgres postgresql+psycopg://USER:PASS@HOST/DB]   (that database is emptied; else a throw-away cluster)
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from review_speed import database, measure, p99  # noqa: E402
from workbench_data import build  # noqa: E402

from factcheck.extensions import db  # noqa: E402
from factcheck.factory import create_app  # noqa: E402
from factcheck.models import Base  # noqa: E402

GOAL = 20.0


def run_size(url: str, tmp: str, published: int, runs: int) -> bool:
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
    began = time.perf_counter()
    build(app, claims=max(200, published * 2), articles=published, published=published)
    dialect = url.split(":", 1)[0].split("+")[0]
    print(
        f"\n{dialect}: {published:,} published articles (built in {time.perf_counter() - began:.1f} s); "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    counter = [0]
    with app.app_context():
        event.listen(db.engine, "before_cursor_execute", lambda *a: counter.__setitem__(0, counter[0] + 1))
    print(f"{'page':<52} {'status':>6} {'SQL':>4} {'p50 ms':>8} {'p99 ms':>8}  goal (< {GOAL:.0f} ms)")
    ok = True
    cases = [
        ("home, anonymous (page cache)", "/", False, True),
        ("home, anonymous, page 21 (rendered each time)", "/?page=21", False, False),
        ("home, anonymous search 'report 1' (rendered)", "/?q=report+1", False, False),
        ("home, signed-in editor (rendered)", "/", True, False),
    ]
    for label, path, login, goal in cases:
        sql, status, timings, _cpu = measure(app, path, runs, counter, login=login)
        mid, top = statistics.median(timings), p99(timings)
        verdict = ""
        if goal:
            good = status == 200 and mid < GOAL
            ok = ok and good
            verdict = "ok" if good else "MISSED"
        print(f"{label:<52} {status:>6} {sql:>4} {mid:>8.2f} {top:>8.2f}  {verdict}")
    with app.app_context():
        db.session.remove()
        if dialect == "postgresql":
            Base.metadata.drop_all(db.engine)
            with db.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        db.engine.dispose()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--sizes", default="50,500,5000")
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--postgres", default="", help="use this (emptied) database instead of a throw-away cluster")
    args = parser.parse_args()
    ok = True
    for name in ("sqlite", "postgresql"):
        if args.db not in (name, "both"):
            continue
        for size in (int(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory() as tmp, database(name, Path(tmp), args.postgres) as url:
                ok = run_size(url, tmp, size, args.runs) and ok
    print("\nthe home page is within the goal" if ok else "\nthe home page missed the goal")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
