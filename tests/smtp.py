"""A real SMTP server for tests (aiosmtpd), collecting what it receives."""
from __future__ import annotations

import email
import email.policy
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage, Message

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    """One delivery as the server saw it: the envelope's options and the raw bytes."""

    mail_from: str
    rcpt_tos: list[str]
    mail_options: list[str]
    data: bytes

    def parsed(self) -> EmailMessage:
        """The message with headers decoded (encoded-words, UTF-8)."""
        return email.message_from_bytes(self.data, policy=email.policy.default)


class _Collector:
    def __init__(self, *, eightbit: bool = True, refuse: dict[str, str] | None = None) -> None:
        self.messages: list[Message] = []
        self.received: list[Received] = []
        self.eightbit = eightbit
        self.refuse = refuse or {}

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return [r for r in responses if self.eightbit or r != "250-8BITMIME"]

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), list(envelope.mail_options),
                                      envelope.original_content))
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """`start()`/`stop()` can be called repeatedly on the same port (to test an outage). `smtputf8` and
    `eightbit` say whether the server offers SMTPUTF8 and announces 8BITMIME; `refuse` maps a recipient
    to the answer its RCPT TO gets (e.g. "550 5.1.1 No such user")."""

    def __init__(self, port: int | None = None, *, smtputf8: bool = False, eightbit: bool = True,
                 refuse: dict[str, str] | None = None) -> None:
        self.port = port or free_port()
        self.smtputf8 = smtputf8
        self.handler = _Collector(eightbit=eightbit, refuse=refuse)
        self.controller: Controller | None = None

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def start(self) -> SmtpServer:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port,
                                     enable_SMTPUTF8=self.smtputf8)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages

    @staticmethod
    def text_of(message: Message) -> str:
        """The decoded text/plain part."""
        for part in message.walk():
            if part.get_content_type() == "text/plain":
                return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        return ""


@contextmanager
def mail_to(app, port: int) -> Iterator[None]:
    """Point the app's Flask-Mail at 127.0.0.1:port for the duration of the block."""
    from app.extensions import mail

    previous = (app.config["MAIL_SERVER"], app.config["MAIL_PORT"])
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    mail.init_app(app)
    try:
        yield
    finally:
        app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = previous
        mail.init_app(app)
