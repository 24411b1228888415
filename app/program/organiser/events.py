"""Events: create, edit, publish, cancel, copy to new dates; and their tracks."""
from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from app.admin import event_teams as team
from app.admin.common import actor, event_or_404, one_of_or_404
from app.auth.access import requires
from app.core.forms import SLUG_ERRORS, apply_errors
from app.core.transaction import transaction
from app.core.urls import moved
from app.program import copying, events, places
from app.program.errors import Invalid, NotFound
from app.program.organiser import bp
from app.program.organiser.event_forms import CopyEventForm, EventForm, TrackForm
from app.series import invitations as series_invitations


@bp.route("/events/new", methods=["GET", "POST"])
@requires("edit", event=None)
def new_event():
    form = EventForm()
    form.fill_choices(places.venues())
    if form.validate_on_submit():
        try:
            with transaction():
                event = events.create_event(form.to_draft(), actor())
                team.add_creator(event.id, current_user, actor())  # whoever makes an event is its arrangør
        except Invalid as err:
            apply_errors(form, err.errors, {"slug": SLUG_ERRORS})
        else:
            flash(_("Arrangementet er opprettet som utkast."), "success")
            return redirect(url_for("admin.event", slug=event.slug), code=303)
    return render_template("program/organiser/events/form.html", form=form, event=None), 400 if form.errors else 200


@bp.route("/events/<slug:slug>/settings", methods=["GET", "POST"])
@requires("edit", reads="view")
def edit_event(slug: str):
    event = event_or_404(slug)
    form = EventForm.for_event(event)
    form.fill_choices(places.venues())
    if form.validate_on_submit():
        draft = form.to_draft()
        shift = events.program_shift(event, draft)
        try:
            with transaction():
                event = events.update_event(event.id, draft, actor(), move_program=form.move_program.data)
        except Invalid as err:
            apply_errors(form, err.errors, {"slug": SLUG_ERRORS})
        else:
            flash(_("Endringene er lagret."), "success")
            if shift.sessions:
                flash(*_program_shift_message(shift, moved=form.move_program.data))
            return redirect(url_for("program_organiser.edit_event", slug=event.slug), code=303)
    return render_template("program/organiser/events/form.html", form=form, event=event), 400 if form.errors else 200


def _program_shift_message(shift: events.ProgramShift, *, moved: bool) -> tuple[str, str]:
    sessions = ngettext("%(num)d programpunkt", "%(num)d programpunkter", shift.sessions)
    if not moved:
        return _("Programmet er ikke flyttet: %(sessions)s ligger fortsatt på de gamle dagene.",
                 sessions=sessions), "warning"
    days = ngettext("%(num)d dag", "%(num)d dager", abs(shift.days))
    if shift.days > 0:
        return _("%(sessions)s er flyttet %(days)s fram, på samme klokkeslett.", sessions=sessions, days=days), "success"
    return _("%(sessions)s er flyttet %(days)s tilbake, på samme klokkeslett.", sessions=sessions, days=days), "success"


@bp.post("/events/<slug:slug>/publish")
@requires("edit")
def publish_event(slug: str):
    event = event_or_404(slug)
    try:
        with transaction():
            published = events.publish_event(event.id, actor())
            # A meeting of a series invites the series' members when it is published (once per member).
            invited = (series_invitations.invite_members(published.series, published, actor())
                       if published.series is not None else 0)
        flash(_("Arrangementet er publisert.") + (" " + ngettext(
            "%(num)d medlem av nettverket er invitert.", "%(num)d medlemmer av nettverket er invitert.", invited)
            if invited else ""), "success")
    except Invalid:
        flash(_("Et avlyst arrangement kan ikke publiseres."), "error")
    return redirect(url_for("admin.event", slug=slug), code=303)


@bp.route("/events/<slug:slug>/cancel", methods=["GET", "POST"])
@requires("edit")
def cancel_event(slug: str):
    """GET asks for confirmation; POST (CSRF-checked by CSRFProtect) cancels."""
    event = event_or_404(slug)
    if request.method == "POST":
        with transaction():
            events.cancel_event(event.id, actor())
        flash(_("Arrangementet er avlyst. Husk å gi beskjed til de påmeldte."), "success")
        return redirect(url_for("admin.event", slug=slug), code=303)
    return render_template("program/organiser/events/cancel.html", event=event)


def _next_title(title: str) -> str:
    return re.sub(r"\b(20\d\d)\b", lambda m: str(int(m.group(1)) + 1), title)


@bp.route("/events/<slug:slug>/copy", methods=["GET", "POST"])
@requires("edit")
def copy_event(slug: str):
    source = event_or_404(slug)
    form = CopyEventForm()
    if not form.is_submitted():
        form.title.data = _next_title(source.title)
        form.slug.data = _next_title(source.slug) if _next_title(source.slug) != source.slug else f"{source.slug}-kopi"
        form.starts_on.data = copying.suggested_start(source)
    if form.validate_on_submit():
        try:
            with transaction():
                copy = copying.copy_event(source.id, slug=form.slug.data.strip(), title=form.title.data,
                                          starts_on=form.starts_on.data, actor=actor())
                team.add_creator(copy.id, current_user, actor())
        except Invalid as err:
            apply_errors(form, err.errors, {"slug": SLUG_ERRORS})
        else:
            flash(_("Kopien er laget som utkast med %(n)d programposter. Se over tider, frister og priser.",
                    n=len(copy.sessions)), "success")
            return redirect(url_for("program_organiser.edit_event", slug=copy.slug), code=303)
    return render_template("program/organiser/events/copy.html", form=form, event=source), 400 if form.errors else 200


# --- tracks -------------------------------------------------------------------------------------

@bp.route("/events/<slug:slug>/tracks", methods=["GET", "POST"])
@requires("edit", reads="view")
def tracks(slug: str):
    event = event_or_404(slug)
    form = TrackForm()
    if form.validate_on_submit():
        try:
            with transaction():
                places.add_track(event.id, form.name.data, form.color.data, actor())
        except Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("Sporet er lagt til."), "success")
            return redirect(url_for("program_organiser.tracks", slug=slug), code=303)
    return render_template("program/organiser/events/tracks.html", event=event, form=form), 400 if form.errors else 200


@bp.route("/events/<slug:slug>/tracks/<int:track_id>", methods=["GET", "POST"])
@requires("edit", reads="view")
def edit_track(slug: str, track_id: int):
    event = event_or_404(slug)
    track = one_of_or_404(event.tracks, track_id)
    form = TrackForm(obj=track)
    if form.validate_on_submit():
        try:
            with transaction():
                places.update_track(event.id, track_id, form.name.data, form.color.data, actor())
        except Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("Sporet er lagret."), "success")
            return redirect(url_for("program_organiser.tracks", slug=slug), code=303)
    return render_template("program/organiser/events/track.html", event=event, track=track, form=form), 400 if form.errors else 200


@bp.post("/events/<slug:slug>/tracks/<int:track_id>/delete")
@requires("edit")
def delete_track(slug: str, track_id: int):
    event = event_or_404(slug)
    try:
        with transaction():
            places.delete_track(event.id, track_id, actor())
    except NotFound:
        abort(404)
    flash(_("Sporet er slettet. Programpostene er beholdt uten spor."), "success")
    return redirect(url_for("program_organiser.tracks", slug=slug), code=303)


moved(bp, "/events/<slug:slug>/edit", "program_organiser.edit_event")
