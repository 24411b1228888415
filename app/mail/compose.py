"""The one e-mail composer: an outbox row and its content become the bytes handed to the SMTP server.

Headers are composed here and nowhere else:
- Subject and display names go through `one_line` again, so even a row stored with a line break in its
  subject (`Verksted…\\nBcc: …`) can add no header;
- non-ASCII subjects and names become RFC 2047 encoded-words of at most 75 characters (the standard
  library's `email.policy`); an address with letters beyond ASCII (`pål@bøler.example`) is sent with
  SMTPUTF8 (RFC 6531) when the server offers it, and is refused here (`NeedsSmtpUtf8`) when it does not;
- automatic mail carries `Auto-Submitted: auto-generated` (RFC 3834); bulk mail `List-Unsubscribe` and
  `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058);
- the text is sent as 8-bit only to a server that announces 8BITMIME (then with `BODY=8BITMIME`),
  otherwise as quoted-printable.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email import policy as policies
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr

from flask import current_app

from app.core import clock
from app.core.text import one_line
from app.mail import kinds, optout
from app.mail.failures import NeedsSmtpUtf8
from app.models import OutboxMessage

MAX_LINE = 998  # RFC 5322: longer lines must be encoded


@dataclass(frozen=True)
class Capabilities:
    """What the SMTP server announced in its EHLO answer."""

    smtputf8: bool = False
    eightbit: bool = False

    @classmethod
    def of(cls, smtp: smtplib.SMTP) -> Capabilities:
        smtp.ehlo_or_helo_if_needed()
        return cls(smtputf8=smtp.has_extn("smtputf8"), eightbit=smtp.has_extn("8bitmime"))


@dataclass(frozen=True)
class Content:
    text: str
    html: str
    attachments: list  # of objects with .filename, .mimetype, .data (app.mail.outbox.Attachment)


@dataclass(frozen=True)
class Envelope:
    sender: str
    recipient: str
    data: bytes
    mail_options: tuple[str, ...]

    def send(self, smtp: smtplib.SMTP) -> None:
        smtp.sendmail(self.sender, [self.recipient], self.data, list(self.mail_options))


def _address(display_name: str, addr_spec: str) -> Address:
    """An address as written (its local part may have letters beyond ASCII: RFC 6531)."""
    username, at, domain = addr_spec.strip().rpartition("@")
    if not (username and at and domain) or one_line(addr_spec) != addr_spec.strip() or " " in addr_spec.strip():
        raise ValueError(f"not an address: {addr_spec!r}")
    return Address(display_name=one_line(display_name) or "", username=username, domain=domain)


def _encoding(text: str, can: Capabilities) -> str:
    short = max((len(line) for line in text.splitlines()), default=0) <= MAX_LINE
    if text.isascii() and short:
        return "7bit"
    return "8bit" if can.eightbit and short else "quoted-printable"


def message_id(message: OutboxMessage) -> str:
    host = current_app.config["BASE_URL"].split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0] or "samling"
    return f"<outbox-{message.id}.{int(message.created_at.timestamp())}@{host}>"


def compose(message: OutboxMessage, content: Content, can: Capabilities) -> Envelope:
    """The message as it goes out to a server that can do `can`. Raises on anything that cannot be sent."""
    sender_name, sender = parseaddr(current_app.config["MAIL_DEFAULT_SENDER"])
    sender_address, to_address = _address(sender_name, sender), _address("", message.to_address)
    international = not (sender_address.addr_spec.isascii() and to_address.addr_spec.isascii())
    if international and not can.smtputf8:
        raise NeedsSmtpUtf8(f"{message.to_address}: the server does not offer SMTPUTF8")
    policy = policies.SMTPUTF8 if international else policies.SMTP
    email = EmailMessage(policy=policy)
    email["From"] = sender_address
    email["To"] = to_address
    email["Subject"] = one_line(message.subject) or ""
    email["Date"] = format_datetime(clock.now())
    email["Message-ID"] = message_id(message)
    kind = kinds.of(message.kind)
    if kind.automatic:
        email["Auto-Submitted"] = "auto-generated"
    if kind.bulk:
        email["List-Unsubscribe"] = f"<{optout.url_for_address(message.to_address)}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(content.text, subtype="plain", charset="utf-8", cte=_encoding(content.text, can))
    if content.html:
        email.add_alternative(content.html, subtype="html", charset="utf-8", cte=_encoding(content.html, can))
    for item in content.attachments:
        maintype, _, subtype = item.mimetype.partition("/")
        email.add_attachment(item.data, maintype=maintype, subtype=subtype or "octet-stream", filename=item.filename)
    options = (("SMTPUTF8",) if international else ()) + (("BODY=8BITMIME",) if can.eightbit else ())
    return Envelope(sender_address.addr_spec, to_address.addr_spec, email.as_bytes(policy=policy), options)
