"""The one outbound HTTP client of the workbench.

Every request goes through :func:`fetch`, which

* screens each URL (the first and every redirect hop) with :func:`check_url`;
* resolves host names itself, validates *every* resolved address and connects the socket to a
  validated address (netguard.py: a per-fetch urllib3 connection class; Host header, TLS SNI and
  certificate checks still use the host name);
* follows redirects itself, up to ``policy.max_redirects``;
* caps the body at ``policy.max_bytes`` while streaming and enforces a total deadline with a watchdog
  that shuts the socket down, so a server dripping one byte a second cannot hold a worker.

No Flask here: configuration arrives as a :class:`FetchPolicy`. What it returns is a
:class:`FetchResult` (fetch_result.py), which decodes the body's text.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import time
import urllib.parse
from datetime import UTC, datetime
from http import HTTPStatus

import requests
import urllib3.exceptions

from factcheck.fetch_result import FetchResult, content_type
from factcheck.netguard import Guard, GuardedAdapter
from factcheck.netpolicy import (
    MAX_URL_LENGTH,
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
)

__all__ = [  # noqa: RUF022 - grouped: entry points, then errors
    "DEFAULT_ACCEPT",
    "DEFAULT_POLICY",
    "FetchPolicy",
    "FetchResult",
    "check_url",
    "fetch",
    "post",
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


class _Session(requests.Session):
    """A session that never reads a Location header itself: even with redirects off, requests parses it (to offer
    the next request), and a malformed one raised there, outside any URL check. :func:`fetch` follows redirects."""

    def get_redirect_target(self, resp: requests.Response) -> None:
        return None


def fetch(
    url: str,
    policy: FetchPolicy = DEFAULT_POLICY,
    *,
    accept: str = DEFAULT_ACCEPT,
    etag: str | None = None,
    last_modified: str | None = None,
) -> FetchResult:
    """GET ``url`` under ``policy``; raise a :class:`FetchError` subclass for anything refused or failed.

    With ``etag`` or ``last_modified`` (what an earlier answer said) the GET is conditional: a 304 Not Modified
    comes back as a result with status 304 and no body, not as an error."""
    start = url.strip() if isinstance(url, str) else url
    guard = Guard(policy)
    redirects: list[str] = []
    current = start
    with _Session() as session:
        session.trust_env = False  # no proxies or .netrc from the environment
        adapter = GuardedAdapter(guard)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({"User-Agent": policy.user_agent, "Accept": accept})
        if etag:
            session.headers["If-None-Match"] = etag
        if last_modified:
            session.headers["If-Modified-Since"] = last_modified
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
                        current = _redirect_target(current, location, policy)
                        continue
                    not_modified = response.status_code == 304 and bool(etag or last_modified)
                    if not not_modified:
                        _raise_for_status(response, current)
                    fetched_at = datetime.now(UTC)
                    body = b"" if not_modified else _read_body(response, policy, guard)
                    media_type, charset = content_type(response.headers.get("Content-Type", ""))
                    return FetchResult(
                        url=start,
                        final_url=current,
                        status=response.status_code,
                        content_type=media_type,
                        charset=charset,
                        body=body,
                        sha256=hashlib.sha256(body).hexdigest(),
                        fetched_at=fetched_at,
                        redirects=tuple(redirects),
                        etag=response.headers.get("ETag"),
                        last_modified=response.headers.get("Last-Modified"),
                    )
        finally:
            guard.disarm()


def post(url: str, body: bytes, headers: dict[str, str], policy: FetchPolicy = DEFAULT_POLICY) -> int:
    """POST ``body`` to ``url`` under ``policy`` (the same URL and address checks as :func:`fetch`) and return the
    status code. Redirects are not followed (a 3xx is returned as it is); the answer's body is not read."""
    target = url.strip() if isinstance(url, str) else url
    guard = Guard(policy)
    with _Session() as session:
        session.trust_env = False
        adapter = GuardedAdapter(guard)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        session.headers.update({"User-Agent": policy.user_agent})
        try:
            check_url(target, policy)
            with _request(session, target, policy, guard, method="POST", body=body, headers=headers) as response:
                return response.status_code
        finally:
            guard.disarm()


def _request(
    session: requests.Session,
    url: str,
    policy: FetchPolicy,
    guard: Guard,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> requests.Response:
    guard.arm(policy.connect_timeout + policy.read_timeout)  # connect + headers, however slowly sent
    try:
        return session.request(
            method,
            url,
            data=body,
            headers=headers,
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
    except (ValueError, http.client.HTTPException, urllib3.exceptions.HTTPError) as exc:
        # What slips past requests' own wrapping (a header or URL the HTTP stack cannot use) is a failed fetch.
        raise ConnectionFailed(f"the request to {url} failed ({type(exc).__name__}: {exc})") from None


def _redirect_target(current: str, location: str, policy: FetchPolicy) -> str:
    """The URL a redirect points to, screened like any other: a Location that cannot be joined or parsed (an
    unclosed IPv6 bracket, spaces, control characters, an empty host, a monster length) is a :class:`BadURL`."""
    with contextlib.suppress(UnicodeError):  # http.client decodes header bytes as latin-1; servers meant UTF-8
        location = location.encode("latin-1").decode("utf-8")
    if len(location) > MAX_URL_LENGTH:
        raise BadURL(f"the server redirected to an address longer than {MAX_URL_LENGTH:,} characters")
    try:
        target = urllib.parse.urljoin(current, location.strip())
    except ValueError as exc:
        raise BadURL(f"the server redirected to a malformed address ({exc})") from None
    try:
        check_url(target, policy)
    except FetchError as exc:
        raise type(exc)(f"the server redirected to a refused address: {exc.reason}", code=exc.code) from None
    return target


def _raise_for_status(response: requests.Response, url: str) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = response.reason or ""
    raise HTTPStatusError(f"the server answered {status} {phrase}".rstrip(), status=status, url=url)


def _read_body(response: requests.Response, policy: FetchPolicy, guard: Guard) -> bytes:
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
