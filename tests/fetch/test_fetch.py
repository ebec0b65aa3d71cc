"""The fetcher against a real local HTTP server: success, redirects, limits, timeouts, statuses."""

from __future__ import annotations

import contextlib
import hashlib
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from factcheck.extraction import ExtractionError, ensure_html
from factcheck.fetch import (
    BadScheme,
    BlockedAddress,
    ConnectionFailed,
    FetchPolicy,
    FetchTimeout,
    HTTPStatusError,
    TooLarge,
    TooManyRedirects,
    fetch,
)

from .conftest import LocalServer, fake_dns

PAGE = "<!doctype html><html><head><title>Café prices</title></head><body><p>Café crème costs €4.</p></body></html>"


# --- success --------------------------------------------------------------------------------------


def test_successful_fetch_reports_everything(http_server: LocalServer, policy: FetchPolicy) -> None:
    body = PAGE.encode("utf-8")
    url = http_server.route("/article", body=body, content_type="Text/HTML; Charset=UTF-8")

    result = fetch(url, policy)

    assert result.url == url
    assert result.final_url == url
    assert result.status == 200
    assert result.content_type == "text/html"
    assert result.charset == "utf-8"
    assert result.body == body
    assert result.sha256 == hashlib.sha256(body).hexdigest()
    assert result.fetched_at.tzinfo is not None
    assert result.fetched_at.utcoffset() == UTC.utcoffset(None)
    assert result.redirects == ()
    assert "Café crème costs €4." in result.text()


def test_request_carries_user_agent_and_accept(http_server: LocalServer, policy: FetchPolicy) -> None:
    url = http_server.route("/ua", body=b"<p>ok</p>")
    fetch(url, policy, accept="text/html")
    headers = http_server.seen[0].headers
    assert headers["user-agent"] == policy.user_agent
    assert headers["user-agent"].startswith("FactcheckWorkbench/")
    assert headers["accept"] == "text/html"


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("text/html; charset=ISO-8859-1", "<p>café</p>".encode("latin-1"), "<p>café</p>"),
        ("text/html; charset=windows-1252", "<p>“quoted”</p>".encode("cp1252"), "<p>“quoted”</p>"),
        ("text/html", '<meta charset="windows-1252"><p>na\xefve</p>'.encode("cp1252"), "naïve"),
        ("text/html", "<p>żółw</p>".encode(), "<p>żółw</p>"),
        ("text/plain", b"\xef\xbb\xbfbom text \xc3\xa9", "bom text é"),
        ("text/html; charset=no-such-codec", "<p>ünïcode</p>".encode(), "<p>ünïcode</p>"),
    ],
)
def test_text_decoding(
    http_server: LocalServer, policy: FetchPolicy, content_type: str, body: bytes, expected: str
) -> None:
    url = http_server.route("/enc", body=body, content_type=content_type)
    text = fetch(url, policy).text()
    assert expected in text
    assert not text.startswith("\ufeff")


def test_missing_content_type_is_octet_stream(http_server: LocalServer, policy: FetchPolicy) -> None:
    url = http_server.route("/bare", body=b"\x00\x01", content_type=None)
    result = fetch(url, policy)
    assert result.content_type == "application/octet-stream"
    assert result.charset is None


def test_non_html_passes_fetch_but_not_ensure_html(http_server: LocalServer, policy: FetchPolicy) -> None:
    url = http_server.route("/report.pdf", body=b"%PDF-1.7\n...", content_type="application/pdf")
    result = fetch(url, policy)
    assert result.content_type == "application/pdf"
    with pytest.raises(ExtractionError) as info:
        ensure_html(result)
    assert info.value.reason == "the URL returned application/pdf, not an HTML page"
    ensure_html(fetch(http_server.route("/page", body=b"<p>x</p>"), policy))  # HTML is accepted


