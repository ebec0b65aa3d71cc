"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, and the app pointed at it."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for m in self.messages if m["To"] == address]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture()
def mailbox(app: Flask) -> Iterator[Mailbox]:
    """A running SMTP server; the app sends to it (FACTCHECK_SMTP_URL) for the test's duration."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    old = app.config.get("SMTP_URL")
    app.config["SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
    try:
        yield box
    finally:
        app.config["SMTP_URL"] = old
        controller.stop()
