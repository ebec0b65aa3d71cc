"""Attach sources that answer slowly, through the API, and print how long the request took: run in the request
(the baseline: immediate mode, as every fetch ran before the job queue) and on the queue with a real consumer
process (`flask jobs worker`, SqliteHuey, optionally RedisHuey), plus how long until every job was done.

    .venv/bin/python benchmarks/jobs_speed.py [--sources 12] [--delay 1.0] [--redis redis://127.0.0.1:6379/2]

Goal (issue 13): a source attachment answers in under 100 ms (p95) whatever the source's speed; every job done.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BODY = (
    b"<html><head><title>Port figures</title></head><body><article><p>The port handled 41 million tonnes in "
    b"2024, its yearly review says, up from 38 million the year before.</p></article></body></html>"
)


def slow_server(delay: float) -> ThreadingHTTPServer:
    class Slow(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(BODY)))
            self.end_headers()
            self.wfile.write(BODY)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(label: str, base: dict[str, Any], port: int, sources: int, redis_url: str | None) -> None:
    from flask_migrate import upgrade
    from sqlalchemy import func, select

    from factcheck.extensions import db
    from factcheck.factory import create_app
    from factcheck.models import Claim, Job, JobState
    from factcheck.services import articles, users

    immediate = label == "in the request (baseline)"
    config = base | {"JOBS_IMMEDIATE": immediate, "REDIS_URL": redis_url}
    app = create_app(config)
    with app.app_context():
        upgrade()
        session = db.session()
        user = users.create_user(
            session,
            None,
            email=f"{len(label)}{time.time_ns()}@b.org",
            name="B",
            role="editor",
            password="correct horse battery staple",
        )
        token = users.create_token(session, None, user)
        text = "The port handled 41 million tonnes in 2024, its yearly review says. " * 3
        articles.import_text(session, user, title=f"Port {time.time_ns()}", text=text, origin="paste")
        session.commit()
        claim = session.scalars(select(Claim).order_by(Claim.id.desc())).first()
        assert claim is not None
        claim_id, version = claim.id, claim.version
    worker = None
    if not immediate:
        env = {**os.environ, **{f"FACTCHECK_{k}": str(v) for k, v in base.items() if k != "TESTING"}}
        env["FACTCHECK_REDIS_URL"] = redis_url or ""
        worker = subprocess.Popen(
            [str(Path(sys.executable).parent / "flask"), "--app", "app", "jobs", "worker", "--workers", "4"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        if redis_url:
            app.extensions["jobs"].huey.flush()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    timings: list[float] = []
    started = time.monotonic()
    for n in range(sources):
        body = {"version": version, "url": f"http://127.0.0.1:{port}/s{label[:2]}{n}", "stance": "context"}
        t0 = time.monotonic()
        response = client.post(f"/api/v1/claims/{claim_id}/sources", json=body, headers=headers)
        timings.append((time.monotonic() - t0) * 1000)
        assert response.status_code == 202, response.get_data(as_text=True)[:300]
        with app.app_context():
            version = db.session.get(Claim, claim_id).version  # type: ignore[union-attr]
            db.session.remove()
    with app.app_context():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            done = db.session.scalar(select(func.count(Job.id)).where(Job.state == JobState.SUCCEEDED))
            db.session.remove()
            if done == sources:
                break
            time.sleep(0.1)
    all_done = time.monotonic() - started
    if worker is not None:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(20)
    print(
        f"{label:34} attach p50 {percentile(timings, 0.5):8.1f} ms  p95 {percentile(timings, 0.95):8.1f} ms  "
        f"max {max(timings):8.1f} ms   {done}/{sources} jobs done after {all_done:5.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=12)
    parser.add_argument("--delay", type=float, default=1.0, help="seconds each source takes to answer")
    parser.add_argument("--redis", default="", help="also run the queue on this Redis (a database of your own)")
    args = parser.parse_args()
    server = slow_server(args.delay)
    print(f"{args.sources} source attachments through the API, each source answering after {args.delay} s")
    runs = [("in the request (baseline)", None), ("on the queue (SqliteHuey)", None)]
    if args.redis:
        runs.append(("on the queue (RedisHuey)", args.redis))
    for label, redis_url in runs:
        with tempfile.TemporaryDirectory() as tmp:
            base = {
                "TESTING": True,
                "DATABASE_URL": f"sqlite:///{tmp}/bench.db",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.db",
                "INSTANCE_PATH": tmp,
                "SECRET_KEY": "bench-secret-key-long-enough-0123456789abcdef",
                "FETCH_ALLOW_HOSTS": "127.0.0.1",
            }
            run(label, base, server.server_address[1], args.sources, redis_url)
    server.shutdown()


if __name__ == "__main__":
    main()
