"""A real local HTTP server for fetcher tests, and a tripwire against non-loopback traffic.

``http_server.route(path, ...)`` registers a canned answer; ``http_server.url(path)`` builds its URL.
Every socket connect and every DNS lookup made while a test in this folder runs is recorded through
a Python audit hook; the autouse fixture fails the test if any went to a non-loopback address or a
name other than ``localhost``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from factcheck import netpolicy
from factcheck.fetch import FetchPolicy


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html; charset=utf-8"
    delay: float = 0.0  # seconds to wait before the status line
    location: str | None = None  # sent as Location (give a 3xx status)
    content_length: bool = True  # False: close-delimited body
    chunked: bool = False  # send body in chunked encoding
    endless: bool = False  # chunked body that never ends
    drip: float | None = None  # send the body one byte at a time, this many seconds apart


@dataclass
class SeenRequest:
    path: str
    headers: dict[str, str]


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[SeenRequest] = []
        self.stop = threading.Event()
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.owner = self
        self.port: int = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05})

    def route(self, path: str, **kw: Any) -> str:
        self.routes[path] = Route(**kw)
        return self.url(path)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.seen]

    def start(self) -> None:
        self._thread.start()

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self._thread.join(5)
        self.httpd.server_close()  # joins the handler threads (daemon_threads is False)


class _Server(ThreadingHTTPServer):
    daemon_threads = False
    block_on_close = True
    owner: LocalServer


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 5
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        owner = self.server.owner
        owner.seen.append(SeenRequest(self.path, {k.lower(): v for k, v in self.headers.items()}))
        self.close_connection = True
        route = owner.routes.get(self.path.split("?", 1)[0])
        if route is None:
            route = Route(status=404, body=b"<p>no such route</p>")
        if route.delay and owner.stop.wait(route.delay):
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError):
            self._answer(route, owner.stop)  # the client may give up mid-body: several tests want that

    def _answer(self, route: Route, stop: threading.Event) -> None:
        self.send_response(route.status)
        if route.content_type is not None:
            self.send_header("Content-Type", route.content_type)
        if route.location is not None:
            self.send_header("Location", route.location)
        for name, value in route.headers.items():
            self.send_header(name, value)
        chunked = route.chunked or route.endless
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        elif route.content_length and "Content-Length" not in route.headers:
            self.send_header("Content-Length", str(len(route.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.flush()
        if route.endless:
            block = b"x" * 65536
            while not stop.is_set():
                self.wfile.write(b"%x\r\n%s\r\n" % (len(block), block))
            return
        pieces: list[bytes] = [route.body[i : i + 1] for i in range(len(route.body))] if route.drip else [route.body]
        for piece in pieces:
            if route.drip and stop.wait(route.drip):
                return
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            self.wfile.flush()
        if chunked:
            self.wfile.write(b"0\r\n\r\n")


def fake_dns(monkeypatch: pytest.MonkeyPatch, answers: dict[str, list[str]]) -> None:
    """Answer chosen names from a table; anything else is unknown (no real DNS is ever consulted)."""

    def resolve(host: str, port: int) -> list[netpolicy.AddrInfo]:
        if netpolicy.literal_address(host) is not None:
            answers.setdefault(host, [host])
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        infos: list[netpolicy.AddrInfo] = []
        for address in answers[host]:
            if ":" in address:
                infos.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0)))
            else:
                infos.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)))
        return infos

    monkeypatch.setattr(netpolicy, "resolve", resolve)


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    server = LocalServer()
    server.start()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def policy() -> FetchPolicy:
    """Short timeouts; only the test server's address is exempt from the private-address block."""
    return FetchPolicy(allow_hosts=("127.0.0.1",), connect_timeout=1.0, read_timeout=1.0)


# --- tripwire: no traffic may leave loopback --------------------------------------------------------

_recording: list[list[tuple[str, Any]]] = []


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _recording and event in ("socket.connect", "socket.getaddrinfo"):
        _recording[-1].append((event, args[1] if event == "socket.connect" else args[0]))


sys.addaudithook(_audit)  # hooks cannot be removed; this one is inert outside tests in this folder


def _is_loopback_target(event: str, target: Any) -> bool:
    if event == "socket.getaddrinfo":
        name = target.decode() if isinstance(target, bytes) else str(target)
        try:
            return ipaddress.ip_address(name).is_loopback
        except ValueError:
            return name == "localhost"
    host = target[0] if isinstance(target, tuple) else target
    try:
        return ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_traffic_off_loopback() -> Iterator[list[tuple[str, Any]]]:
    events: list[tuple[str, Any]] = []
    _recording.append(events)
    try:
        yield events
    finally:
        _recording.remove(events)
    stray = [(event, target) for event, target in events if not _is_loopback_target(event, target)]
    assert not stray, f"traffic or lookups beyond loopback: {stray}"
