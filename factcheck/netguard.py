"""The socket side of the fetch client: every connection goes to an address that resolve_checked validated (the
Host header, TLS SNI and certificate checks still use the host name), and a watchdog shuts every socket of a
fetch down when its deadline passes, so a server dripping one byte a second cannot hold a worker.

`guarded_adapter(guard)` is a requests adapter whose connection pools open their sockets through the guard.
"""

from __future__ import annotations

import contextlib
import socket
import sys
import threading
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from factcheck.netpolicy import BadURL, ConnectionFailed, FetchPolicy, FetchTimeout, resolve_checked


class Guard:
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


def _pool_classes(guard: Guard) -> dict[str, type[HTTPConnectionPool]]:
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


class GuardedAdapter(HTTPAdapter):
    def __init__(self, guard: Guard) -> None:
        self._guard = guard
        super().__init__(max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False, **kw: Any) -> None:
        super().init_poolmanager(connections, maxsize, block, **kw)
        self.poolmanager.pool_classes_by_scheme = _pool_classes(self._guard)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        raise BadURL("fetching through a proxy is not supported")
