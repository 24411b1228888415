"""The start package for new leaders: where it is (/ressurser?for=nye-ledere) and the welcome e-mail.

A leader who registers with under one year as leader (YearsBand.LT1) and gets a confirmed place is welcomed once
(«Velkommen som kulturskoleleder»): once per person across every event, known by the lower-cased address. The
outbox's `dedupe_key` holds that: `welcome-new-leader:<HMAC of the address>` (app.core.tokens.derive, so the key
says nothing about the address without the server's secret), inserted with ON CONFLICT DO NOTHING (two
registrations of one address at two events at once queue one welcome). It is queued in the registration's
transaction and rendered when sent, so it lists the library's resources for new leaders as they are then, and
the public new-leaders series.

Consent: the welcome is part of the service the person registered for (information for a new leader about the
offer they signed up to), sent once, so it does not wait for `contact_ok`; the registration form's privacy text
says so. It is mail of the bulk kind (app/mail/kinds.py): List-Unsubscribe, an unsubscribe link in its text, and
not sent to an address that opted out (app/mail/optout.py).
"""
from __future__ import annotations

from sqlalchemy import select

from app.core import tokens
from app.core.urls import absolute_url
from app.extensions import db
from app.mail import optout, outbox, texts
from app.mail.renderers import Rendered, RenderError
from app.models import (
    OutboxMessage,
    Registration,
    RegistrationStatus,
    ResourceAudience,
    Series,
    SeriesKind,
    YearsBand,
)
from app.resources import service

KIND = "resources.welcome"
RENDERER = "resources.welcome"
TEMPLATE = "new_leader_welcome"
KEY_PREFIX = "welcome-new-leader:"
_KEY_PURPOSE = "welcome-new-leader"
NEW_LEADERS = ResourceAudience.NEW_LEADERS.value


def is_new_leader(registration: Registration) -> bool:
    return registration.years_as_leader == YearsBand.LT1


def start_package_url() -> str:
    """The library filtered for new leaders, absolute (for e-mails)."""
    return absolute_url("resources.index", **{"for": NEW_LEADERS})


def dedupe_key(address: str) -> str:
    return KEY_PREFIX + tokens.derive(_KEY_PURPOSE, address.strip().lower(), 32)


def queue_if_new(registration: Registration) -> OutboxMessage | None:
    """After a confirmed registration: the welcome, when the person is a new leader and was never welcomed."""
    if not registration.email or registration.status != RegistrationStatus.CONFIRMED or not is_new_leader(registration):
        return None
    return outbox.queue(kind=KIND, to=registration.email, subject=texts.subject(TEMPLATE), text="",
                        render_with=RENDERER, registration=registration, event_id=registration.event_id,
                        dedupe_key=dedupe_key(registration.email), once=True)


def new_leader_series() -> list[Series]:
    return list(db.session.scalars(select(Series).where(Series.kind == SeriesKind.NEW_LEADERS,
                                                        Series.public.is_(True)).order_by(Series.title)))


def render(message: OutboxMessage, _context: dict) -> Rendered:
    registration = db.session.get(Registration, message.registration_id) if message.registration_id else None
    if registration is None or not registration.email:
        raise RenderError("the registration no longer exists")
    resources = [(r, absolute_url("resources.page", slug=r.slug)) for r in service.listing(audience=NEW_LEADERS)]
    series = [(s, absolute_url("series.page", slug=s.slug)) for s in new_leader_series()]
    mail = texts.write(TEMPLATE, subject_line=message.subject, registration=registration, event=registration.event,
                       resources=resources, series=series, start_package_url=start_package_url(),
                       unsubscribe_url=optout.url_for_address(registration.email))
    return Rendered(mail.text, mail.html)
