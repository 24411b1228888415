"""The team on an event (/admin/events/<slug>/settings/team): who is arrangør, lesetilgang or dørvakt there."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.admin import bp
from app.admin import event_teams as team
from app.admin.account_forms import NewTeamMemberForm, TeamMemberForm
from app.admin.common import actor, event_or_404
from app.admin.people import shown_once
from app.auth.access import requires
from app.core.forms import apply_errors
from app.core.labels import EVENT_ROLE
from app.core.transaction import transaction
from app.core.urls import moved
from app.models import EventRole
from app.program.errors import Invalid, NotFound

EMAIL_TAKEN = {"email": {"taken": _l("Det finnes allerede en bruker med denne e-postadressen. Legg den til fra "
                                     "listen over brukere i stedet."), "format": _l("Skriv en gyldig e-postadresse.")}}


def _page(event, add: TeamMemberForm | None = None, new: NewTeamMemberForm | None = None, status: int = 200):
    candidates = team.candidates(event.id)
    if add is None:
        add = TeamMemberForm(prefix="add", formdata=None)
    add.fill_choices(candidates)
    if new is None:
        new = NewTeamMemberForm(prefix="new", formdata=None)
    new.fill_choices()
    return render_template("program/organiser/events/team.html", event=event, members=team.members(event.id),
                           roles=[(r.value, EVENT_ROLE[r]) for r in EventRole], add=add, new=new,
                           candidates=candidates), status


@bp.get("/events/<slug:slug>/settings/team")
@requires("edit", reads="view")
def event_team(slug: str):
    return _page(event_or_404(slug))


@bp.post("/events/<slug:slug>/settings/team")
@requires("edit")
def add_team_member(slug: str):
    event = event_or_404(slug)
    form = TeamMemberForm(prefix="add")
    form.fill_choices(team.candidates(event.id))
    if not form.validate_on_submit():
        return _page(event, add=form, status=400)
    with transaction():
        member = team.put(event.id, form.user_id.data, EventRole(form.role.data), actor())
    flash(_("%(who)s er lagt til som %(role)s.", who=member.user.name or member.user.email,
            role=EVENT_ROLE[member.role]), "success")
    return redirect(url_for("admin.event_team", slug=slug), code=303)


@bp.post("/events/<slug:slug>/settings/team/new")
@requires("edit")
def new_team_member(slug: str):
    event = event_or_404(slug)
    form = NewTeamMemberForm(prefix="new")
    form.fill_choices()
    if form.validate_on_submit():
        try:
            with transaction():
                user, password = team.new_member(event.id, form.email.data, form.name.data,
                                                 EventRole(form.role.data), actor())
        except Invalid as err:
            apply_errors(form, err.errors, EMAIL_TAKEN)
        else:
            return shown_once(render_template("admin/people/password.html", user=user, password=password, new=True,
                                              back=url_for("admin.event_team", slug=slug)))
    return _page(event, new=form, status=400)


@bp.post("/events/<slug:slug>/settings/team/<int:user_id>")
@requires("edit")
def change_team_role(slug: str, user_id: int):
    event = event_or_404(slug)
    role = request.form.get("role", "")
    if role not in {r.value for r in EventRole}:
        flash(_("Velg en rolle."), "error")
        return redirect(url_for("admin.event_team", slug=slug), code=303)
    if not any(m.user_id == user_id for m in team.members(event.id)):
        abort(404)
    with transaction():
        member = team.put(event.id, user_id, EventRole(role), actor())
    flash(_("%(who)s er nå %(role)s.", who=member.user.name or member.user.email, role=EVENT_ROLE[member.role]),
          "success")
    return redirect(url_for("admin.event_team", slug=slug), code=303)


@bp.post("/events/<slug:slug>/settings/team/<int:user_id>/remove")
@requires("edit")
def remove_team_member(slug: str, user_id: int):
    event = event_or_404(slug)
    try:
        with transaction():
            team.remove(event.id, user_id, actor())
    except NotFound:
        abort(404)
    except Invalid:
        flash(_("Du kan ikke fjerne deg selv som arrangør. Be en annen arrangør eller en administrator om det."),
              "error")
    else:
        flash(_("Personen er fjernet fra teamet."), "success")
    return redirect(url_for("admin.event_team", slug=slug), code=303)


moved(bp, "/events/<slug:slug>/team", "admin.event_team")
