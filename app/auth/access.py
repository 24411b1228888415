"""Who may do what in the back office: ONE rule, used by every organiser route and every page.

The roles (Indico's and pretix's model, simplified):
- administrator (a user-level role, `UserRole.ADMINISTRATOR`): everything, on every event; the only one who
  manages users (/admin/users), reads the audit log (/admin/audit) and the outbox (/admin/outbox);
- on one event's team (`TeamMember`, app/admin/team.py):
  - arrangør (`EventRole.ORGANISER`): everything an organiser does, but on that event only: its settings,
    program, registrations, e-mail, badges, check-in, surveys, and its team;
  - lesetilgang (`EventRole.VIEWER`): that event's lists, numbers and exports (GET); changes nothing;
  - dørvakt (`EventRole.DOOR`): check-in at that event only (the scanner, the API, a badge's page).

The actions a route or a page asks for:
- "view"    — see an event's pages, lists, numbers and exports: administrator, arrangør, lesetilgang;
- "edit"    — change an event (every POST, every edit form): administrator, arrangør; an edit page that names
  `reads="view"` shows lesetilgang the same page read-only on GET (`read_only()`: fields disabled, no forms
  that change anything, no submit buttons; app/templates/_macros/forms.html), its POST stays 403;
- "checkin" — scan at an event's door: administrator, arrangør, dørvakt;
- "admin"   — users, audit log, outbox: administrator only;
- "signed_in" — any signed-in user (the door's list of events, which says so when it is empty).

What belongs to no one event (the shared registers), asked without an event (`event=None`): the action is
granted when the user has it on at least one event. So an arrangør of any event may create an event (and
becomes its arrangør), and keep the venues and speakers every event draws on (edit); lesetilgang anywhere may
read them (view); the dashboard (/admin/) lists only the events the user may view.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import wraps

from flask import abort, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.core.errors import wants_json
from app.extensions import db
from app.models import Event, EventRole, User

ACTIONS: Mapping[str, frozenset[EventRole]] = {
    "view": frozenset({EventRole.ORGANISER, EventRole.VIEWER}),
    "edit": frozenset({EventRole.ORGANISER}),
    "checkin": frozenset({EventRole.ORGANISER, EventRole.DOOR}),
    "admin": frozenset(),
    "signed_in": frozenset(EventRole),
}

EventOf = Callable[[Mapping[str, object]], int | None]  # a route's URL values → its event's id


def allowed(user: User, action: str, event_id: int | None = None) -> bool:
    """May `user` do `action` on the event `event_id` (None: on at least one event)?"""
    roles = ACTIONS[action]
    if not user.is_authenticated:
        return False
    if user.is_administrator or action == "signed_in":
        return True
    if event_id is None:
        return any(m.role in roles for m in user.team)
    return user.event_role(event_id) in roles


def may(event: Event | int | None, action: str) -> bool:
    """For templates and routes: may the signed-in user do `action` on `event`? (`may(event, "edit")`)"""
    event_id = event if isinstance(event, int) or event is None else event.id
    return allowed(current_user, action, event_id)


def by_slug(kwargs: Mapping[str, object]) -> int:
    """The event of a route's `<slug>`; 404 when there is none."""
    event_id = db.session.scalar(select(Event.id).where(Event.slug == kwargs["slug"]))
    if event_id is None:
        abort(404)
    return event_id


READING = frozenset({"GET", "HEAD"})


def read_only() -> bool:
    """Is this page shown read-only (a GET that `requires(…, reads=…)` let in without its action)? For templates:
    the form macros disable their fields and leave out what changes something."""
    return bool(g.get("read_only"))


def requires(action: str, *, event: EventOf | None = by_slug, reads: str | None = None) -> Callable:
    """A back-office route for `action` on the event `event` finds in its URL values (by default its `<slug>`;
    it answers 404 for what does not exist, and None for what belongs to no one event, like a survey template);
    `event=None` for routes that belong to no one event. Not signed in: to /login (401 for JSON).

    `reads`: the action that may see the page (GET) without `action` — shown read-only (`read_only()`); every
    other method still needs `action`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                if wants_json():
                    abort(401)
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            event_id = event(kwargs) if event is not None else None
            if not allowed(current_user, action, event_id):
                if reads is None or request.method not in READING or not allowed(current_user, reads, event_id):
                    abort(403)
                g.read_only = True
            return view(*args, **kwargs)

        wrapped.reads = reads  # tests/admin/test_read_only.py walks the pages lesetilgang sees read-only
        return wrapped

    return decorator
