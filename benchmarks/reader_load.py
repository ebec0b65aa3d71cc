"""Load test of the reader pages: gunicorn (2 workers) on 127.0.0.1 with a temporary SQLite database holding a
published article of 100 checked claims; wrk for 10 s at 16 connections on /a/<slug> and on /healthz (a trivial
route of the same app) in the same run, then the reader page again with `Accept-Encoding: gzip` (wrk sends no
Accept-Encoding by default, so the first figure is the uncompressed page), then a claim's page /claims/<id> and
the article's /a/<slug>/annotations.jsonld. Prints req/s, the ratio to /healthz, p99 and the bytes sent.
Goals: article page ratio >= 0.5 and p99 < 50 ms; /claims/<id> ratio >= 0.8 (issue 13).

    .venv/bin/python benchmarks/reader_load.py [--seconds 10] [--redis redis://127.0.0.1:6379/<db>]

With --redis the page cache lives in that Redis (FACTCHECK_REDIS_URL; the benchmark empties that database),
shared by the workers; without it each worker keeps its own, checked against the database's publication
generation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def prepare(db_url: str, instance: str) -> tuple[str, int]:
    from sqlalchemy import select

    from factcheck.extensions import db
    from factcheck.factory import create_app
    from factcheck.models import Base, Claim, Rating
    from factcheck.services import articles, publishing, ratings, sources, users, verdicts
    from factcheck.views.reader.body import render_article_body

    app = create_app(
        {"DATABASE_URL": db_url, "SQLALCHEMY_DATABASE_URI": db_url, "INSTANCE_PATH": instance, "SECRET_KEY": "b" * 40}
    )
    with app.app_context():
        Base.metadata.create_all(db.engine)
        s = db.session()
        ratings.load_presets(s)
        pw = "harbour ledger bench 2024"
        rev = users.create_user(s, None, email="r@bench.test", name="Bench Reviewer", role="reviewer", password=pw)
        ed = users.create_user(s, None, email="e@bench.test", name="Bench Editor", role="editor", password=pw)
        text = "\n\n".join(
            f"In {1900 + n} the city council said the harbour handled {n * 1000 + 7} tonnes of "
            f"grain, and the mayor claimed {n + 3} new berths opened that year."
            for n in range(110)
        )
        result = articles.import_text(
            s, rev, title="Harbour figures, a century of claims", text=text, origin="paste", outlet="Bench Gazette"
        )
        scale = ratings.active_scale(s)
        assert scale is not None
        labels = list(s.scalars(select(Rating).where(Rating.scale_id == scale.id, Rating.value.is_not(None))))
        found = list(s.scalars(select(Claim).where(Claim.article_id == result.article.id)))[:100]
        for n, claim in enumerate(found):
            src = sources.archived_source(
                s,
                rev,
                url=f"https://records.bench.test/{n}",
                title=f"Ledger {n}",
                publisher="Bench Archive",
                text=f"Ledger entry {n}: tonnes recorded.",
                fetched_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
            )
            sources.add_evidence(s, rev, claim, src, stance="supports", passage=f"Ledger entry {n}")
            verdicts.draft(
                s,
                rev,
                claim,
                rating_id=labels[n % len(labels)].id,
                summary=f"Harbour tonnage {n}",
                rationale=f"The ledger **{n}** shows the figure.",
            )
            verdicts.submit(s, rev, claim)
            verdicts.approve(s, ed, claim)
        publishing.publish(s, ed, result.article, render=render_article_body)
        s.commit()
        print(f"prepared: {len(found)} checked claims")
        return result.article.slug, found[0].id


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wrk(url: str, seconds: int, *headers: str) -> tuple[float, float]:
    extra = [arg for header in headers for arg in ("-H", header)]
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", *extra, url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    assert p99 is not None
    value = float(p99.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    return rps, value


BENCH_AGENT = "reader-load-bench"  # sign-ins are bound to the client's address and User-Agent (session protection)


def signed_in_cookie(base: str) -> str:
    """The Cookie header of the bench reviewer signed in: their pages are built for them on every request."""
    import requests

    browser = requests.Session()
    browser.headers["User-Agent"] = BENCH_AGENT
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', browser.get(base + "/login").text)
    assert found is not None
    token = found.group(1)
    data = {"email": "r@bench.test", "password": "harbour ledger bench 2024", "csrf_token": token}
    assert browser.post(base + "/login", data=data, timeout=10, allow_redirects=False).status_code == 302
    return "Cookie: " + "; ".join(f"{name}={value}" for name, value in browser.cookies.items())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--redis", default="", help="FACTCHECK_REDIS_URL for the servers (emptied first)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed (apt-get install wrk): nothing measured")
        return 0
    tmp = tempfile.mkdtemp(prefix="reader-bench-")
    db_url = f"sqlite:///{tmp}/bench.db"
    slug, claim_id = prepare(db_url, tmp)
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()
    port = free_port()
    env = {
        **os.environ,
        "FACTCHECK_DATABASE_URL": db_url,
        "FACTCHECK_INSTANCE_PATH": tmp,
        "FACTCHECK_SECRET_KEY": "b" * 40,
        **({"FACTCHECK_REDIS_URL": args.redis} if args.redis else {}),
    }
    gunicorn = str(ROOT / ".venv/bin/gunicorn")
    # gunicorn >= 27 opens a control socket in $HOME unless told not to; older versions lack the option.
    help_text = subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout
    extra = ["--no-control-socket"] if "--no-control-socket" in help_text else []
    server = subprocess.Popen(
        [gunicorn, "-w", "2", *extra, "-b", f"127.0.0.1:{port}", "app:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(f"{tmp}/gunicorn.log", "w"),  # noqa: SIM115
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        claim, notes = f"{base}/claims/{claim_id}", f"{base}/a/{slug}/annotations.jsonld"
        for _ in range(4):  # the first request of each worker fills its page cache
            for url in (f"{base}/a/{slug}", claim, notes):
                urllib.request.urlopen(url, timeout=10).close()
        trivial_rps, trivial_p99 = wrk(base + "/healthz", args.seconds)
        page_rps, page_p99 = wrk(f"{base}/a/{slug}", args.seconds)
        gz_rps, gz_p99 = wrk(f"{base}/a/{slug}", args.seconds, "Accept-Encoding: gzip")
        claim_rps, claim_p99 = wrk(claim, args.seconds)
        notes_rps, notes_p99 = wrk(notes, args.seconds)
        cookie = signed_in_cookie(base)
        signed_in = urllib.request.Request(claim, headers={"Cookie": cookie[8:], "User-Agent": BENCH_AGENT})
        assert "private" in urllib.request.urlopen(signed_in, timeout=10).headers["Cache-Control"]
        built_rps, built_p99 = wrk(claim, args.seconds, cookie, f"User-Agent: {BENCH_AGENT}")
        # The machine's load drifts during the run: /healthz again, and the higher of its two rates is the baseline.
        trivial_rps = max(trivial_rps, wrk(base + "/healthz", args.seconds)[0])
        sizes = {
            enc: len(
                urllib.request.urlopen(
                    urllib.request.Request(f"{base}/a/{slug}", headers={"Accept-Encoding": enc}), timeout=10
                ).read()
            )
            for enc in ("identity", "gzip")
        }
    finally:
        server.terminate()
        server.wait(10)
        if server.returncode not in (0, -15):
            print(Path(f"{tmp}/gunicorn.log").read_text()[-2000:])
        shutil.rmtree(tmp, ignore_errors=True)
    ratio = page_rps / trivial_rps
    print(f"page cache            : {'Redis ' + args.redis if args.redis else 'per worker, database generation'}")
    print(f"trivial /healthz      : {trivial_rps:8.0f} req/s  p99 {trivial_p99:6.1f} ms")
    print(f"reader /a/<slug> (100): {page_rps:8.0f} req/s  p99 {page_p99:6.1f} ms  ({sizes['identity']} bytes)")
    verdict = "met" if page_p99 < 50 else "missed"
    print(f"ratio reader/trivial  : {ratio:.2f} (goal >= 0.5)  p99 goal < 50 ms: {verdict}")
    print(
        f"reader, Accept-Encoding: gzip: {gz_rps:8.0f} req/s  p99 {gz_p99:6.1f} ms  ({sizes['gzip']} bytes), "
        f"ratio {gz_rps / trivial_rps:.2f}"
    )
    print(
        f"claim /claims/<id>    : {claim_rps:8.0f} req/s  p99 {claim_p99:6.1f} ms  "
        f"ratio {claim_rps / trivial_rps:.2f} (goal >= 0.8)"
    )
    print(
        f"claim, built per request (signed in, as every reader before the cache): {built_rps:8.0f} req/s  "
        f"p99 {built_p99:6.1f} ms  ratio {built_rps / trivial_rps:.2f}"
    )
    print(
        f"annotations.jsonld    : {notes_rps:8.0f} req/s  p99 {notes_p99:6.1f} ms  ratio {notes_rps / trivial_rps:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
