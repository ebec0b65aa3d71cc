"""Outbound address policy: which URLs and IP addresses the fetcher may reach.

Pure Python, no HTTP: the error types, the :class:`FetchPolicy` knobs, URL screening
(:func:`check_url`) and the resolve-then-validate step (:func:`resolve_checked`) that the
fetcher's connection class runs right before it opens a socket.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import socket
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
SockAddr = tuple[Any, ...]
AddrInfo = tuple[socket.AddressFamily, socket.SocketKind, int, str, SockAddr]

DEFAULT_USER_AGENT = "FactcheckWorkbench/0.1 (+https://github.com/; fact-checking archiver)"
MAX_URL_LENGTH = 2000  # the longest URL a source or article row stores


class FetchError(Exception):
    """A URL could not be fetched. ``reason`` is a sentence for users, ``code`` a short machine code."""

    code = "fetch_error"

    def __init__(self, reason: str, *, code: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if code is not None:
            self.code = code


class BlockedAddress(FetchError):
    code = "blocked_address"


class BadScheme(FetchError):
    code = "bad_scheme"


class BadURL(FetchError):
    code = "bad_url"


class TooLarge(FetchError):
    code = "too_large"


class TooManyRedirects(FetchError):
    code = "too_many_redirects"


class FetchTimeout(FetchError):
    code = "timeout"


class ConnectionFailed(FetchError):
    code = "connection_failed"


class HTTPStatusError(FetchError):
    code = "http_status"

    def __init__(self, reason: str, *, status: int, url: str = "") -> None:
        super().__init__(reason)
        self.status = status
        self.url = url


@dataclass(frozen=True)
class FetchPolicy:
    allow_hosts: tuple[str, ...] = ()  # hostnames or CIDRs exempt from the private-address block
    max_bytes: int = 5 * 1024 * 1024
    connect_timeout: float = 5.0
    read_timeout: float = 15.0  # per socket read, and also the total deadline for the body
    max_redirects: int = 5
    user_agent: str = DEFAULT_USER_AGENT

    def __post_init__(self) -> None:
        _allow_sets(self.allow_hosts)  # raises ValueError on a malformed entry

    @classmethod
    def from_allow_string(cls, s: str, **kw: Any) -> FetchPolicy:
        """Build a policy from ``FACTCHECK_FETCH_ALLOW_HOSTS`` style text: ``"localhost, 10.1.0.0/16"``."""
        entries = tuple(part for part in re.split(r"[\s,]+", s or "") if part)
        return cls(allow_hosts=entries, **kw)

    def allows_host(self, hostname: str) -> bool:
        return _normalise_name(hostname) in _allow_sets(self.allow_hosts)[0]

    def allows_ip(self, ip: IPAddress) -> bool:
        return any(ip.version == net.version and ip in net for net in _allow_sets(self.allow_hosts)[1])


@functools.lru_cache(maxsize=64)
def _allow_sets(entries: tuple[str, ...]) -> tuple[frozenset[str], tuple[IPNetwork, ...]]:
    names: set[str] = set()
    nets: list[IPNetwork] = []
    for raw in entries:
        entry = raw.strip().strip("[]")
        try:
            nets.append(ipaddress.ip_network(entry, strict=False))
            continue
        except ValueError:
            pass
        name = _normalise_name(entry)
        if not re.fullmatch(r"[a-z0-9]([a-z0-9_.-]*[a-z0-9])?", name):
            raise ValueError(f"allow-list entry {raw!r} is neither a host name nor an IP network")
        names.add(name)
    return frozenset(names), tuple(nets)


def _normalise_name(hostname: str) -> str:
    return hostname.strip().rstrip(".").lower()


# (network, description) in the order we report them; first match wins.
_BLOCKED: tuple[tuple[IPNetwork, str], ...] = tuple(
    (ipaddress.ip_network(net), label)
    for net, label in (
        ("0.0.0.0/32", "an unspecified address"),
        ("0.0.0.0/8", "a 'this network' address"),
        ("127.0.0.0/8", "a loopback address"),
        ("10.0.0.0/8", "a private address"),
        ("172.16.0.0/12", "a private address"),
        ("192.168.0.0/16", "a private address"),
        ("169.254.0.0/16", "a link-local address"),
        ("100.64.0.0/10", "a carrier-grade NAT address"),
        ("192.0.0.0/24", "a reserved (IETF protocol) address"),
        ("192.0.2.0/24", "a documentation address"),
        ("198.51.100.0/24", "a documentation address"),
        ("203.0.113.0/24", "a documentation address"),
        ("192.88.99.0/24", "a reserved (6to4 relay) address"),
        ("198.18.0.0/15", "a benchmarking address"),
        ("224.0.0.0/4", "a multicast address"),
        ("255.255.255.255/32", "a broadcast address"),
        ("240.0.0.0/4", "a reserved address"),
        ("::/128", "an unspecified address"),
        ("::1/128", "a loopback address"),
        ("::/96", "a reserved (IPv4-compatible) address"),
        ("64:ff9b:1::/48", "a local-use NAT64 address"),
        ("100::/64", "a discard-only address"),
        ("2001::/32", "a Teredo tunnel address"),
        ("2001:db8::/32", "a documentation address"),
        ("fc00::/7", "a unique-local (private) address"),
        ("fe80::/10", "a link-local address"),
        ("fec0::/10", "a site-local address"),
        ("ff00::/8", "a multicast address"),
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> tuple[ipaddress.IPv4Address, str] | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped, "IPv4-mapped"
    if ip.sixtofour is not None:
        return ip.sixtofour, "6to4"
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF), "NAT64"
    return None


def blocked_reason(ip: IPAddress) -> str | None:
    """Describe why ``ip`` is not a public unicast address (``"a loopback address"``), or None if it is."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            ip = ipaddress.IPv6Address(str(ip).split("%", 1)[0])
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            inner, kind = embedded
            inner_reason = blocked_reason(inner)
            return f"an {kind} form of {inner} ({inner_reason})" if inner_reason else None
    for net, label in _BLOCKED:
        if ip.version == net.version and ip in net:
            return label
    if not ip.is_global or ip.is_reserved:
        return "a non-public (reserved) address"
    return None


