"""/admin/mentoring (administrators and arrangører): the suggested pairs of one event (or all) with their
reasons, the unmatched mentees with why, locking or swapping a pair, N mentees per mentor, approving; and
the pairs that ended because someone withdrew after approval."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from app.admin.common import actor
from app.auth.access import requires
from app.core.forms import Form
from app.core.transaction import transaction
from app.core.urls import number_in
from app.extensions import db
from app.mentoring import organiser_bp, service
from app.mentoring.themes import THEMES
from app.models import Event, MentoringRole

DEFAULT_CAPACITY, MAX_CAPACITY = 2, 10


def _choice() -> tuple[int | None, int]:
    """The event (None: all) and N per mentor, from the query string or the posted form."""
    values = request.form if request.method == "POST" else request.args
    capacity = number_in(values.get("capacity"), 1, MAX_CAPACITY) or DEFAULT_CAPACITY
    return number_in(values.get("event")), capacity


def _back(event_id: int | None, capacity: int):
    args = {"capacity": capacity, **({"event": event_id} if event_id else {})}
    return redirect(url_for("mentoring_organiser.index", **args), code=303)


@organiser_bp.get("/mentoring")
@requires("edit", event=None)
def index():
    from app.mentoring.matching import describe, describe_unmatched

    event_id, capacity = _choice()
    suggestions = service.suggest(event_id, capacity)
    mentors = [p for p in suggestions.profiles.values() if p.role == MentoringRole.MENTOR]
    events = db.session.scalars(select(Event).order_by(Event.starts_at.desc()))
    return render_template(
        "mentoring/organiser/index.html", events=events, event_id=event_id, capacity=capacity,
        max_capacity=MAX_CAPACITY, suggestions=suggestions, mentors=mentors, describe=describe,
        describe_unmatched=describe_unmatched, themes=THEMES, form=Form())


@organiser_bp.post("/mentoring/lock")
@requires("edit", event=None)
def lock():
    event_id, capacity = _choice()
    mentee, mentor = number_in(request.form.get("mentee")), number_in(request.form.get("mentor"))
    if Form().validate_on_submit() and mentee and mentor:
        try:
            with transaction():
                service.lock(mentee, mentor, actor())
        except service.Refused as err:
            flash(_REFUSED[err.reason](), "error")
        else:
            flash(_("Paret er låst. Det beholdes når forslagene lages på nytt."), "success")
    else:
        flash(_("Velg en mentor fra listen."), "error")
    return _back(event_id, capacity)


_REFUSED = {
    "unknown": lambda: _("Velg en mentee og en mentor som fortsatt er med i mentorordningen."),
    "same_kommune": lambda: _("En mentor kan ikke være fra samme kommune som mentee."),
    "approved": lambda: _("Paret er allerede godkjent og kan ikke endres her."),
}


@organiser_bp.post("/mentoring/approve")
@requires("edit", event=None)
def approve():
    event_id, capacity = _choice()
    if Form().validate_on_submit():
        with transaction():
            approved = service.approve(event_id, capacity, actor())
        flash(_("%(count)d par er godkjent, og begge i hvert par har fått en e-post med den andres "
                "kontaktinformasjon.", count=len(approved)) if approved else _("Ingen nye par å godkjenne."),
              "success")
    return _back(event_id, capacity)
