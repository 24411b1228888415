"""The event page's article, built once per program version, language and registration phase
(app/registration/window.py; the template gets the phase and never reads the clock).

Seat counts change with every registration and the resend form carries each visitor's CSRF
token, so the cached article keeps a marker where each of them goes: `<!--event-seats-->` (full,
few left or free) and `<!--event-button-->` (the button's words: a full event puts you on the
waiting list), `<!--seats:ID-->` per sign-up session, `<!--csrf-->`. The cache holds the article already split
at its markers; a request only joins the pieces with its own values (no template, no regex).
"""
from __future__ import annotations

import re
from datetime import date

from flask import render_template
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app.invoicing import prices
from app.models import Event
from app.peer_groups import service as peer_groups
from app.program import queries
from app.program.cache import fragments
from app.program.queries import EventState
from app.registration import window
from app.registration.choices import seat_words, seats_badge
from app.registration.price_form import PriceOffer
from app.registration.window import RegistrationPhase

_MARKER = re.compile(r"<!--(event-seats|event-button|seats:\d+|csrf)-->")


def _build(event: Event, phase: RegistrationPhase, day: date) -> tuple[str, ...]:
    sessions = queries.program(event, with_materials=True)
    offer = PriceOffer.of(event.id)  # one query when the event has no categories or add-ons, three when it has
    price = prices.page_price(offer.categories, day) if offer.categories else None
    html = render_template("public/_event_body.html", event=event, phase=phase, days=queries.by_day(sessions),
                           speakers=queries.speakers_of(sessions), peer_groups=peer_groups.by_session(event.id),
                           price=price, has_categories=bool(offer.categories), add_ons=offer.add_ons)
    return tuple(_MARKER.split(html))  # literal, marker, literal, marker, …, literal


def event_article(event: Event, state: EventState) -> Markup:
    # The one thing the article shows that changes with the clock, not with the program version, is the
    # registration phase: it is in the key and handed to the template (which never reads the clock).
    # Full or not is a seat count, filled in at the markers on every request.
    # The price shown (prices.page_price) ends an early bird on its Oslo day: the day is in the key too. Price
    # categories and add-ons are program types (app.program.versioning): changing them gives a new version.
    phase, day = window.phase(event), prices.today()
    key = ("event-article", event.id, str(get_locale()), state.version, day, phase)
    pieces = fragments.get_or_build(key, lambda: _build(event, phase, day))
    event_seats = seats_badge(state.event, whole_event=True)
    button = seat_words(state.event, "link")
    out = []
    for i, piece in enumerate(pieces):
        if i % 2 == 0:
            out.append(piece)
        elif piece == "csrf":
            out.append(escape(generate_csrf()))
        elif piece == "event-seats":
            out.append(Markup('<p class="event-seats">{}</p>').format(event_seats) if event_seats else "")
        elif piece == "event-button":
            out.append(escape(button))
        else:
            badge = seats_badge(state.sessions.get(int(piece[6:])))
            out.append(Markup('<p class="session-seats">{}</p>').format(badge) if badge else "")
    return Markup("".join(out))
