"""Rate limits counted where every process sees them (factcheck/rate_limits.py, config.py): Redis when
FACTCHECK_REDIS_URL is set; otherwise memory, exact for one process, with a warning at start-up when the process
is not alone. The shared-storage test runs two real gunicorn servers against the Redis named by
FACTCHECK_TEST_REDIS_URL (use a database number of your own: the test empties it)."""

from __future__ import annotations

import logging
import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests
from sqlalchemy.orm import Session

from factcheck.config import PROJECT_ROOT, load_config
from factcheck.rate_limits import gunicorn_workers, not_alone, warn_if_counted_per_process
from tests.conftest import csrf_from

REDIS_URL = os.environ.get("FACTCHECK_TEST_REDIS_URL", "").strip()
GUNICORN = Path(sys.executable).parent / "gunicorn"
LIMIT = 10
ATTEMPTS = 60


@pytest.mark.parametrize(
    ("argv", "environ", "expected"),
    [
        (["gunicorn", "app:app"], {}, 1),
        (["gunicorn", "-w", "4", "app:app"], {}, 4),
        (["gunicorn", "--workers=3", "app:app"], {}, 3),
        (["gunicorn", "-w2", "app:app"], {}, 2),
        (["gunicorn", "app:app"], {"WEB_CONCURRENCY": "5"}, 5),
        (["gunicorn", "app:app"], {"GUNICORN_CMD_ARGS": "--workers 6 --timeout 30"}, 6),
    ],
)
def test_gunicorn_workers_are_read_as_gunicorn_reads_them(
    argv: list[str], environ: dict[str, str], expected: int
) -> None:
    assert gunicorn_workers({"SERVER_SOFTWARE": "gunicorn/24.1.1", **environ}, argv) == expected
    assert gunicorn_workers(environ, argv) is None  # not under gunicorn at all


def test_who_is_not_alone() -> None:
    dev, prod = {"ENV": "development"}, {"ENV": "production"}
    gunicorn = {"SERVER_SOFTWARE": "gunicorn/24.1.1"}
    assert not_alone(dev, {}, ["flask", "run"]) is None  # make run: one process, memory is exact
    assert not_alone(dev, gunicorn, ["gunicorn", "-w", "1", "app:app"]) is None
    assert not_alone(dev, gunicorn, ["gunicorn", "-w", "2", "app:app"]) == "gunicorn with 2 workers"
    assert not_alone(prod, {}, ["anything"]) == "FACTCHECK_ENV=production"


