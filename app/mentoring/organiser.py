"""/admin/mentoring (administrators and arrangører; lesetilgang reads it, changes nothing): the suggested pairs
of one event (or all) with their reasons, the unmatched mentees with why, locking, swapping or unlocking a
pair, N mentees per mentor, approving; the pairs that ended because someone withdrew after approval; the
approved pairs' «mentorlunsj»; and the three-month follow-up in numbers (k ≥ 5)."""
from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.admin.common import actor
from app.auth.access import allowed, read_only, requires
from app.core import clock
from app.core.forms import Form
from app.core.transaction import transaction
from app.core.urls import number_in
from app.extensions import db
from app.mentoring import followup, lunch, organiser_bp, service
from app.mentoring.themes import THEMES
from app.models import Event, MentoringRole, PairStatus

DEFAULT_CAPACITY, MAX_CAPACITY = 2, 10
LUNCH_MINUTES = (30, 45, 60, 90, 120)


def _choice() -> tuple[int | None, int]:
    """The event (None: all) and N per mentor, from the query string or the posted form."""
    values = request.form if request.method == "POST" else request.args
    capacity = number_in(values.get("capacity"), 1, MAX_CAPACITY) or DEFAULT_CAPACITY
    return number_in(values.get("event")), capacity


def _back(event_id: int | None, capacity: int, anchor: str | None = None):
    args = {"capacity": capacity, **({"event": event_id} if event_id else {})}
    return redirect(url_for("mentoring_organiser.index", **args, **({"_anchor": anchor} if anchor else {})),
                    code=303)


def _events(event_id: int | None) -> tuple[list[Event], int | None]:
    """The events the user may choose, and the one shown. Lesetilgang reads only their own events' mentoring:
    one of them, never all pooled."""
    events = [e for e in db.session.scalars(select(Event).order_by(Event.starts_at.desc()))
              if allowed(current_user, "view", e.id)]
    if read_only() and event_id not in {e.id for e in events}:
        event_id = events[0].id if events else None
    return events, event_id


@organiser_bp.get("/mentoring")
@requires("edit", event=None, reads="view")
def index():
    from app.mentoring.matching import describe, describe_unmatched

    event_id, capacity = _choice()
    events, event_id = _events(event_id)
    suggestions = service.suggest(event_id, capacity)
    mentors = [p for p in suggestions.profiles.values() if p.role == MentoringRole.MENTOR]
    paired = {pair.mentor_id for pair in suggestions.matching.pairs}
    idle_mentors = [p for p in mentors if p.id not in paired]  # free for a mentee without one, or the next round
    approved = [p for p in suggestions.pairs.values() if p.status == PairStatus.APPROVED]
    return render_template(
        "mentoring/organiser/index.html", events=events, event_id=event_id, capacity=capacity,
        max_capacity=MAX_CAPACITY, suggestions=suggestions, mentors=mentors, idle_mentors=idle_mentors, describe=describe,
        describe_unmatched=describe_unmatched, themes=THEMES, form=Form(), approved=approved,
        lunch_sessions=lunch.sessions_for(event_id) if event_id else [], lunch_minutes=LUNCH_MINUTES,
        followups=followup.summary(p.id for p in [*approved, *suggestions.ended]), k=followup.K,
        unmatched_ids={u.mentee_id for u in suggestions.matching.unmatched})


_REFUSED = {
    "unknown": lambda: _("Velg en mentee og en mentor som fortsatt er med i mentorordningen."),
    "same_kommune": lambda: _("En mentor kan ikke være fra samme kommune som mentee."),
    "approved": lambda: _("Paret er allerede godkjent og kan ikke endres her."),
}


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


@organiser_bp.post("/mentoring/unlock")
@requires("edit", event=None)
def unlock():
    event_id, capacity = _choice()
    mentee = number_in(request.form.get("mentee"))
    if Form().validate_on_submit() and mentee:
        try:
            with transaction():
                service.unlock(mentee, actor())
        except service.Refused as err:
            flash(_("Paret er ikke låst.") if err.reason == "unknown" else _REFUSED[err.reason](), "error")
        else:
            flash(_("Paret er låst opp. Forslaget lages nå på nytt."), "success")
    return _back(event_id, capacity)


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


def _new_lunch(event_id: int):
    """The new session's times from the form, or None (with the message flashed)."""
    minutes = number_in(request.form.get("minutes"), 15, 240)
    try:
        starts_at = clock.parse_local(request.form.get("starts_at") or "")
    except ValueError:
        starts_at = None
    if starts_at is None or minutes is None:
        flash(_("Skriv når mentorlunsjen begynner, og velg hvor lenge den varer."), "error")
        return None
    return lunch.create_session(event_id, request.form.get("title") or "", starts_at,
                                starts_at + timedelta(minutes=minutes), actor())


_NO_LUNCH = {
    "unknown_session": lambda: _("Velg en lunsj eller en sosial sesjon i programmet til arrangementet."),
    "no_pairs": lambda: _("Ingen godkjente par ved dette arrangementet ennå. Godkjenn parene først."),
    "invalid_time": lambda: _("Mentorlunsjen kan ikke legges inn på det tidspunktet. Sjekk at den slutter etter at "
                              "den begynner, og at den ikke kolliderer med noe i programmet."),
}


@organiser_bp.post("/mentoring/lunch")
@requires("edit", event=None)
def give_lunch():
    event_id, capacity = _choice()
    if not Form().validate_on_submit() or event_id is None:
        flash(_("Velg et arrangement først."), "error")
        return _back(event_id, capacity)
    if not allowed(current_user, "edit", event_id):  # an arrangør of another event: not this programme
        abort(403)
    choice = request.form.get("session") or ""
    try:
        with transaction():
            pairs = list(service.suggest(event_id, capacity).pairs.values())
            session = _new_lunch(event_id) if choice == "new" else None
            session_id = session.id if session is not None else number_in(choice)
            if choice == "new" and session is None:
                return _back(event_id, capacity, "mentorlunsj")
            given = lunch.give(event_id, session_id or 0, pairs, actor())
    except lunch.NoLunch as err:
        flash(_NO_LUNCH[err.reason](), "error")
    else:
        flash(_("%(count)d par har fått mentorlunsj. De ser den på sidene sine og i programmet.", count=len(given)),
              "success")
    return _back(event_id, capacity, "mentorlunsj")
