"""The one outbound HTTP client of the workbench.

Every request goes through :func:`fetch`, which

* screens each URL (the first and every redirect hop) with :func:`check_url`;
* resolves host names itself, validates *every* resolved address and connects the socket to a
  validated address (a per-fetch urllib3 connection class; Host header, TLS SNI and certificate
  checks still use the host name);
* follows redirects itself, up to ``policy.max_redirects``;
* caps the body at ``policy.max_bytes`` while streaming and enforces a total deadline with a watchdog
  that shuts the socket down, so a server dripping one byte a second cannot hold a worker.

No Flask here: configuration arrives as a :class:`FetchPolicy`.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
import socket
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from factcheck.netpolicy import (
    BadScheme,
    BadURL,
    BlockedAddress,
    ConnectionFailed,
    FetchError,
    FetchPolicy,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
    TooManyRedirects,
    check_url,
    resolve_checked,
)

__all__ = [  # noqa: RUF022 - grouped: entry points, then errors
    "DEFAULT_ACCEPT",
    "DEFAULT_POLICY",
    "FetchPolicy",
    "FetchResult",
    "check_url",
    "fetch",
    "BadScheme",
    "BadURL",
    "BlockedAddress",
    "ConnectionFailed",
    "FetchError",
    "FetchTimeout",
    "HTTPStatusError",
    "TooLarge",
    "TooManyRedirects",
]

DEFAULT_POLICY = FetchPolicy()
DEFAULT_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.8,*/*;q=0.1"
_REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_WINDOWS_1252_ALIASES = frozenset({"iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii", "iso8859-1"})


@dataclass(frozen=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    content_type: str  # media type without parameters, lowercased ("application/octet-stream" if absent)
    charset: str | None  # as declared in the Content-Type header
    body: bytes
    sha256: str
    fetched_at: datetime  # UTC, aware
    redirects: tuple[str, ...]  # every URL that answered with a redirect, in order (final_url excluded)

    def encoding(self) -> str:
        """The codec used by :meth:`text`: header charset, BOM, <meta charset>, UTF-8, then a guess."""
        declared = [self.charset]
        if self.body.startswith(codecs.BOM_UTF8):
            declared.insert(0, "utf-8")
        if self.content_type in ("text/html", "application/xhtml+xml"):
            match = _META_CHARSET.search(self.body[:4096])
            declared.append(match.group(1).decode("ascii") if match else None)
        for name in declared:
            if name and _known_codec(name):
                return "cp1252" if name.lower() in _WINDOWS_1252_ALIASES else name
        try:
            self.body.decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            pass
        import charset_normalizer

        best = charset_normalizer.from_bytes(self.body).best()
        return best.encoding if best is not None else "utf-8"

    def text(self) -> str:
        return self.body.decode(self.encoding(), errors="replace").removeprefix("\ufeff")


def _known_codec(name: str) -> bool:
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


class _Guard:
    """Per-fetch state: opens validated sockets and runs the deadline watchdog that shuts them down."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy
        self.expired = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._timer: threading.Timer | None = None

    def connect(self, host: str, port: int, socket_options: Any) -> socket.socket:
        infos = resolve_checked(host, port, self.policy)  # raises BlockedAddress before any connect
        failure: OSError | None = None
        for family, kind, proto, _canonname, sockaddr in infos:
            sock = socket.socket(family, kind, proto)
            try:
                for option in socket_options or ():
                    sock.setsockopt(*option)
                sock.settimeout(self.policy.connect_timeout)
                with self._lock:
                    self._sockets.append(sock)
                sock.connect(sockaddr)
            except OSError as exc:
                failure = exc
                sock.close()
                continue
            sys.audit("http.client.connect", self, host, port)
            return sock
        where = f"{host}:{port}"
        if isinstance(failure, TimeoutError) or self.expired:
            raise FetchTimeout(f"connecting to {where} timed out after {self.policy.connect_timeout:g} s")
        raise ConnectionFailed(f"could not connect to {where} ({failure})")

    def arm(self, seconds: float) -> None:
        self.disarm()
        timer = threading.Timer(seconds, self._expire)
        timer.daemon = True
        self._timer = timer
        timer.start()

    def disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self) -> None:
        self.expired = True
        with self._lock:
            for sock in self._sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def _pool_classes(guard: _Guard) -> dict[str, type[HTTPConnectionPool]]:
    class GuardedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return guard.connect(self._dns_host, self.port, self.socket_options)

    class GuardedHTTPSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return guard.connect(self._dns_host, self.port, self.socket_options)

    class GuardedHTTPPool(HTTPConnectionPool):
        ConnectionCls = GuardedHTTPConnection

    class GuardedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = GuardedHTTPSConnection

    return {"http": GuardedHTTPPool, "https": GuardedHTTPSPool}


