"""Conditional GETs (a feed poll's): the validators an answer gave are sent back, and a 304 Not Modified is a
result with no body, not an error; a 304 nobody asked for still is one."""

from __future__ import annotations

import pytest

from factcheck.fetch import FetchPolicy, HTTPStatusError, fetch
from tests.fetch.conftest import LocalServer

STAMP = "Mon, 30 Nov 2026 09:00:00 GMT"


def test_the_validators_of_an_answer_are_returned(http_server: LocalServer, policy: FetchPolicy) -> None:
    url = http_server.route("/feed", body=b"<rss/>", headers={"ETag": '"v1"', "Last-Modified": STAMP})
    result = fetch(url, policy)
    assert (result.status, result.etag, result.last_modified, result.not_modified) == (200, '"v1"', STAMP, False)
    assert "if-none-match" not in http_server.seen[0].headers


def test_a_304_to_a_conditional_get_is_not_modified(http_server: LocalServer, policy: FetchPolicy) -> None:
    url = http_server.route("/feed", status=304, body=b"", content_type=None, headers={"ETag": '"v1"'})
    result = fetch(url, policy, etag='"v1"', last_modified=STAMP)
    assert result.not_modified and result.body == b"" and result.etag == '"v1"'
    sent = http_server.seen[0].headers
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"v1"', STAMP)


def test_a_304_nobody_asked_for_is_an_error(http_server: LocalServer, policy: FetchPolicy) -> None:
    url = http_server.route("/feed", status=304, body=b"", content_type=None)
    with pytest.raises(HTTPStatusError):
        fetch(url, policy)