@pytest.mark.parametrize("status", [404, 410, 500, 503])
def test_error_status_raises_with_status(http_server: LocalServer, policy: FetchPolicy, status: int) -> None:
    url = http_server.route("/gone", status=status, body=b"<p>sorry</p>")
    with pytest.raises(HTTPStatusError) as info:
        fetch(url, policy)
    assert info.value.status == status
    assert info.value.code == "http_status"
    assert str(status) in info.value.reason


def test_redirect_status_without_location_is_an_error(http_server: LocalServer, policy: FetchPolicy) -> None:
    url = http_server.route("/odd", status=302, body=b"")
    with pytest.raises(HTTPStatusError) as info:
        fetch(url, policy)
    assert info.value.status == 302


# --- redirects ------------------------------------------------------------------------------------


def test_redirects_are_followed_on_the_allowed_server(http_server: LocalServer, policy: FetchPolicy) -> None:
    start = http_server.route("/start", status=301, location="/middle?x=1")  # relative Location
    http_server.route("/middle", status=302, location=http_server.url("/final"))  # absolute Location
    final = http_server.route("/final", body=b"<p>arrived</p>")

    result = fetch(start, policy)

    assert result.final_url == final
    assert result.url == start
    assert result.redirects == (start, http_server.url("/middle?x=1"))
    assert result.body == b"<p>arrived</p>"
    assert http_server.paths() == ["/start", "/middle?x=1", "/final"]


def _chain(server: LocalServer, length: int) -> str:
    for i in range(length):
        server.route(f"/hop{i}", status=307, location=f"/hop{i + 1}")
    server.route(f"/hop{length}", body=b"<p>end</p>")
    return server.url("/hop0")


def test_redirect_chain_at_the_limit_is_followed(http_server: LocalServer, policy: FetchPolicy) -> None:
    result = fetch(_chain(http_server, 3), FetchPolicy(allow_hosts=policy.allow_hosts, max_redirects=3))
    assert len(result.redirects) == 3
    assert result.final_url.endswith("/hop3")


def test_redirect_chain_over_the_limit_is_refused(http_server: LocalServer, policy: FetchPolicy) -> None:
    with pytest.raises(TooManyRedirects) as info:
        fetch(_chain(http_server, 4), FetchPolicy(allow_hosts=policy.allow_hosts, max_redirects=3))
    assert "more than 3 redirects" in info.value.reason
    assert http_server.paths() == ["/hop0", "/hop1", "/hop2", "/hop3"]  # /hop4 never requested


def test_redirect_loop_is_refused(http_server: LocalServer, policy: FetchPolicy) -> None:
    url = http_server.route("/loop", status=302, location="/loop")
    with pytest.raises(TooManyRedirects):
        fetch(url, policy)
    assert len(http_server.seen) == policy.max_redirects + 1


@pytest.mark.parametrize(
    ("location", "error", "needle"),
    [
        ("http://10.0.0.1/", BlockedAddress, "refused: 10.0.0.1 is a private address"),
        ("http://169.254.169.254/latest/meta-data", BlockedAddress, "169.254.169.254 is a link-local"),
        ("http://192.168.1.1:8080/admin", BlockedAddress, "192.168.1.1 is a private address"),
        ("http://[fd00::1]/", BlockedAddress, "fd00::1 is a unique-local"),
        ("http://0x7f000002/", BlockedAddress, "127.0.0.2 is a loopback address"),
        ("file:///etc/passwd", BadScheme, "only http and https"),
        ("gopher://127.0.0.1:25/", BadScheme, "'gopher:'"),
    ],
)
def test_redirect_into_a_refused_target_is_stopped_before_connecting(
    http_server: LocalServer,
    policy: FetchPolicy,
    no_traffic_off_loopback: list[tuple[str, object]],
    location: str,
    error: type[Exception],
    needle: str,
) -> None:
    url = http_server.route("/bounce", status=302, location=location)
    with pytest.raises(error) as info:
        fetch(url, policy)
    assert needle in info.value.reason  # type: ignore[attr-defined]
    connects = [target for event, target in no_traffic_off_loopback if event == "socket.connect"]
    assert connects == [("127.0.0.1", http_server.port)]  # only the first hop ever connected