class _GuardedAdapter(HTTPAdapter):
    def __init__(self, guard: _Guard) -> None:
        self._guard = guard
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **kw: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **kw)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self._guard)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        raise BadURL("fetching through a proxy is not supported")


def fetch(url: str, policy: FetchPolicy = DEFAULT_POLICY, *, accept: str = DEFAULT_ACCEPT) -> FetchResult:
    """GET ``url`` under ``policy``; raise a :class:`FetchError` subclass for anything refused or failed."""
    start = url.strip() if isinstance(url, str) else url
    guard = _Guard(policy)
    redirects: list[str] = []
    current = start
    with requests.Session() as session:
        session.trust_env = False  # no proxies or .netrc from the environment
        adapter = _GuardedAdapter(guard)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({"User-Agent": policy.user_agent, "Accept": accept})
        try:
            while True:
                check_url(current, policy)
                response = _request(session, current, policy, guard)
                with response:
                    location = response.headers.get("Location")
                    if response.status_code in _REDIRECT_CODES and location:
                        if len(redirects) >= policy.max_redirects:
                            raise TooManyRedirects(f"more than {policy.max_redirects} redirects from {start}")
                        redirects.append(current)
                        current = urllib.parse.urljoin(current, _decode_location(location))
                        continue
                    _raise_for_status(response, current)
                    fetched_at = datetime.now(UTC)
                    body = _read_body(response, policy, guard)
                    content_type, charset = _content_type(response.headers.get("Content-Type", ""))
                    return FetchResult(
                        url=start,
                        final_url=current,
                        status=response.status_code,
                        content_type=content_type,
                        charset=charset,
                        body=body,
                        sha256=hashlib.sha256(body).hexdigest(),
                        fetched_at=fetched_at,
                        redirects=tuple(redirects),
                    )
        finally:
            guard.disarm()


def _request(session: requests.Session, url: str, policy: FetchPolicy, guard: _Guard) -> requests.Response:
    guard.arm(policy.connect_timeout + policy.read_timeout)  # connect + headers, however slowly sent
    try:
        return session.get(
            url,
            stream=True,
            allow_redirects=False,
            timeout=(policy.connect_timeout, policy.read_timeout),
            proxies={},
        )
    except FetchError:
        raise
    except requests.Timeout:
        raise FetchTimeout(f"{url} did not answer within {policy.read_timeout:g} s") from None
    except (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema) as exc:
        raise BadURL(f"the URL could not be used ({exc})") from None
    except requests.exceptions.SSLError as exc:
        raise ConnectionFailed(f"the TLS connection to {url} failed ({exc})", code="tls_failed") from None
    except requests.RequestException as exc:
        if guard.expired:
            raise FetchTimeout(f"{url} did not answer within the deadline") from None
        raise ConnectionFailed(f"the request to {url} failed ({exc})") from None


def _decode_location(location: str) -> str:
    try:  # http.client decodes header bytes as latin-1; servers usually meant UTF-8
        return location.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return location


def _raise_for_status(response: requests.Response, url: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = response.reason or ""
    raise HTTPStatusError(f"the server answered {status} {phrase}".rstrip(), status=status, url=url)


def _read_body(response: requests.Response, policy: FetchPolicy, guard: _Guard) -> bytes:
    declared = response.headers.get("Content-Length", "")
    if declared.strip().isdigit() and int(declared) > policy.max_bytes:
        raise TooLarge(f"the response declares {int(declared)} bytes, over the {policy.max_bytes} allowed")
    guard.arm(policy.read_timeout)  # total deadline for the body
    started = time.monotonic()
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(_CHUNK):
            size += len(chunk)
            if size > policy.max_bytes:
                raise TooLarge(f"the response is larger than the {policy.max_bytes} bytes allowed")
            chunks.append(chunk)
            if guard.expired:
                break
    except requests.RequestException as exc:
        if not guard.expired:
            raise ConnectionFailed(f"the response body could not be read ({exc})") from None
    guard.disarm()
    if guard.expired:
        elapsed = time.monotonic() - started
        raise FetchTimeout(f"the response body took longer than {policy.read_timeout:g} s ({elapsed:.1f} s)")
    return b"".join(chunks)


def _content_type(header: str) -> tuple[str, str | None]:
    """``"text/HTML; charset=UTF-8"`` -> ``("text/html", "utf-8")``; a missing type is octet-stream."""
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip("\"'"):
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower() or "application/octet-stream", charset
