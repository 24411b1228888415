"""What the back office's routes share: the signed-in organiser as audit actor, loading an event."""
from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from app.audit.log import Actor
from app.core.urls import number_in
from app.models import Event
from app.program import queries


def actor() -> Actor:
    return Actor.user(current_user)


def event_or_404(slug: str) -> Event:
    event = queries.event_by_slug(slug, include_drafts=True)
    if event is None:
        abort(404)
    return event


def page_number() -> int:
    return number_in(request.args.get("page"), high=99999) or 1


def confirmed() -> bool:
    """Destructive actions ask first, without JavaScript: the first POST answers a confirmation page
    (`ask_first`) whose button sends the same POST again with confirm=1; only that one acts."""
    return request.form.get("confirm") == "1"


def ask_first(question: str, consequence: str, yes: str, back: str):
    """The confirmation page for the POST being made (see `confirmed`); `back` is where «Nei» leads."""
    return render_template("admin/confirm.html", question=question, consequence=consequence, yes=yes, back=back,
                           action=request.path)


def one_of_or_404(items, item_id: int):
    """The item of `items` (an event's tracks, a venue's rooms) with this id, or a 404."""
    found = next((item for item in items if item.id == item_id), None)
    if found is None:
        abort(404)
    return found
