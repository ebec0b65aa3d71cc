"""The Procfile (docs/deploy.md) runs under honcho: its web process answers /healthz and /readyz on the port
honcho gives it, and stopping honcho stops it. No process in it migrates the database at start-up (that is the
deploy step's `flask db upgrade`, run once, not on every host)."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests
from sqlalchemy.orm import Session

from factcheck.config import PROJECT_ROOT

HONCHO = Path(sys.executable).parent / "honcho"
PROCFILE = PROJECT_ROOT / "Procfile"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _processes() -> dict[str, str]:
    found = (re.match(r"^([A-Za-z0-9_-]+):\s*(.+)$", line) for line in PROCFILE.read_text().splitlines())
    return {m.group(1): m.group(2) for m in found if m}


def test_no_process_migrates_at_start_up() -> None:
    processes = _processes()
    assert "web" in processes and processes["web"].startswith("gunicorn ")
    for command in processes.values():
        assert "upgrade" not in command and " setup" not in command, command


def test_honcho_runs_the_procfile_and_the_web_process_answers(db: Session, database_url: str, tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env.update(
        FACTCHECK_DATABASE_URL=database_url,
        FACTCHECK_INSTANCE_PATH=str(tmp_path),
        FACTCHECK_SECRET_KEY=secrets.token_hex(32),
        PATH=f"{HONCHO.parent}{os.pathsep}{env.get('PATH', '')}",
    )
    log, no_env = tmp_path / "honcho.log", tmp_path / "empty.env"
    no_env.write_text("")
    with log.open("w") as out:
        honcho = subprocess.Popen(
            [str(HONCHO), "start", "--no-colour", "-e", str(no_env), "-f", str(PROCFILE), "-p", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                health = requests.get(base + "/healthz", timeout=2)
                break
            except requests.RequestException:
                assert honcho.poll() is None, log.read_text()[-2000:]
                time.sleep(0.2)
        else:
            raise AssertionError("the web process did not answer: " + log.read_text()[-2000:])
        assert health.status_code == 200 and health.json() == {"status": "ok"}
        assert requests.get(base + "/readyz", timeout=5).json()["status"] == "ready"
    finally:
        honcho.send_signal(signal.SIGINT)  # Ctrl-C: honcho stops every process it started
        honcho.wait(30)
    try:
        requests.get(base + "/healthz", timeout=2)
        raise AssertionError("the web process outlived honcho")
    except requests.ConnectionError:
        pass
    assert "web.1" in log.read_text()