def test_a_process_that_is_not_alone_warns_unless_limits_are_shared(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SERVER_SOFTWARE", "gunicorn/24.1.1")
    monkeypatch.setattr(sys, "argv", ["gunicorn", "-w", "2", "app:app"])
    with caplog.at_level(logging.WARNING, logger="factcheck.rate_limits"):
        message = warn_if_counted_per_process({"ENV": "development", "RATELIMIT_STORAGE_URI": "memory://"})
    assert message and "FACTCHECK_REDIS_URL" in message and "gunicorn with 2 workers" in caplog.text
    assert warn_if_counted_per_process({"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0"}) is None
    monkeypatch.setattr(sys, "argv", ["gunicorn", "-w", "1", "app:app"])
    assert warn_if_counted_per_process({"ENV": "development", "RATELIMIT_STORAGE_URI": "memory://"}) is None


def test_redis_url_becomes_the_limit_storage(tmp_path: Path) -> None:
    env = {"FACTCHECK_INSTANCE_PATH": str(tmp_path), "FACTCHECK_REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert load_config(env=env)["RATELIMIT_STORAGE_URI"] == "redis://127.0.0.1:6379/3"
    assert load_config(env={"FACTCHECK_INSTANCE_PATH": str(tmp_path)})["RATELIMIT_STORAGE_URI"] == "memory://"


def _redis_or_skip() -> Any:
    if not REDIS_URL:
        pytest.skip("set FACTCHECK_TEST_REDIS_URL=redis://127.0.0.1:6379/<db> to test limits shared through Redis")
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis at FACTCHECK_TEST_REDIS_URL={REDIS_URL}: {exc}")
    return client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def _gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """One gunicorn server with one worker (a process of its own), until the block ends."""
    port = _free_port()
    usage = subprocess.run([str(GUNICORN), "--help"], capture_output=True, text=True).stdout
    extra = ["--no-control-socket"] if "--no-control-socket" in usage else []  # gunicorn 25 makes one by default
    with log.open("w") as err:
        server = subprocess.Popen(
            [str(GUNICORN), "-w", "1", *extra, "-b", f"127.0.0.1:{port}", "app:app"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(150):
                try:
                    if requests.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except requests.RequestException:
                    time.sleep(0.2)
            else:
                raise RuntimeError("gunicorn did not start: " + log.read_text()[-2000:])
            yield base
        finally:
            server.terminate()
            server.wait(30)


def _failed_sign_ins(bases: list[str]) -> dict[int, int]:
    """60 wrong-password sign-ins spread over the servers (each browser with its own CSRF token): statuses.
    The session cookie is sent by hand: in production it is Secure, and these servers speak plain HTTP."""
    browsers = []
    for base in bases:
        page = requests.get(base + "/login", timeout=10)
        browsers.append((base, {c.name: c.value for c in page.cookies}, csrf_from(page.text)))
    counts: dict[int, int] = {}
    for n in range(ATTEMPTS):
        base, cookies, token = browsers[n % len(browsers)]
        data = {"email": "nobody@example.org", "password": "not the password", "csrf_token": token}
        status = requests.post(base + "/login", data=data, cookies=cookies, timeout=10).status_code
        counts[status] = counts.get(status, 0) + 1
    return counts


def _servers_env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    return {
        **env,
        "FACTCHECK_DATABASE_URL": database_url,
        "FACTCHECK_INSTANCE_PATH": str(tmp_path),
        "FACTCHECK_SECRET_KEY": secrets.token_hex(32),
        "FACTCHECK_LOGIN_RATE_LIMIT": f"{LIMIT} per minute",
        **extra,
    }


def _run_two(env: dict[str, str], tmp_path: Path, name: str) -> tuple[dict[int, int], str]:
    with ExitStack() as stack:
        bases = [stack.enter_context(_gunicorn(env, tmp_path / f"{name}-{i}.log")) for i in range(2)]
        counts = _failed_sign_ins(bases)
    logs = "".join((tmp_path / f"{name}-{i}.log").read_text() for i in range(2))
    return counts, logs


def test_two_servers_sharing_redis_let_through_one_allowance(db: Session, database_url: str, tmp_path: Path) -> None:
    redis_client = _redis_or_skip()
    redis_client.flushdb()
    try:
        # Without Redis, each process counts alone (and says so at start-up): twice the allowance gets through.
        alone, alone_logs = _run_two(_servers_env(database_url, tmp_path, FACTCHECK_ENV="production"), tmp_path, "mem")
        assert alone.get(401) == 2 * LIMIT and "Rate limits are counted in this process's memory" in alone_logs
        shared, shared_logs = _run_two(
            _servers_env(database_url, tmp_path, FACTCHECK_ENV="production", FACTCHECK_REDIS_URL=REDIS_URL),
            tmp_path,
            "redis",
        )
        # Flask-Limiter's fixed window opens at the first attempt and lasts the minute: 60 attempts in a few
        # seconds fit in one window, so exactly the allowance is let through; the rest are refused.
        assert shared.get(401, 0) <= LIMIT and shared.get(429, 0) >= ATTEMPTS - LIMIT, shared
        assert "counted in this process's memory" not in shared_logs
        print(f"\n{ATTEMPTS} failed sign-ins over two servers, {LIMIT}/minute: memory {alone}, Redis {shared}")
    finally:
        redis_client.flushdb()


def test_with_redis_unreachable_limits_fall_back_to_memory_not_to_errors(
    db: Session, database_url: str, tmp_path: Path
) -> None:
    env = _servers_env(database_url, tmp_path, FACTCHECK_REDIS_URL=f"redis://127.0.0.1:{_free_port()}/0")
    with _gunicorn(env, tmp_path / "down.log") as base:
        counts = _failed_sign_ins([base])
    assert counts == {401: LIMIT, 429: ATTEMPTS - LIMIT}, (counts, (tmp_path / "down.log").read_text()[-1500:])