def test_redirect_to_a_name_resolving_privately_is_refused(
    http_server: LocalServer, policy: FetchPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dns(monkeypatch, {"intranet.example": ["10.20.30.40"]})
    url = http_server.route("/bounce", status=302, location="http://intranet.example/wiki")
    with pytest.raises(BlockedAddress) as info:
        fetch(url, policy)
    assert info.value.reason == "refused: intranet.example resolves to 10.20.30.40, a private address"


def test_every_resolved_address_must_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # One public and one private answer (a rebinding-style trick): refused before any connect.
    fake_dns(monkeypatch, {"mixed.example": ["93.184.216.34", "10.0.0.7"]})
    with pytest.raises(BlockedAddress, match=r"10\.0\.0\.7"):
        fetch("http://mixed.example/", FetchPolicy(connect_timeout=0.5))


def test_socket_is_pinned_to_the_checked_address(
    http_server: LocalServer, policy: FetchPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dns(monkeypatch, {"news.example": ["127.0.0.1"]})
    url = f"http://news.example:{http_server.port}/pinned"
    http_server.route("/pinned", body=b"<p>pinned</p>")
    result = fetch(url, policy)
    assert result.body == b"<p>pinned</p>"
    assert http_server.seen[0].headers["host"] == f"news.example:{http_server.port}"


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_names_resolving_to_loopback_are_refused_at_connect(http_server: LocalServer, scheme: str) -> None:
    # check_url cannot know where "localhost" points; the connection's own check must refuse it.
    with pytest.raises(BlockedAddress) as info:
        fetch(f"{scheme}://localhost:{http_server.port}/", FetchPolicy())
    assert "localhost resolves to 127.0.0.1, a loopback address" in info.value.reason
    assert http_server.seen == []


def test_proxy_environment_is_ignored(
    http_server: LocalServer, policy: FetchPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://10.9.9.9:3128")
    monkeypatch.setenv("http_proxy", "http://10.9.9.9:3128")
    url = http_server.route("/direct", body=b"<p>direct</p>")
    assert fetch(url, policy).body == b"<p>direct</p>"


# --- size limits ----------------------------------------------------------------------------------


def test_declared_oversize_is_refused_before_reading(http_server: LocalServer) -> None:
    url = http_server.route("/big", body=b"a" * 5000)
    with pytest.raises(TooLarge) as info:
        fetch(url, FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=4096))
    assert "declares 5000 bytes" in info.value.reason


@pytest.mark.parametrize(
    "framing",
    [
        pytest.param({"content_length": False}, id="close-delimited"),
        pytest.param({"chunked": True}, id="chunked"),
    ],
)
def test_undeclared_oversize_is_cut_off_while_streaming(http_server: LocalServer, framing: dict[str, Any]) -> None:
    url = http_server.route("/big", body=b"b" * 5000, **framing)
    with pytest.raises(TooLarge) as info:
        fetch(url, FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=4096))
    assert "larger than the 4096 bytes allowed" in info.value.reason


def test_understated_content_length_reads_only_what_was_declared(http_server: LocalServer) -> None:
    url = http_server.route("/big", body=b"b" * 5000, content_length=False, headers={"Content-Length": "100"})
    assert fetch(url, FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=4096)).body == b"b" * 100


def test_body_exactly_at_the_cap_is_accepted(http_server: LocalServer) -> None:
    url = http_server.route("/exact", body=b"c" * 4096, content_length=False)
    assert len(fetch(url, FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=4096)).body) == 4096


def test_endless_chunked_body_is_cut_off(http_server: LocalServer) -> None:
    url = http_server.route("/endless", endless=True)
    started = time.monotonic()
    with pytest.raises(TooLarge):
        fetch(url, FetchPolicy(allow_hosts=("127.0.0.1",), max_bytes=2 * 1024 * 1024))
    assert time.monotonic() - started < 5


# --- timeouts -------------------------------------------------------------------------------------


