"""Hostile targets are refused with a clear reason, before any connection leaves loopback.

Every case goes through :func:`fetch` with the default (empty) allow-list; the autouse tripwire in
conftest fails a test if any socket connected or any name was looked up beyond loopback.
"""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factcheck.fetch import BadScheme, BadURL, BlockedAddress, FetchError, FetchPolicy, check_url, fetch

from .conftest import LocalServer, fake_dns

HOSTILE: list[tuple[str, type[FetchError], str]] = [
    # loopback and the private ranges
    ("http://127.0.0.1/", BlockedAddress, "refused: 127.0.0.1 is a loopback address"),
    ("http://127.0.0.53:8080/", BlockedAddress, "127.0.0.53 is a loopback address"),
    ("http://10.0.0.1/", BlockedAddress, "10.0.0.1 is a private address"),
    ("http://10.255.255.254/", BlockedAddress, "10.255.255.254 is a private address"),
    ("http://172.16.0.1/", BlockedAddress, "172.16.0.1 is a private address"),
    ("http://172.31.255.1/", BlockedAddress, "172.31.255.1 is a private address"),
    ("http://192.168.0.1/", BlockedAddress, "192.168.0.1 is a private address"),
    ("http://169.254.169.254/latest/meta-data/", BlockedAddress, "169.254.169.254 is a link-local address"),
    ("http://100.64.0.1/", BlockedAddress, "100.64.0.1 is a carrier-grade NAT address"),
    ("http://0.0.0.0/", BlockedAddress, "0.0.0.0 is an unspecified address"),
    ("http://0.1.2.3/", BlockedAddress, "0.1.2.3 is a 'this network' address"),
    ("http://224.0.0.1/", BlockedAddress, "224.0.0.1 is a multicast address"),
    ("http://255.255.255.255/", BlockedAddress, "255.255.255.255 is a broadcast address"),
    ("http://240.0.0.1/", BlockedAddress, "240.0.0.1 is a reserved address"),
    ("http://192.0.2.10/", BlockedAddress, "192.0.2.10 is a documentation address"),
    ("http://198.18.0.1/", BlockedAddress, "198.18.0.1 is a benchmarking address"),
    # IPv6
    ("http://[::1]/", BlockedAddress, "::1 is a loopback address"),
    ("http://[::]:80/", BlockedAddress, ":: is an unspecified address"),
    ("http://[fc00::1]/", BlockedAddress, "fc00::1 is a unique-local (private) address"),
    ("http://[fd12:3456::1]/", BlockedAddress, "fd12:3456::1 is a unique-local (private) address"),
    ("http://[fe80::1]/", BlockedAddress, "fe80::1 is a link-local address"),
    ("http://[fe80::1%25eth0]/", BlockedAddress, "is a link-local address"),
    ("http://[fec0::1]/", BlockedAddress, "fec0::1 is a site-local address"),
    ("http://[ff02::1]/", BlockedAddress, "ff02::1 is a multicast address"),
    ("http://[::ffff:127.0.0.1]/", BlockedAddress, "IPv4-mapped form of 127.0.0.1 (a loopback address)"),
    ("http://[::ffff:7f00:1]/", BlockedAddress, "IPv4-mapped form of 127.0.0.1 (a loopback address)"),
    ("http://[::ffff:a9fe:a9fe]/", BlockedAddress, "IPv4-mapped form of 169.254.169.254"),
    ("http://[64:ff9b::a9fe:a9fe]/", BlockedAddress, "NAT64 form of 169.254.169.254 (a link-local address)"),
    ("http://[2002:a00:1::1]/", BlockedAddress, "6to4 form of 10.0.0.1 (a private address)"),
    ("http://[::127.0.0.1]/", BlockedAddress, "a reserved (IPv4-compatible) address"),
    ("http://[2001:db8::1]/", BlockedAddress, "2001:db8::1 is a documentation address"),
    # numeric host forms, normalised the way inet_aton reads them
    ("http://2130706433/", BlockedAddress, "refused: 127.0.0.1 is a loopback address"),
    ("http://0177.0.0.1/", BlockedAddress, "refused: 127.0.0.1 is a loopback address"),
    ("http://0x7f000001/", BlockedAddress, "refused: 127.0.0.1 is a loopback address"),
    ("http://0x7f.0.0.1/", BlockedAddress, "refused: 127.0.0.1 is a loopback address"),
    ("http://127.1/", BlockedAddress, "refused: 127.0.0.1 is a loopback address"),
    ("http://127.0.0.1./", BlockedAddress, "refused: 127.0.0.1 is a loopback address"),
    ("http://0/", BlockedAddress, "refused: 0.0.0.0 is an unspecified address"),
    ("http://10.1/", BlockedAddress, "refused: 10.0.0.1 is a private address"),
    ("http://0xa9.0xfe.0xa9.0xfe/", BlockedAddress, "169.254.169.254 is a link-local address"),
    ("http://0251.0376.0251.0376/", BlockedAddress, "169.254.169.254 is a link-local address"),
    ("http://3232235521/", BlockedAddress, "192.168.0.1 is a private address"),
    # userinfo tricks are judged by the real host, and credentials are refused anyway
    ("http://example.com@127.0.0.1/", BlockedAddress, "127.0.0.1 is a loopback address"),
    ("http://example.com:80@169.254.169.254/", BlockedAddress, "169.254.169.254 is a link-local address"),
    ("http://user:pass@10.0.0.1/", BlockedAddress, "10.0.0.1 is a private address"),
    ("http://127.0.0.1@news.example/", BadURL, "URLs with a user name or password are refused"),
    ("http://example.com\\@127.0.0.1/", BadURL, "backslashes"),
    # names that resolve to loopback (refused by the connection's own check)
    ("http://localhost/", BlockedAddress, "refused: localhost resolves to 127.0.0.1, a loopback address"),
    ("http://LOCALHOST:8080/", BlockedAddress, "localhost resolves to 127.0.0.1, a loopback address"),
    ("http://localhost./admin", BlockedAddress, "resolves to 127.0.0.1, a loopback address"),
    ("https://localhost/", BlockedAddress, "localhost resolves to 127.0.0.1, a loopback address"),
    # schemes other than http(s)
    ("file:///etc/passwd", BadScheme, "this one has 'file:'"),
    ("gopher://127.0.0.1:70/_GET", BadScheme, "this one has 'gopher:'"),
    ("ftp://ftp.example.org/pub/", BadScheme, "this one has 'ftp:'"),
    ("data:text/html,<script>alert(1)</script>", BadScheme, "this one has 'data:'"),
    ("javascript:alert(document.cookie)", BadScheme, "this one has 'javascript:'"),
    ("dict://127.0.0.1:11211/stats", BadScheme, "this one has 'dict:'"),
    ("ws://news.example/socket", BadScheme, "this one has 'ws:'"),
    ("//news.example/path", BadScheme, "this one has no scheme"),
    # empty and garbage
    ("", BadURL, "the URL is empty"),
    ("   ", BadURL, "the URL is empty"),
    ("http://", BadURL, "the URL has no host name"),
    ("http:///etc/passwd", BadURL, "the URL has no host name"),
    ("http://news .example/", BadURL, "spaces"),
    ("http://news.example/\x00", BadURL, "control characters"),
    ("http://[::1/", BadURL, "could not be parsed"),
    ("http://news.example:99999/", BadURL, "could not be parsed"),
    ("http://news.example:0/", BadURL, "port 0"),
    ("http://256.256.256.256/", BadURL, "is not a valid IP address"),
    ("http://1.2.3.4.5/", BadURL, "is not a valid IP address"),
    ("http://%31%32%37.0.0.1/", BadURL, "is not a valid"),
    ("http://news_example!.com/", BadURL, "is not a valid host name"),
]


