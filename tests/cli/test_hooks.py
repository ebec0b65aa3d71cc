"""`flask hooks list|test ID` and `flask links check` (cli/webhooks.py) against a real receiver and server."""

from __future__ import annotations

from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from factcheck.models import DeliveryState, LinkChange, LinkCheck, WebhookDelivery
from factcheck.netpolicy import FetchPolicy
from factcheck.services import sources, webhooks
from tests.fetch.conftest import LocalServer
from tests.support.builders import make_article, make_claim
from tests.support.hooks import Receiver
from tests.support.people import default_user

ALLOW_LOCAL = FetchPolicy.from_allow_string("127.0.0.1")


def test_list_and_test_a_hook(runner: FlaskCliRunner, db: Session, receiver: Receiver) -> None:
    assert runner.invoke(args=["hooks", "list"]).output == "no webhooks\n"
    hook, secret = webhooks.create(
        db, default_user(db, "admin"), name="Chat", url=receiver.url(), events=["claim.approved"],
        payload_format="slack", policy=ALLOW_LOCAL, active=False,
    )  # fmt: skip
    receiver.secret = secret
    db.commit()
    listed = runner.invoke(args=["hooks", "list"]).output
    assert f"#{hook.id} Chat [paused, slack] {receiver.url()} claim.approved ••••{secret[-4:]}" in listed
    assert secret not in listed
    result = runner.invoke(args=["hooks", "test", str(hook.id)])
    assert result.exit_code == 0, result.output
    assert f"{receiver.url()} answered 200" in result.output
    [got] = receiver.received
    assert got.signature_ok and "Test delivery" in got.json()["text"]
    receiver.statuses = [502]
    failed = runner.invoke(args=["hooks", "test", str(hook.id)])
    assert failed.exit_code == 1 and "the receiver answered 502" in failed.output
    states = list(db.scalars(select(WebhookDelivery.state).order_by(WebhookDelivery.id)))
    assert states == [DeliveryState.DELIVERED, DeliveryState.FAILED]
    assert runner.invoke(args=["hooks", "test", "999"]).exit_code == 1


def test_links_check_reports_changes(runner: FlaskCliRunner, db: Session, server: LocalServer) -> None:
    url = server.route(
        "/figures",
        body=b"<html><body><article><p>Ferries: 41 in 2023 and 30 in 2022 at Port Alder.</p></article></body></html>",
    )
    source = sources.fetch_source(db, default_user(db), url, ALLOW_LOCAL)
    make_claim(db, make_article(db, extract=False), status="published", source=source)
    db.commit()
    assert runner.invoke(args=["links", "check"]).output == "1 sources checked, 0 changed\n"
    server.route("/figures", status=410, body=b"gone")
    assert runner.invoke(args=["links", "check"]).output == "0 sources checked, 0 changed\n", "not due again yet"
    result = runner.invoke(args=["links", "check", "--all"])
    assert result.output.startswith(f"gone: source {source.id} {url}") and "1 changed" in result.output
    assert db.scalar(select(LinkCheck.change)) == LinkChange.GONE