@pytest.mark.parametrize("framing", ["content-length", "chunked", "close-delimited"])
def test_slow_drip_body_hits_the_total_deadline(http_server: LocalServer, framing: str) -> None:
    # One byte every 0.05 s: no single read waits long, but 200 bytes would take 10 s.
    # The body deadline (read_timeout, 1 s) must fire, well before connect + read (3 s) would.
    policy = FetchPolicy(allow_hosts=("127.0.0.1",), connect_timeout=2.0, read_timeout=1.0)
    url = http_server.route(
        "/drip",
        body=b"d" * 200,
        drip=0.05,
        chunked=framing == "chunked",
        content_length=framing == "content-length",
    )
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as info:
        fetch(url, policy)
    elapsed = time.monotonic() - started
    assert 0.9 < elapsed < 2.7  # 3 s when the drip's pauses reset the read timeout (the bug)
    assert "took longer than 1 s" in info.value.reason


def test_slow_headers_hit_the_read_timeout(http_server: LocalServer, policy: FetchPolicy) -> None:
    url = http_server.route("/sleepy", body=b"<p>late</p>", delay=3.0)
    started = time.monotonic()
    with pytest.raises(FetchTimeout):
        fetch(url, policy)
    assert time.monotonic() - started < 2.5


@pytest.fixture
def full_backlog() -> Iterator[int]:
    """A listening port whose accept queue is full, so a new connect hangs (never accepted)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers: list[socket.socket] = []
    try:
        for _ in range(16):
            probe = socket.socket()
            probe.settimeout(0.2)
            fillers.append(probe)
            try:
                probe.connect(("127.0.0.1", port))
            except TimeoutError:
                break
        else:
            pytest.skip("this platform accepts connects past the listen backlog")
        yield port
    finally:
        for probe in fillers:
            probe.close()
        listener.close()


def test_connect_timeout(full_backlog: int) -> None:
    policy = FetchPolicy(allow_hosts=("127.0.0.1",), connect_timeout=0.5, read_timeout=5.0)
    started = time.monotonic()
    with pytest.raises(FetchTimeout) as info:
        fetch(f"http://127.0.0.1:{full_backlog}/", policy)
    assert time.monotonic() - started < 2.0
    assert "connecting to 127.0.0.1" in info.value.reason


def test_connection_refused(policy: FetchPolicy) -> None:
    with socket.socket() as probe:  # find a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ConnectionFailed) as info:
        fetch(f"http://127.0.0.1:{port}/", policy)
    assert info.value.code == "connection_failed"
    assert f"127.0.0.1:{port}" in info.value.reason


def test_unknown_host_name(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dns(monkeypatch, {})
    with pytest.raises(ConnectionFailed) as info:
        fetch("http://no-such-host.example/", FetchPolicy())
    assert info.value.code == "dns_failed"


# --- TLS: the pinned socket still verifies the certificate for the host name ---------------------


@pytest.fixture
def tls_listener(tmp_path: Path) -> Iterator[tuple[int, list[str | None]]]:
    """A TLS port with a self-signed certificate for news.example that records the SNI it was sent."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=news.example",
         "-addext", "subjectAltName=DNS:news.example"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda _sock, name, _ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve() -> None:
        with contextlib.suppress(OSError):
            conn, _ = listener.accept()
            with conn, contextlib.suppress(OSError), context.wrap_socket(conn, server_side=True) as tls:
                tls.recv(1)

    thread = threading.Thread(target=serve)
    thread.start()
    try:
        yield listener.getsockname()[1], names
    finally:
        listener.close()
        thread.join(5)


def test_tls_uses_the_host_name_for_sni_and_verification(
    tls_listener: tuple[int, list[str | None]], policy: FetchPolicy, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, names = tls_listener
    fake_dns(monkeypatch, {"news.example": ["127.0.0.1"]})
    with pytest.raises(ConnectionFailed) as info:  # self-signed: verification is on, so it must fail
        fetch(f"https://news.example:{port}/", policy)
    assert info.value.code == "tls_failed"
    assert "certificate verify failed" in info.value.reason
    assert names == ["news.example"]  # SNI carried the name, not the pinned 127.0.0.1
