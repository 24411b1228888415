"""Feeds over HTTP: conditional GET (304 without building), plain-text 404s, and the
participant's "new calendar link" button."""
from __future__ import annotations

import re
from collections.abc import Callable

from flask import Response, abort, flash, redirect, request, url_for
from flask_babel import gettext as _

from app.calendar import bp, service
from app.calendar.service import Feed
from app.core.transaction import transaction
from app.core.urls import MAX_ID, SlugConverter
from app.registration import links as registration_links

_SLUG = re.compile(SlugConverter.regex)
_ID = re.compile(r"[1-9][0-9]{0,9}")


def _not_found() -> Response:
    # Calendar apps show the body of a failed subscription, if anything: plain text, no page.
    return Response(_("Fant ikke kalenderen. Lenken kan være feil, eller den er byttet ut.") + "\n",
                    status=404, mimetype="text/plain")


def _not_modified(feed: Feed) -> bool:
    if request.headers.get("If-None-Match") is not None:  # then If-Modified-Since is ignored (RFC 9110)
        return request.if_none_match.contains_weak(feed.etag)
    since = request.if_modified_since
    return since is not None and feed.last_modified.replace(microsecond=0) <= since


def _serve(lookup: Callable[[bool], Feed | None]) -> Response:
    """`lookup(fresh)` names the feed; a 304 may trust the remembered program version, anything
    else (a 404 too: the event may have been published a moment ago) looks again, afresh."""
    feed = lookup(False)
    if feed is not None and _not_modified(feed):
        response = Response(status=304)
    else:
        if feed is None or not feed.fresh:
            feed = lookup(True)
        if feed is None:
            return _not_found()
        response = Response(feed.build(), mimetype="text/calendar")
        response.headers["Content-Disposition"] = f'attachment; filename="{feed.filename}"'
    response.set_etag(feed.etag)
    response.last_modified = feed.last_modified
    # Revalidate every time (a 304 is cheap); a personal feed is for no shared cache or search engine.
    response.headers["Cache-Control"] = "private, no-cache" if feed.personal else "public, no-cache"
    if feed.personal:
        response.headers["X-Robots-Tag"] = "noindex"
    return response


# The URL parts are taken as any text and checked here, so that a malformed slug or id gets the
# same plain-text 404 as an unknown one (a calendar app shows it), not the HTML error page.

@bp.get("/events/<slug>/calendar.ics")
def event_feed(slug: str):
    if not _SLUG.fullmatch(slug):
        return _not_found()
    return _serve(lambda fresh: service.event_feed(slug, fresh=fresh))


@bp.get("/events/<slug>/sessions/<session_id>.ics")
def session_feed(slug: str, session_id: str):
    if not _SLUG.fullmatch(slug) or not _ID.fullmatch(session_id) or int(session_id) > MAX_ID:
        return _not_found()
    return _serve(lambda fresh: service.session_feed(slug, int(session_id), fresh=fresh))


@bp.get("/series/<slug>/calendar.ics")
def series_feed(slug: str):
    if not _SLUG.fullmatch(slug):
        return _not_found()
    return _serve(lambda fresh: service.series_feed(slug, fresh=fresh))


@bp.get("/calendar/<token>.ics")
def personal_feed(token: str):
    return _serve(lambda fresh: service.personal_feed(token, fresh=fresh))


@bp.get("/me/calendar/<token>.ics")
def person_feed(token: str):
    """A leader's feed of all their events (Min side; `<feed_token>` in the contract)."""
    return _serve(lambda _fresh: service.person_feed(token))


@bp.post("/me/<token>/calendar/reset")
def reset_feed(token: str):
    registration = registration_links.by_manage_token(token)
    if registration is None:
        abort(404)
    with transaction():
        service.reset_participant_feed(registration)
    flash(_("Du har fått en ny kalenderlenke, og den gamle virker ikke lenger. Abonner på nytt med knappene "
            "nedenfor, og fjern den gamle kalenderen fra kalenderappen din."), "success")
    return redirect(url_for("registration.manage", token=token, _anchor="kalender"), code=303)