@pytest.mark.parametrize(("url", "error", "reason"), HOSTILE, ids=[case[0] or "<empty>" for case in HOSTILE])
def test_hostile_target_is_refused(url: str, error: type[FetchError], reason: str) -> None:
    with pytest.raises(FetchError) as info:
        fetch(url, FetchPolicy(connect_timeout=0.5, read_timeout=0.5))
    assert type(info.value) is error
    assert reason in info.value.reason
    assert info.value.code in {"blocked_address", "bad_scheme", "bad_url"}
    assert str(info.value) == info.value.reason


def test_there_are_enough_hostile_cases() -> None:
    assert len(HOSTILE) >= 30


@pytest.mark.parametrize(("url", "error"), [case[:2] for case in HOSTILE if "localhost" not in case[0].lower()])
def test_check_url_refuses_on_its_face(url: str, error: type[FetchError]) -> None:
    with pytest.raises(error):
        check_url(url, FetchPolicy())


def test_check_url_does_not_resolve_names() -> None:
    check_url("https://news.example/2024/story?id=7#top", FetchPolicy())  # no DNS here: nothing raised
    check_url("http://localhost/", FetchPolicy())  # only the connection knows where it points


def test_a_name_resolving_to_a_private_address_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {"printer.corp.example": ["192.168.7.20"], "v6.corp.example": ["fd00::20"]})
    with pytest.raises(BlockedAddress, match=r"printer\.corp\.example resolves to 192\.168\.7\.20, a priv"):
        fetch("http://printer.corp.example/status", FetchPolicy(connect_timeout=0.5))
    with pytest.raises(BlockedAddress, match=r"resolves to fd00::20, a unique-local"):
        fetch("https://v6.corp.example/", FetchPolicy(connect_timeout=0.5))


