"""A real SMTP server for tests (aiosmtpd), collecting what it receives."""
from __future__ import annotations

import email
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message

from aiosmtpd.controller import Controller


class _Collector:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """`start()`/`stop()` can be called repeatedly on the same port (to test an outage)."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.handler = _Collector()
        self.controller: Controller | None = None

    @property
    def messages(self) -> list[Message]:
        return self.handler.messages

    def start(self) -> SmtpServer:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
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
