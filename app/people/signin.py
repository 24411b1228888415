"""Min side's sign-in: an e-mailed single-use link, then a sign-in per browser (app.core.email_signin).

The link opens a page with a button (POST) that signs in, so mail scanners that fetch links cannot use it
up. Asking for a link answers the same whether the address is known or not. Nothing here commits."""
from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from flask import current_app, g, redirect, request, url_for
from sqlalchemy import select

from app.core import clock
from app.core.email_signin import BrowserSignIns, LinkError, SignInLinks
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import outbox, texts
from app.models import Person, PersonLoginToken, PersonSignIn
from app.people import identity

__all__ = ["LinkError", "current_person", "person_required", "redeem", "request_link", "sign_in", "sign_out"]

LINKS = SignInLinks(PersonLoginToken, "person_id")
SIGN_INS = BrowserSignIns(PersonSignIn, "person_id", "person_sign_in")


def link_hours() -> int:
    return current_app.config["PERSON_LINK_HOURS"]


def request_link(email: str) -> None:
    """'Send me a link to Min side': queued only for a remembered address; the caller answers the same anyway."""
    person = identity.by_email(email)
    if person is None:
        return
    token = LINKS.new(person.id, timedelta(hours=link_hours()))
    mail = texts.write("person_signin", person=person, url=absolute_url("people.redeem", token=token),
                       hours=link_hours())
    outbox.queue(kind="person.login", to=person.email, subject=mail.subject, text=mail.text, html=mail.html)


def check(token: str) -> PersonLoginToken:
    return LINKS.check(token)


def redeem(token: str) -> Person:
    """Use the link up (LinkError when unknown, used or expired) and sign this browser in."""
    person = db.session.get(Person, LINKS.redeem(token))
    if person.verified_at is None:
        person.verified_at = clock.now()  # the address is theirs: the link reached it
    sign_in(person)
    return person


def sign_in(person: Person) -> None:
    SIGN_INS.sign_in(person.id)
    g.person = person


def sign_out() -> None:
    SIGN_INS.sign_out()
    g.pop("person", None)


def current_person() -> Person | None:
    if "person" not in g:
        found = SIGN_INS.signed_in_condition()
        g.person = None if found is None else db.session.scalar(
            select(Person).join(PersonSignIn, PersonSignIn.person_id == Person.id).where(*found[1]))
    return g.person


def person_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_person() is None:
            return redirect(url_for("people.signin", next=request.path))
        return view(*args, **kwargs)

    return wrapped