def refuse_ip(ip: IPAddress, policy: FetchPolicy, *, hostname: str | None = None) -> None:
    """Raise :class:`BlockedAddress` unless ``ip`` is public or named by the allow-list."""
    if policy.allows_ip(ip):
        return
    reason = blocked_reason(ip)
    if reason is None:
        return
    if hostname and hostname.strip("[]") != str(ip):
        raise BlockedAddress(f"refused: {hostname} resolves to {ip}, {reason}")
    raise BlockedAddress(f"refused: {ip} is {reason}")


_NUMERIC_LABEL = re.compile(r"(0x[0-9a-f]*|[0-9]+)", re.IGNORECASE)
_FORBIDDEN_CHARS = re.compile(r"[\x00-\x20\x7f\\]")
_BAD_HOST_CHARS = re.compile(r"[^\w.-]")


def literal_address(host: str) -> IPAddress | None:
    """The address a resolver would make of a numeric host (``0177.1``, ``2130706433``, ``[::1]``)."""
    bare = host.strip("[]") if host.startswith("[") else host.rstrip(".")
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if ":" in bare or not _NUMERIC_LABEL.fullmatch(bare.rsplit(".", 1)[-1]):
        return None
    try:  # inet_aton semantics: octal, hex, decimal and short (127.1) forms
        return ipaddress.IPv4Address(socket.inet_aton(bare))
    except OSError:
        raise BadURL(f"{host!r} is not a valid IP address") from None


def any_address_policy() -> FetchPolicy:
    """A policy that lets every address through: `check_url` with it judges only a URL's form (scheme, host)."""
    return FetchPolicy(allow_hosts=("0.0.0.0/0", "::/0"))


def check_url(url: str, policy: FetchPolicy) -> None:
    """Refuse a URL on its face: scheme, credentials, malformed host, or a literal non-public address.

    Host names are not resolved here; the connection re-checks every resolved address.
    """
    if not isinstance(url, str) or not url.strip():
        raise BadURL("the URL is empty")
    if len(url) > MAX_URL_LENGTH:
        raise BadURL(f"the URL is longer than {MAX_URL_LENGTH:,} characters")
    if _FORBIDDEN_CHARS.search(url):
        raise BadURL("the URL contains spaces, control characters or backslashes")
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise BadURL(f"the URL could not be parsed ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"'{scheme}:'" if scheme else "no scheme"
        raise BadScheme(f"only http and https URLs can be fetched, this one has {shown}")
    host = parts.hostname or ""
    if not host:
        raise BadURL("the URL has no host name")
    if port == 0:
        raise BadURL("the URL names port 0")
    ip = literal_address(host)
    if ip is not None:
        refuse_ip(ip, policy)
    else:
        try:
            if _BAD_HOST_CHARS.search(host):
                raise UnicodeError
            host.encode("idna")
        except UnicodeError:
            raise BadURL(f"{host!r} is not a valid host name") from None
    if parts.username is not None or parts.password is not None:
        raise BadURL("URLs with a user name or password are refused")


def resolve(host: str, port: int) -> Sequence[AddrInfo]:
    """Resolve ``host`` for a TCP connection (a seam for tests that simulate DNS answers)."""
    return socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)


def resolve_checked(host: str, port: int, policy: FetchPolicy) -> Sequence[AddrInfo]:
    """Resolve ``host`` and return its addresses only if every one of them is allowed."""
    name = host.strip("[]").rstrip(".")
    try:
        infos = resolve(name, port)
    except (socket.gaierror, UnicodeError) as exc:
        reason = f"the host name {name} could not be resolved ({exc})"
        raise ConnectionFailed(reason, code="dns_failed") from None
    if not infos:
        raise ConnectionFailed(f"the host name {name} has no addresses", code="dns_failed")
    if policy.allows_host(name):
        return infos
    for info in infos:
        refuse_ip(ipaddress.ip_address(str(info[4][0]).split("%", 1)[0]), policy, hostname=name)
    return infos
