"""Feed URLs, and the subscribe links made from them (template globals and filters).

A feed's https (or http) URL is the download; `webcal://` the same URL for "subscribe";
Google Calendar subscribes by URL through `render?cid=<webcal URL>`.
"""
from __future__ import annotations

from urllib.parse import urlencode

from flask import render_template, url_for
from flask_babel import get_locale
from markupsafe import Markup

from app.calendar import bp
from app.core.urls import absolute_url
from app.models import Event, Registration
from app.program.cache import fragments
from app.registration import links as registration_links

GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/render"


@bp.app_template_global("calendar_event_feed_url")
def event_feed_url(event: Event) -> str:
    return absolute_url("calendar.event_feed", slug=event.slug)


@bp.app_template_global("calendar_event_box")
def event_box(event: Event) -> Markup:
    """The event page's subscribe box: the same HTML for every visitor in a language, so it is
    rendered once per event and language (the event page is the busiest page there is)."""
    url = event_feed_url(event)
    key = ("calendar-event-box", url, str(get_locale()))
    return Markup(fragments.get_or_build(key, lambda: render_template("calendar/_event_box.html", feed_url=url)))


@bp.app_template_global("calendar_participant_feed_url")
def participant_feed_url(registration: Registration) -> str:
    return absolute_url("calendar.personal_feed", token=registration_links.feed_token(registration))


@bp.app_template_global("calendar_reset_path")
def reset_path(registration: Registration) -> str:
    """Where the manage page's "new calendar link" form posts (a path: the CSP allows 'self')."""
    return url_for("calendar.reset_feed", token=registration_links.manage_token(registration))


@bp.app_template_filter("webcal")
def webcal(url: str) -> str:
    """'https://host/x.ics' → 'webcal://host/x.ics' (calendar apps open it as a subscription)."""
    return "webcal://" + url.split("://", 1)[1]


@bp.app_template_filter("google_calendar")
def google_calendar(url: str) -> str:
    """Google Calendar's "add by URL" link for this feed."""
    return f"{GOOGLE_SUBSCRIBE}?{urlencode({'cid': webcal(url)})}"
