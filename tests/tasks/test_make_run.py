"""`make run` runs Procfile.dev under honcho: the web server and one job consumer, both stopped by one Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from flask import Flask

from factcheck.config import PROJECT_ROOT

BIN = Path(sys.executable).parent


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_procfile_starts_the_web_server_and_a_consumer_and_ctrl_c_stops_both(
    app: Flask, app_config: dict[str, Any], tmp_path: Path
) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "PATH": f"{BIN}:{os.environ.get('PATH', '')}",
        "FACTCHECK_DATABASE_URL": str(app_config["DATABASE_URL"]),
        "FACTCHECK_INSTANCE_PATH": str(tmp_path),
        "FACTCHECK_SECRET_KEY": str(app_config["SECRET_KEY"]),
    }
    log = tmp_path / "honcho.log"
    with log.open("w") as out:
        honcho = subprocess.Popen(
            [str(BIN / "honcho"), "start", "-f", "Procfile.dev", "-p", str(port)],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline, status = time.monotonic() + 60, None
        while time.monotonic() < deadline and (status is None or "consumer on SqliteHuey" not in log.read_text()):
            with contextlib.suppress(OSError):
                status = urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).status
            time.sleep(0.3)  # every pass: a busy loop would take a core from the consumer it waits for
        assert status == 200, "the web server did not answer"
        honcho.send_signal(signal.SIGINT)
        honcho.wait(timeout=30)
        output = log.read_text()
    finally:
        if honcho.poll() is None:
            os.killpg(honcho.pid, signal.SIGKILL)
            honcho.wait()
    assert "web.1 stopped" in output and "worker.1 stopped" in output, output[-2000:]
    assert "consumer on SqliteHuey" in output
