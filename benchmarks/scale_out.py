"""Scale-out: two app instances (gunicorn, 2 workers each) and two job consumers on one PostgreSQL and one Redis,
against the embedded default (one instance and one consumer on SQLite, the queue in SqliteHuey).

    .venv/bin/python benchmarks/scale_out.py [--seconds 60] [--mode both|scaled|embedded] [--slow 5]

Each mode runs the same mix twice, `--seconds` each: 16 clients reading published pages (`/a/<slug>`,
`/claims/<id>`) on both instances (62%), writing reviewer comments (35%) and attaching sources (3%; API, 202 and
a job; consumers run 8 threads each) that a local server serves at once (phase "fast") or after `--slow` seconds
(phase "slow"). Reported, with the goals:
  - source attachment p95 response time under 100 ms (the fetch happens on the queue); the app's own time for
    it (Server-Timing) is printed beside it: on a small machine the rest is the wait for a CPU;
  - reader requests per second with slow sources at least 0.9x the fast phase's;
  - every job completed; in the scaled slow phase one consumer is SIGKILLed mid-run while it holds a job: that
    job runs again (attempts > 1) and every acknowledged attachment has exactly one evidence row (none lost,
    none doubled);
  - scaled: a publish and a retraction made on instance A seen on instance B within 1 s;
  - `/claims/<id>` requests per second as a share of `/healthz` on one instance (goal at least 0.8).
Feeds (50 local feeds of 20 items) are measured by benchmarks/feeds_speed.py.
Needs PostgreSQL 15's binaries and redis-server (a throw-away cluster and server are started and removed).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale_out_parts import (
    Desk,
    Load,
    SourceServer,
    audit_jobs,
    build_desk,
    drain,
    rate,
    running_jobs_of,
)
from soak import flask, free_port, gunicorn, postgres_cluster

EDITOR, REVIEWER = "scale-editor@example.org", "scale-reviewer@example.org"
PASSWORD = "scale-password-" + secrets.token_hex(6)
CONSUMER_THREADS = 8  # `flask jobs worker --workers 8`: source fetches wait on the network, not the CPU


@contextmanager
def redis_server(tmp: Path) -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(10)


def prepare(env: dict[str, str]) -> tuple[str, str]:
    """Migrate and load presets, then an editor and a reviewer with API tokens (the editor approves the
    reviewer's verdicts: an author never approves their own)."""
    flask(env, "setup", "--no-demo")
    tokens = []
    for email, role in ((REVIEWER, "reviewer"), (EDITOR, "editor")):
        flask(env, "users", "create", "--email", email, "--name", role.title(), "--role", role, "--password", PASSWORD)
        tokens.append(flask(env, "tokens", "create", email, "--name", "scale").strip().splitlines()[-1])
    return tokens[0], tokens[1]


def seen_within(check: Any, timeout: float = 10.0) -> float:
    """Seconds until check() holds (polled every 20 ms), or inf."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if check():
            return time.monotonic() - started
        time.sleep(0.02)
    return float("inf")


def publish_and_retract(a: str, b: str, desk: Desk) -> tuple[float, float]:
    """Publish the held-back article through A's API and retract it through A's browser form; how long until B
    shows each."""
    article_id, slug = desk.held_back
    reader = requests.Session()
    assert reader.get(f"{b}/a/{slug}", timeout=10).status_code == 404
    answer = desk.editor.post(f"{a}/api/v1/articles/{article_id}/publish", json={"version": 0}, timeout=30)
    assert answer.status_code == 201, answer.text[:300]
    published = seen_within(lambda: reader.get(f"{b}/a/{slug}", timeout=10).status_code == 200)
    browser = requests.Session()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', browser.get(f"{a}/login", timeout=10).text)
    assert token is not None
    browser.post(f"{a}/login", data={"csrf_token": token[1], "email": EDITOR, "password": PASSWORD}, timeout=10)
    page = browser.get(f"{a}/publish/articles/{article_id}", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token is not None
    notice = f"Retracted in the scale-out run {secrets.token_hex(4)}"
    done = browser.post(
        f"{a}/publish/articles/{article_id}/retract", data={"csrf_token": token[1], "notice": notice}, timeout=30
    )
    assert done.status_code in (200, 302, 303), done.status_code
    retracted = seen_within(lambda: notice in reader.get(f"{b}/a/{slug}", timeout=10).text)
    return published, retracted


def kill_mid_job(victim: subprocess.Popen[bytes], url: str, after: float, killed: list[int]) -> None:
    """After `after` seconds, SIGKILL the consumer as soon as it holds a job (noting the job ids)."""
    time.sleep(after)
    for _ in range(200):
        killed.extend(running_jobs_of(url, victim.pid))
        if killed:
            break
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)


def run_mode(name: str, env: dict[str, str], tmp: Path, seconds: float, slow: float, instances: int) -> dict[str, Any]:
    sources = SourceServer()
    tokens = prepare(env)
    consumers: list[subprocess.Popen[bytes]] = []
    result: dict[str, Any] = {"name": name}
    with ExitStack() as stack:
        bases = [
            stack.enter_context(gunicorn(env, tmp, consumers, f"instance-{n}", CONSUMER_THREADS))[0]
            for n in range(instances)
        ]
        desk = build_desk(bases[0], tokens, sources)
        for phase, delay in (("fast", 0.0), ("slow", slow)):
            sources.delay = delay
            load = Load(bases, desk, sources, seconds)
            killed: list[int] = []
            if phase == "slow" and len(consumers) > 1:
                threading.Thread(
                    target=kill_mid_job, args=(consumers[0], env["FACTCHECK_DATABASE_URL"], seconds / 2, killed)
                ).start()
            load.run()
            alive = sum(1 for consumer in consumers if consumer.poll() is None)
            per_job = 1.5 * delay / (CONSUMER_THREADS * max(1, alive))  # each fetch holds a consumer thread
            waited = drain(env["FACTCHECK_DATABASE_URL"], per_job)
            result[phase] = load.summary() | {"drained_s": waited}
            result[phase]["jobs"] = audit_jobs(env["FACTCHECK_DATABASE_URL"], load.attached, killed)
        sources.delay = 0.0
        result["claim_rate"] = rate(bases[-1], desk.claim_paths[0], 10)
        result["healthz_rate"] = rate(bases[-1], "/healthz", 10)
        if instances > 1:
            result["visibility"] = publish_and_retract(bases[0], bases[1], desk)
    sources.shutdown()
    return result


def report(r: dict[str, Any]) -> bool:
    print(f"== {r['name']}")
    met = True
    for phase in ("fast", "slow"):
        p = r[phase]
        read, attach = p["read"], p["attach"]
        print(
            f"   {phase:4}: reads {read['per_s']:.1f}/s (p50 {read['p50']:.0f} ms, p95 {read['p95']:.0f} ms);"
            f" comments p95 {p['comment']['p95']:.0f} ms; attachments {attach['n']} p50 {attach['p50']:.0f} ms"
            f" p95 {attach['p95']:.0f} ms (in the app: p95 {attach['server_p95']:.0f} ms); queue drained"
            f" {p['drained_s']:.1f} s after the load"
        )
        print("         statuses: " + "; ".join(f"{op} {p[op]['statuses']}" for op in ("read", "comment", "attach")))
        j = p["jobs"]
        killed = f"; killed consumer's jobs (id, state, attempts) {j['killed']}" if j["killed"] else ""
        print(
            f"         jobs {j['states']}; attachments acknowledged {j['acknowledged']}, lost {j['lost']},"
            f" doubled {j['doubled']}{killed}"
        )
        met &= p["attach"]["p95"] < 100 and j["lost"] == 0 and j["doubled"] == 0
        met &= set(j["states"]) <= {"succeeded"} and all(s == "succeeded" and a > 1 for _, s, a in j["killed"])
    ratio = r["slow"]["read"]["per_s"] / max(r["fast"]["read"]["per_s"], 1e-9)
    claims = r["claim_rate"] / max(r["healthz_rate"], 1e-9)
    print(f"   reader requests/s with slow sources vs without: {ratio:.2f}x (goal >= 0.9)")
    print(f"   /claims/<id> {r['claim_rate']:.0f}/s vs /healthz {r['healthz_rate']:.0f}/s: {claims:.2f}x (goal >= 0.8)")
    met &= ratio >= 0.9 and claims >= 0.8
    if "visibility" in r:
        published, retracted = r["visibility"]
        print(f"   publish on A seen on B after {published:.2f} s, retraction after {retracted:.2f} s (goal < 1 s)")
        met &= published < 1 and retracted < 1
    print(f"   goals: {'met' if met else 'NOT met'}")
    return bool(met)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--slow", type=float, default=5.0)
    parser.add_argument("--mode", choices=("scaled", "embedded", "both"), default="both")
    args = parser.parse_args()
    for mode in ("scaled", "embedded"):
        if args.mode not in (mode, "both"):
            continue
        with tempfile.TemporaryDirectory(prefix=f"scale-{mode}-") as raw:
            tmp = Path(raw)
            env = {
                **os.environ,
                "FACTCHECK_INSTANCE_PATH": str(tmp / "instance"),
                "FACTCHECK_SECRET_KEY": secrets.token_hex(32),
                "FACTCHECK_ENV": "development",
                "FACTCHECK_FETCH_ALLOW_HOSTS": "127.0.0.1",
                "FACTCHECK_SERVER_TIMING": "1",  # each answer's own time, apart from the queue for a CPU
                "FACTCHECK_JOB_LEASE_SECONDS": "10",  # a killed consumer's job is put back after 10 s
                "FACTCHECK_LOGIN_RATE_LIMIT": "1000 per minute",
            }
            env.pop("FACTCHECK_REDIS_URL", None)
            if mode == "embedded":
                env["FACTCHECK_DATABASE_URL"] = f"sqlite:///{tmp / 'desk.db'}"
                report(
                    run_mode(
                        "embedded: one instance, one consumer, SQLite, SqliteHuey", env, tmp, args.seconds, args.slow, 1
                    )
                )
            else:
                with postgres_cluster(tmp) as (url, _data), redis_server(tmp) as redis_url:
                    env["FACTCHECK_DATABASE_URL"], env["FACTCHECK_REDIS_URL"] = url, redis_url
                    name = "scaled: two instances, two consumers, PostgreSQL, Redis"
                    report(run_mode(name, env, tmp, args.seconds, args.slow, 2))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