# --- the allow-list lets through exactly what it names -----------------------------------------------


@pytest.mark.parametrize(
    ("allow", "url", "allowed"),
    [
        (("127.0.0.1",), "http://127.0.0.1:8000/", True),
        (("127.0.0.1",), "http://127.0.0.2/", False),
        (("127.0.0.1",), "http://2130706433/", True),  # the same address, spelled as a number
        (("127.0.0.1",), "http://10.0.0.1/", False),
        (("127.0.0.1",), "http://[::1]/", False),
        (("127.0.0.1",), "http://[::ffff:127.0.0.1]/", False),
        (("10.20.0.0/16",), "http://10.20.5.5/", True),
        (("10.20.0.0/16",), "http://10.20.255.255/", True),
        (("10.20.0.0/16",), "http://10.21.0.1/", False),
        (("10.20.0.0/16",), "http://10.19.255.255/", False),
        (("10.20.0.0/16",), "http://192.168.0.1/", False),
        (("10.20.0.0/16",), "http://169.254.169.254/", False),
        (("fd00::/8",), "http://[fd00::5]/", True),
        (("fd00::/8",), "http://[fc00::5]/", False),
        (("localhost",), "http://127.0.0.1/", False),  # a name entry does not allow its address
        (("10.0.0.0/8", "localhost"), "http://10.9.9.9/", True),
    ],
)
def test_allow_list_is_exact(allow: tuple[str, ...], url: str, allowed: bool) -> None:
    policy = FetchPolicy(allow_hosts=allow)
    if allowed:
        check_url(url, policy)
    else:
        with pytest.raises(BlockedAddress):
            check_url(url, policy)


def test_allowed_address_is_fetched_but_its_neighbour_is_not(http_server: LocalServer) -> None:
    http_server.route("/", body=b"<p>hello</p>")
    policy = FetchPolicy(allow_hosts=("127.0.0.1",), connect_timeout=0.5, read_timeout=1.0)
    assert fetch(http_server.url("/"), policy).body == b"<p>hello</p>"
    with pytest.raises(BlockedAddress, match=r"127\.0\.0\.2 is a loopback address"):
        fetch(http_server.url("/", host="127.0.0.2"), policy)
    assert http_server.paths() == ["/"]


def test_allowed_host_name_is_fetched(http_server: LocalServer) -> None:
    http_server.route("/", body=b"<p>by name</p>")
    by_name = FetchPolicy(allow_hosts=("localhost",), connect_timeout=0.5, read_timeout=1.0)
    assert fetch(http_server.url("/", host="localhost"), by_name).body == b"<p>by name</p>"
    with pytest.raises(BlockedAddress):  # the name is allowed, its address spelled out is not
        fetch(http_server.url("/"), by_name)


def test_from_allow_string() -> None:
    policy = FetchPolicy.from_allow_string(" localhost, 10.0.0.0/8 ,, ::1  192.168.1.0/24 ", max_bytes=10)
    assert policy.allow_hosts == ("localhost", "10.0.0.0/8", "::1", "192.168.1.0/24")
    assert policy.max_bytes == 10
    assert FetchPolicy.from_allow_string("").allow_hosts == ()
    with pytest.raises(ValueError, match="neither a host name nor an IP network"):
        FetchPolicy.from_allow_string("localhost, not a host!")


# --- numeric spellings are judged by the address they denote -----------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.sampled_from(["dec", "hex", "oct", "dotted-hex"]))
def test_numeric_spellings_get_the_same_verdict(number: int, spelling: str) -> None:
    address = ipaddress.IPv4Address(number)
    octets = str(address).split(".")
    host = {
        "dec": str(number),
        "hex": hex(number),
        "oct": ".".join("0" + oct(int(o))[2:] for o in octets),
        "dotted-hex": ".".join(hex(int(o)) for o in octets),
    }[spelling]
    policy = FetchPolicy()
    try:
        check_url(f"http://{address}/", policy)
        canonical_refused = False
    except BlockedAddress:
        canonical_refused = True
    try:
        check_url(f"http://{host}/", policy)
        spelled_refused = False
    except BlockedAddress as exc:
        spelled_refused = True
        assert str(address) in exc.reason
    assert spelled_refused == canonical_refused
    assert canonical_refused == (not address.is_global or address.is_multicast)
