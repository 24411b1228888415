"""The program part of the event page, built once per program version and language.

Seat counts change with every registration, so the cached HTML carries a marker where each
sign-up session's seats go, filled in per request from one counts query.
"""
from __future__ import annotations

import re

from flask import render_template
from flask_babel import get_locale, get_translations
from markupsafe import Markup, escape

from app.models import Event
from app.program import queries, versioning
from app.program.cache import fragments
from app.program.queries import Counts

_SEATS = re.compile(r"<!--seats:(\d+)-->")


def program_html(event: Event) -> Markup:
    key = ("event-program", event.id, str(get_locale()), versioning.current())

    def build() -> str:
        sessions = queries.program(event, with_materials=True)
        return render_template(
            "public/_program.html",
            event=event,
            days=queries.by_day(sessions),
            speakers=queries.speakers_of(sessions),
        )

    return Markup(fragments.get_or_build(key, build))


def fill_seats(html: Markup, counts: dict[int, Counts]) -> Markup:
    """Put each sign-up session's seats where its marker is (one catalog lookup per request)."""
    translations = get_translations()
    full = f'<p class="seats seats-full">{escape(translations.gettext("Fullt – venteliste"))}</p>'

    def replace(match: re.Match) -> str:
        c = counts.get(int(match.group(1)))
        if c is None or c.capacity is None:
            return ""
        if c.seats_left <= 0:
            return full
        text = translations.ngettext(
            "%(num)d av %(cap)d plasser ledig", "%(num)d av %(cap)d plasser ledige", c.seats_left
        ) % {"num": c.seats_left, "cap": c.capacity}
        return f'<p class="seats">{escape(text)}</p>'

    return Markup(_SEATS.sub(replace, html))
