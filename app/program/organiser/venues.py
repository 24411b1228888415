"""Venues and their rooms."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.admin.common import actor, one_of_or_404
from app.auth.access import requires
from app.core.forms import apply_errors
from app.core.transaction import transaction
from app.program import places
from app.program.errors import InUse, Invalid, NotFound
from app.program.organiser import bp
from app.program.organiser.event_forms import RoomForm, VenueForm
from app.registration.choices import kommune_options


def _venue_form(obj=None) -> VenueForm:
    form = VenueForm(obj=obj)
    form.municipality_number.choices = [("", _("Ikke valgt"))] + [(k.number, k.label) for k in kommune_options()]
    return form


def _venue_or_404(venue_id: int):
    try:
        return places.venue(venue_id)
    except NotFound:
        abort(404)


@bp.get("/venues")
@requires("view", event=None)
def venues():
    return render_template("program/organiser/venues/index.html", venues=places.venues())


@bp.route("/venues/new", methods=["GET", "POST"])
@requires("edit", event=None)
def new_venue():
    form = _venue_form()
    if form.validate_on_submit():
        try:
            with transaction():
                venue = places.create_venue(form.to_draft(), actor())
        except Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("Stedet er lagt til. Legg til rommene."), "success")
            return redirect(url_for("program_organiser.venue", venue_id=venue.id), code=303)
    return render_template("program/organiser/venues/form.html", form=form, venue=None), 400 if form.errors else 200


@bp.route("/venues/<int:venue_id>", methods=["GET", "POST"])
@requires("edit", event=None)
def venue(venue_id: int):
    found = _venue_or_404(venue_id)
    form = _venue_form(found)
    if form.validate_on_submit():
        try:
            with transaction():
                places.update_venue(venue_id, form.to_draft(), actor())
        except Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("Stedet er lagret."), "success")
            return redirect(url_for("program_organiser.venue", venue_id=venue_id), code=303)
    return render_template("program/organiser/venues/form.html", form=form, venue=found, room_form=RoomForm(prefix="room")), \
        400 if form.errors else 200


@bp.post("/venues/<int:venue_id>/rooms")
@requires("edit", event=None)
def add_room(venue_id: int):
    found = _venue_or_404(venue_id)
    room_form = RoomForm(prefix="room")
    if room_form.validate_on_submit():
        try:
            with transaction():
                places.add_room(venue_id, room_form.name.data, room_form.capacity.data, actor())
        except Invalid as err:
            apply_errors(room_form, err.errors)
        else:
            flash(_("Rommet er lagt til."), "success")
            return redirect(url_for("program_organiser.venue", venue_id=venue_id), code=303)
    return render_template("program/organiser/venues/form.html", form=_venue_form(found), venue=found, room_form=room_form), 400


@bp.route("/venues/<int:venue_id>/rooms/<int:room_id>", methods=["GET", "POST"])
@requires("edit", event=None)
def edit_room(venue_id: int, room_id: int):
    found = _venue_or_404(venue_id)
    room = one_of_or_404(found.rooms, room_id)
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        try:
            with transaction():
                places.update_room(venue_id, room_id, form.name.data, form.capacity.data, actor())
        except Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("Rommet er lagret."), "success")
            return redirect(url_for("program_organiser.venue", venue_id=venue_id), code=303)
    return render_template("program/organiser/venues/room.html", form=form, venue=found, room=room), 400 if form.errors else 200


@bp.post("/venues/<int:venue_id>/rooms/<int:room_id>/delete")
@requires("edit", event=None)
def delete_room(venue_id: int, room_id: int):
    try:
        with transaction():
            places.delete_room(venue_id, room_id, actor())
    except NotFound:
        abort(404)
    except InUse as err:
        flash(_("Rommet kan ikke slettes: %(n)d programposter bruker det.", n=err.count), "error")
    else:
        flash(_("Rommet er slettet."), "success")
    return redirect(url_for("program_organiser.venue", venue_id=venue_id), code=303)
