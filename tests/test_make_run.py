"""`make run PORT=...` serves on that port, and the public site's address follows it unless FACTCHECK_SITE_URL
is set (a real `make run`, with its own instance folder, stopped after)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest
import requests

from factcheck.config import PROJECT_ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _annotations_of_first_article(port: int, instance: Path, site_url: str | None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTCHECK_")}
    env["FACTCHECK_INSTANCE_PATH"] = str(instance)
    if site_url:
        env["FACTCHECK_SITE_URL"] = site_url
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"PORT={port}"],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                if requests.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make run PORT={port} did not serve (exit {proc.poll()})")
            time.sleep(0.5)
        home = requests.get(base + "/", timeout=10).text
        slug = re.search(r'href="/a/([a-z0-9-]+)"', home)
        assert slug, "the demo's published article is listed"
        return requests.get(f"{base}/a/{slug.group(1)}/annotations.jsonld", timeout=10).text
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(20)


def test_make_run_serves_on_port_and_site_url_follows(tmp_path: Path) -> None:
    port = _free_port()
    annotations = _annotations_of_first_article(port, tmp_path, None)
    assert f"http://127.0.0.1:{port}/a/" in annotations
    other = _free_port()
    annotations = _annotations_of_first_article(other, tmp_path, "https://desk.example.org")
    assert "https://desk.example.org/a/" in annotations and f"127.0.0.1:{other}" not in annotations
