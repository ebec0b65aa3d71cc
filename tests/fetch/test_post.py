"""`fetch.post` (webhook deliveries) under the fetcher's address policy: loopback and private targets, literal or
behind a host name, are refused unless the allow-list names them; a redirect answer is returned, not followed."""

from __future__ import annotations

import pytest

from factcheck.fetch import BadScheme, BlockedAddress, FetchPolicy, post
from factcheck.services import webhooks
from tests.fetch.conftest import fake_dns
from tests.support.hooks import Receiver

HEADERS = {"Content-Type": "application/json"}


def test_loopback_is_refused_by_default_and_allowed_when_listed(receiver: Receiver, policy: FetchPolicy) -> None:
    with pytest.raises(BlockedAddress):
        post(receiver.url(), b"{}", HEADERS, FetchPolicy())
    assert receiver.received == []
    receiver.secret = "k"
    signed = {**HEADERS, "X-Factcheck-Signature": webhooks.sign("k", b"{}")}
    assert post(receiver.url(), b"{}", signed, policy) == 200
    [got] = receiver.received
    assert got.body == b"{}" and got.signature_ok and got.headers["content-type"] == "application/json"


def test_a_name_resolving_to_a_private_address_is_refused(
    monkeypatch: pytest.MonkeyPatch, receiver: Receiver, policy: FetchPolicy
) -> None:
    fake_dns(monkeypatch, {"hooks.example.org": ["10.0.0.7"]})
    with pytest.raises(BlockedAddress) as refused:
        post("http://hooks.example.org/in", b"{}", HEADERS, policy)
    assert "10.0.0.7" in refused.value.reason
    with pytest.raises(BadScheme):
        post("ftp://hooks.example.org/in", b"{}", HEADERS, policy)


def test_a_redirect_is_answered_not_followed(receiver: Receiver, policy: FetchPolicy) -> None:
    receiver.secret = "k"
    receiver.statuses = [307]
    body = b'{"a":1}'
    signed = {**HEADERS, "X-Factcheck-Signature": webhooks.sign("k", body)}
    assert post(receiver.url(), body, signed, policy) == 307
    assert len(receiver.received) == 1
