"""One place that decides what an error while sending means: give up on this message now, or try again later.

Permanent (the same message would fail the same way on every attempt): anything raised while the message
is rendered or composed (a bad header, an encoding, a template error), a recipient address the server
cannot take (SMTPUTF8 not offered), and a 5xx answer. Transient (worth another attempt with back-off): a
connection that cannot be made or breaks, a timeout, and a 4xx answer.
"""
from __future__ import annotations

import smtplib
from dataclasses import dataclass
from email.errors import MessageError

from app.mail import reasons


@dataclass(frozen=True)
class Failure:
    permanent: bool
    reason: str  # a code from app/mail/reasons.py
    detail: str  # the technical text, for the log and `last_error`
    broken_connection: bool = False  # the SMTP connection cannot be used for the next message


class NeedsSmtpUtf8(Exception):
    """The address has letters beyond ASCII and the server does not offer SMTPUTF8 (RFC 6531)."""


def _detail(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def of_composing(exc: Exception) -> Failure:
    """An error while the message was rendered or composed: it will not go away by retrying."""
    from app.mail.renderers import RenderError

    if isinstance(exc, NeedsSmtpUtf8):
        return Failure(True, reasons.SMTPUTF8, _detail(exc))
    if isinstance(exc, RenderError):
        return Failure(True, reasons.RENDER, f"cannot be rendered: {exc}")
    if isinstance(exc, UnicodeError | ValueError | TypeError | MessageError):
        return Failure(True, reasons.INVALID, _detail(exc))
    return Failure(True, reasons.RENDER, _detail(exc))


def _by_code(code: int, exc: BaseException) -> Failure:
    if 500 <= code < 600:
        return Failure(True, reasons.REJECTED, _detail(exc))
    return Failure(False, reasons.DEFERRED, _detail(exc))


def of_sending(exc: Exception) -> Failure:
    """An error while the message was handed to the SMTP server."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        # One recipient per message: its answer decides.
        code, _text = next(iter(exc.recipients.values()), (451, b""))
        return _by_code(code, exc)
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return Failure(False, reasons.UNAVAILABLE, _detail(exc), broken_connection=True)
    if isinstance(exc, smtplib.SMTPResponseException):
        failure = _by_code(exc.smtp_code, exc)
        # 421 means the server is closing the connection.
        return Failure(failure.permanent, failure.reason, failure.detail, broken_connection=exc.smtp_code == 421)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return Failure(True, reasons.SMTPUTF8, _detail(exc))
    if isinstance(exc, OSError | smtplib.SMTPException):  # refused, reset, timed out, TLS
        return Failure(False, reasons.UNAVAILABLE, _detail(exc), broken_connection=True)
    return of_composing(exc)


def unavailable(exc: BaseException) -> Failure:
    """The SMTP server could not be reached at all."""
    return Failure(False, reasons.UNAVAILABLE, f"SMTP unavailable: {_detail(exc)}", broken_connection=True)
