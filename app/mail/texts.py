"""The one writer of e-mail texts: subject, plain text and HTML of every kind of e-mail, before it is queued.

Each kind is three templates in one folder, `templates/mail/<name>.subject.txt`, `<name>.txt` and
`<name>.html` (shared pieces start with `_`: the footers with the manage link, the program footer, the
survey layout). E-mails are always written in Norwegian bokmål, whatever the language of the page that
caused them; the subject is one line. What happens after this — headers, MIME, List-Unsubscribe,
Auto-Submitted — is `app/mail/compose.py`, when the message is sent.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import render_template
from flask_babel import force_locale

from app.core.text import one_line

LOCALE = "nb"


@dataclass(frozen=True)
class Texts:
    subject: str
    text: str
    html: str


@contextmanager
def in_bokmal() -> Iterator[None]:
    """For what goes into an e-mail beside its texts (a calendar file): the same language."""
    with force_locale(LOCALE):
        yield


def subject(name: str, **context: object) -> str:
    """Only the subject (a message whose body is rendered when it is sent: app/mail/renderers.py)."""
    with force_locale(LOCALE):
        return one_line(render_template(f"mail/{name}.subject.txt", **context)) or ""


def write(name: str, *, subject_line: str | None = None, **context: object) -> Texts:
    """The texts of e-mail `name`. `subject_line`: a subject written by a person (bulk mail) or already
    rendered when the message was queued, used instead of the subject template."""
    with force_locale(LOCALE):
        title = subject(name, **context) if subject_line is None else one_line(subject_line) or ""
        return Texts(title, render_template(f"mail/{name}.txt", **context),
                     render_template(f"mail/{name}.html", **context))
