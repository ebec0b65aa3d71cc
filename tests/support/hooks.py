"""A real webhook receiver for tests: an http.server in a thread that checks each body's HMAC signature with the
hook's secret and answers from a script of statuses (500, 500, 200: fails twice, then takes it)."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    signature_ok: bool

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    secret: str = ""
    statuses: list[int] = field(default_factory=list)  # answered in order; 200 once they run out
    received: list[Received] = field(default_factory=list)
    port: int = 0

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def verify(self, body: bytes, header: str) -> bool:
        expected = "sha256=" + hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, header)


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        receiver: Receiver = self.server.receiver
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        signed = receiver.verify(body, self.headers.get("X-Factcheck-Signature", ""))
        receiver.received.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body, signed))
        status = receiver.statuses.pop(0) if receiver.statuses else 200
        status = status if signed else 401  # a receiver that checks signatures refuses a bad one
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.receiver = found  # type: ignore[attr-defined]
    found.port = httpd.server_address[1]
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield found
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)
