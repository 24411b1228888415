"""The organisers' pages of series (/admin/series): administrators and arrangører of any event."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.admin.common import actor
from app.auth.access import requires
from app.core.forms import SLUG_ERRORS, apply_errors
from app.core.transaction import transaction
from app.core.urls import number_in
from app.models import JoinedVia
from app.series import invitations, organiser_bp, service
from app.series.forms import KIND_LABELS, AddEventForm, MemberForm, SeriesForm

_SLUG_ERRORS = {"slug": {"format": SLUG_ERRORS["format"], "taken": _l("Et annet nettverk har denne nettadressen.")}}


def _series_or_404(series_id: int):
    try:
        return service.get(series_id)
    except service.NotFound:
        abort(404)


@organiser_bp.get("/series")
@requires("edit", event=None)
def index():
    return render_template("series/organiser/index.html", series=service.every_series(), kinds=KIND_LABELS,
                           count=service.member_count)


@organiser_bp.route("/series/new", methods=["GET", "POST"])
@requires("edit", event=None)
def new():
    form = SeriesForm()
    if form.validate_on_submit():
        try:
            with transaction():
                series = service.create(form.to_draft(), actor())
        except service.Invalid as err:
            apply_errors(form, err.errors, _SLUG_ERRORS)
        else:
            flash(_("Nettverket er opprettet."), "success")
            return redirect(url_for("series_organiser.edit", series_id=series.id), code=303)
    return render_template("series/organiser/new.html", form=form), 400 if form.errors else 200


def _edit_page(series, form=None, member_form=None, event_form=None, status=200):
    upcoming, past = service.events_of(series.id, published_only=False)
    if event_form is None:
        event_form = AddEventForm(prefix="event")
    event_form.event_id.choices = [(e.id, e.title) for e in service.candidate_events()]
    return render_template(
        "series/organiser/edit.html", series=series, form=form or SeriesForm(obj=series, kind=series.kind.value),
        member_form=member_form or MemberForm.build(prefix="member"), event_form=event_form,
        events=[*upcoming, *past]), status


@organiser_bp.route("/series/<int:series_id>", methods=["GET", "POST"])
@requires("edit", event=None)
def edit(series_id: int):
    series = _series_or_404(series_id)
    if request.method == "GET":
        return _edit_page(series)
    form = SeriesForm()
    if form.validate_on_submit():
        try:
            with transaction():
                service.update(series_id, form.to_draft(), actor())
        except service.Invalid as err:
            apply_errors(form, err.errors, _SLUG_ERRORS)
        else:
            flash(_("Nettverket er lagret."), "success")
            return redirect(url_for("series_organiser.edit", series_id=series_id), code=303)
    return _edit_page(series, form=form, status=400)


@organiser_bp.post("/series/<int:series_id>/members")
@requires("edit", event=None)
def add_member(series_id: int):
    series = _series_or_404(series_id)
    form = MemberForm.build(prefix="member")
    if form.validate_on_submit():
        try:
            with transaction():
                joined = service.join(series_id, form.to_draft(), JoinedVia.ORGANISER, actor())
        except service.Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("%(name)s er lagt til.", name=joined.member.name) if joined.new
                  else _("%(email)s er allerede medlem.", email=joined.member.email), "success")
            return redirect(url_for("series_organiser.edit", series_id=series_id), code=303)
    return _edit_page(series, member_form=form, status=400)


@organiser_bp.post("/series/<int:series_id>/members/<int:member_id>/remove")
@requires("edit", event=None)
def remove_member(series_id: int, member_id: int):
    try:
        with transaction():
            service.remove_member(series_id, member_id, actor())
    except service.NotFound:
        abort(404)
    flash(_("Medlemmet er fjernet."), "success")
    return redirect(url_for("series_organiser.edit", series_id=series_id), code=303)


@organiser_bp.post("/series/<int:series_id>/events")
@requires("edit", event=None)
def add_event(series_id: int):
    series = _series_or_404(series_id)
    form = AddEventForm(prefix="event")
    form.event_id.choices = [(e.id, e.title) for e in service.candidate_events()]
    if form.validate_on_submit() and form.event_id.data is not None:
        try:
            with transaction():
                event = service.add_event(series_id, form.event_id.data, actor())
                invited = invitations.invite_members(series, event, actor())
        except (service.NotFound, service.Invalid):
            form.event_id.errors = [_("Velg et av alternativene.")]
        else:
            flash(_("%(event)s er lagt til. %(n)d medlemmer er invitert.", event=event.title, n=invited), "success")
            return redirect(url_for("series_organiser.edit", series_id=series_id), code=303)
    elif not form.event_id.errors:
        form.event_id.errors = [_("Velg et av alternativene.")]
    return _edit_page(series, event_form=form, status=400)


@organiser_bp.post("/series/<int:series_id>/events/remove")
@requires("edit", event=None)
def remove_event(series_id: int):
    _series_or_404(series_id)
    event_id = number_in(request.form.get("event_id"))
    try:
        with transaction():
            service.remove_event(series_id, event_id or 0, actor())
    except service.NotFound:
        abort(404)
    flash(_("Arrangementet er tatt ut av nettverket."), "success")
    return redirect(url_for("series_organiser.edit", series_id=series_id), code=303)
