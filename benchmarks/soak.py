"""Load and faults: gunicorn (2 gthread workers) on 127.0.0.1 and one job consumer (`flask jobs worker`), 16 API
clients mixing reads and writes, one worker SIGKILLed mid-run, answers lost for 2 s (clients time out after 20 ms
while the server commits) and (on PostgreSQL) the database server restarted once; then every acknowledged write
is looked up in the database.

    .venv/bin/python benchmarks/soak.py [--seconds 60] [--db sqlite|postgresql|both] [--keys off|on|both]
        [--reimport-chars 2000000]

Runs against a fresh SQLite file, then a throw-away PostgreSQL 15 cluster it creates, starts and removes itself.
Reports requests, statuses, p50/p99 latency, errors within ±2 s of a fault and elsewhere, lost writes
(acknowledged, absent) and phantom writes (present, never acknowledged), and any "database is locked" reply.
At 40 % of the run (between the two faults) a 2 MB article with about 2,000 claims is re-imported (the API answers
202 and the consumer imports it; the re-import's window runs from the request to its job's end): no other write made
meanwhile may wait 1 s for the database (its time there by the server's Server-Timing header, lock waits
included) or see "database is locked" (--reimport-chars 0 leaves it out). Their latency at the client is printed
beside it, next to the same run's writes away from the re-import: with 16 clients on two cores it is mostly the
queue for a CPU, which the re-import's consumer (at a lower priority) should not lengthen.
With --keys on, clients send an Idempotency-Key with every write and retry it after a connection error or a
5xx (goal: 0 phantom); --keys both (the default) runs without keys first, as the baseline.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
from big_article import big_reimport, during, report_reimport
from soak_clients import Client, Ledger, reconcile, summarise

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv/bin"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
CLIENTS = 16
EMAIL = "soak@example.org"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def flask(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [str(BIN / "flask"), "--app", "app", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    if done.returncode != 0:
        raise RuntimeError(f"flask {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def prepare(env: dict[str, str]) -> str:
    """Migrate, load presets and an admin (no demo), then an editor account and its API token."""
    flask(env, "setup", "--no-demo")
    flask(
        env,
        "users",
        "create",
        "--email",
        EMAIL,
        "--name",
        "Soak Editor",
        "--role",
        "editor",
        "--password",
        "soak-password-" + secrets.token_hex(8),
    )
    return flask(env, "tokens", "create", EMAIL, "--name", "soak").strip().splitlines()[-1]


def as_postgres(*cmd: str) -> subprocess.CompletedProcess[str]:
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return subprocess.run([*prefix, *cmd], capture_output=True, text=True, timeout=120, check=True)


@contextmanager
def postgres_cluster(tmp: Path) -> Iterator[tuple[str, Path]]:
    """A throw-away cluster on a free port: yields (SQLAlchemy URL, data directory)."""
    data, port = tmp / "pgdata", free_port()
    tmp.chmod(0o755)
    data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(data, "postgres", "postgres")
    as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "--no-sync", "-U", "postgres")
    opts = f"-p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c unix_socket_directories={data}"
    as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(data / "log"), "-w", "start")
    try:
        as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "soak")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/soak", data
    finally:
        subprocess.run(
            [
                "runuser",
                "-u",
                "postgres",
                "--",
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
            capture_output=True,
            timeout=60,
        )


@contextmanager
def gunicorn(
    env: dict[str, str],
    tmp: Path,
    consumers: list[subprocess.Popen[bytes]] | None = None,
    name: str = "gunicorn",
    consumer_threads: int = 1,
) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """gunicorn (2 gthread workers) and one job consumer beside it (appended to `consumers` when given)."""
    port = free_port()
    exe = str(BIN / "gunicorn")
    help_text = subprocess.run([exe, "--help"], capture_output=True, text=True).stdout
    extra = ["--no-control-socket"] if "--no-control-socket" in help_text else []
    log = (tmp / f"{name}.log").open("w")
    server = subprocess.Popen(
        [
            exe,
            "-w",
            "2",
            "-k",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "30",
            *extra,
            "-b",
            f"127.0.0.1:{port}",
            "app:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200 and len(workers(server.pid)) == 2:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start:\n" + (tmp / f"{name}.log").read_text()[-2000:])
        with consumer(env, tmp, name, consumer_threads) as proc:
            if consumers is not None:
                consumers.append(proc)
            yield base, server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(10)
        log.close()


@contextmanager
def consumer(
    env: dict[str, str], tmp: Path, name: str = "gunicorn", threads: int = 1
) -> Iterator[subprocess.Popen[bytes]]:
    """One job consumer beside the web server, as the Procfile starts it: the long re-import runs in it (its claim
    finding in a thread of lower CPU priority, factcheck/cpu.py)."""
    log = (tmp / f"{name}-consumer.log").open("w")
    proc = subprocess.Popen(
        [str(BIN / "flask"), "--app", "app", "jobs", "worker", "--workers", str(threads)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


def workers(master: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except OSError:
        return []


def kill_worker(master: int) -> tuple[str, float, float]:
    started = time.monotonic()
    victims = workers(master)
    os.kill(victims[0], signal.SIGKILL)
    for _ in range(100):  # until the master has replaced it (bounded: 10 s)
        alive = workers(master)
        if len(alive) == 2 and victims[0] not in alive:
            break
        time.sleep(0.1)
    return (f"SIGKILL worker {victims[0]}", started, time.monotonic())


def lose_answers(ledger: Ledger, seconds: float) -> tuple[str, float, float]:
    """For `seconds`, the network drops answers: clients give up on a reply after 20 ms, while the server goes
    on and commits what they sent (as behind a proxy that resets connections)."""
    started = time.monotonic()
    ledger.lose_answers_until = started + seconds
    time.sleep(seconds)
    return (f"answers lost for {seconds:.0f} s (client timeout 20 ms)", started, time.monotonic())


def restart_postgres(data: Path) -> tuple[str, float, float]:
    started = time.monotonic()
    as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(data / "log"), "-m", "fast", "-w", "restart")
    return ("pg_ctl restart -m fast", started, time.monotonic())


def run_soak(
    name: str,
    env: dict[str, str],
    tmp: Path,
    seconds: float,
    pg_data: Path | None,
    reimport_chars: int = 0,
    keys: bool = False,
) -> dict[str, Any]:
    token = prepare(env)
    ledger = Ledger()
    faults: list[tuple[str, float, float]] = []
    with gunicorn(env, tmp) as (base, server):
        big = big_reimport(base, token, reimport_chars, ledger)
        deadline = time.monotonic() + seconds
        if big is not None:
            big.at = time.monotonic() + seconds * 0.4  # after the worker kill, well before the restart
            big.start()
        run_id = secrets.token_hex(3)
        clients = [Client(n, base, token, deadline, ledger, run_id, keys) for n in range(CLIENTS)]
        for client in clients:
            client.start()

        def inject() -> None:
            try:
                time.sleep(seconds / 3)
                faults.append(kill_worker(server.pid))
                time.sleep(seconds / 6)
                faults.append(lose_answers(ledger, 2.0))
                if pg_data is not None:
                    time.sleep(seconds / 3)
                    faults.append(restart_postgres(pg_data))
            except Exception as exc:  # reported, and the run is marked as not meeting its goals
                faults.append((f"FAULT INJECTION FAILED: {exc!r}", time.monotonic(), time.monotonic()))

        injector = threading.Thread(target=inject, daemon=True)
        injector.start()
        for client in clients:
            client.join(seconds + 60)
        injector.join(60)
        if big is not None:  # its job may have been cut by the database restart: its retry is waited for too
            big.join(max(0.0, big.at + 330 - time.monotonic()))
    verify = subprocess.run(
        [str(BIN / "flask"), "--app", "app", "audit", "verify"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return {
        "name": name,
        "summary": summarise(ledger, faults),
        "writes": reconcile(env["FACTCHECK_DATABASE_URL"], ledger),
        "faults": faults,
        "audit": (verify.stdout + verify.stderr).strip().splitlines()[-1:],
        "t0": deadline - seconds,
        "reimport": (big.outcome, during(ledger, big.outcome)) if big is not None else None,
        "keys": keys,
    }


def report(result: dict[str, Any]) -> None:
    s, w = result["summary"], result["writes"]
    print(f"== {result['name']}: {s['requests']} requests, p50 {s['p50_ms']:.1f} ms, p99 {s['p99_ms']:.1f} ms")
    print("   statuses:", dict(sorted(s["statuses"].items())))
    for label, start, end in result["faults"]:
        print(f"   fault at +{start - result['t0']:.1f} s ({end - start:.1f} s): {label}")
    print("   errors within ±2 s of a fault:", dict(s["errors_near_fault"]) or "none")
    print("   errors elsewhere:", dict(s["errors_elsewhere"]) or "none")
    print(f"   'database is locked' in a response: {s['locked']}")
    for kind, f in w.items():
        print(
            f"   {kind:9} acknowledged {f['acked']:5}  in database {f['in_db']:5}  lost {f['lost']}  "
            f"phantom {f['phantom']} (of which after an error reply or a dropped connection: "
            f"{f['phantom_after_error']})"
        )
    print("   audit:", " ".join(result["audit"]))
    reimport_met = report_reimport(result)
    lost = sum(f["lost"] for f in w.values())
    outside_500 = sum(n for k, n in s["errors_elsewhere"].items() if k.startswith("5"))
    phantom = sum(f["phantom"] for f in w.values()) if result["keys"] else 0  # with keys, retries leave none
    verdict = (
        "met" if lost == 0 and outside_500 == 0 and s["locked"] == 0 and phantom == 0 and reimport_met else "NOT met"
    )
    also = ", 0 phantom" if result["keys"] else ""
    print(
        f"   goals (0 lost, 0 5xx outside faults, 0 'database is locked'{also}, "
        f"re-import: no other write 1 s in the database): {verdict}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--db", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--reimport-chars", type=int, default=2_000_000, help="the big re-import's size (0: none)")
    parser.add_argument(
        "--keys",
        choices=("off", "on", "both"),
        default="both",
        help="clients send Idempotency-Key and retry failed writes (on), or not (off); both: off, then on",
    )
    args = parser.parse_args()
    modes = {"off": [False], "on": [True], "both": [False, True]}[args.keys]
    for db_name, keys in [(d, k) for d in ("sqlite", "postgresql") for k in modes]:
        if args.db not in (db_name, "both"):
            continue
        name = f"{db_name}, {'clients send Idempotency-Key and retry' if keys else 'no idempotency keys'}"
        with tempfile.TemporaryDirectory(prefix=f"soak-{db_name}-") as raw:
            tmp = Path(raw)
            env = {
                **os.environ,
                "FACTCHECK_INSTANCE_PATH": str(tmp / "instance"),
                "FACTCHECK_SECRET_KEY": secrets.token_hex(32),
                "FACTCHECK_ENV": "development",
                "FACTCHECK_SERVER_TIMING": "1",  # each answer's time in the database (the re-import's goal)
            }
            if db_name == "sqlite":
                env["FACTCHECK_DATABASE_URL"] = f"sqlite:///{tmp / 'soak.db'}"
                report(run_soak(name, env, tmp, args.seconds, None, args.reimport_chars, keys))
            else:
                with postgres_cluster(tmp) as (url, data):
                    env["FACTCHECK_DATABASE_URL"] = url
                    report(run_soak(name, env, tmp, args.seconds, data, args.reimport_chars, keys))
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
