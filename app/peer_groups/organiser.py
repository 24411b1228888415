"""Påmeldinger › Kollegagrupper (/admin/events/<slug>/peer-groups): form the groups with the engine, see each
group's spread, rename it and give it a table or room, move a person, publish, the programme session, the notices
of cancellations, late registrations «uten gruppe», and «fortsett som nettverk». Lesetilgang reads only."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.admin.common import actor, event_or_404
from app.auth.access import requires
from app.core.forms import Form
from app.core.transaction import transaction
from app.core.urls import number_in
from app.peer_groups import bp, network, service

DEFAULT_SIZE = 6


def _back(slug: str, anchor: str = ""):
    return redirect(url_for("peer_groups_organiser.page", slug=slug) + (f"#{anchor}" if anchor else ""), code=303)


def _page(event, *, confirm_size: int | None = None, status: int = 200):
    from app.mentoring.groups import group_sizes

    groups = service.groups_of(event.id)
    people = service.candidates(event.id)
    return render_template(
        "peer_groups/organiser.html", event=event, groups=groups, people=people,
        ungrouped=service.ungrouped(event.id, groups), left=service.left(groups), concerns=service.concerns,
        sessions=service.session_choices(event.id), sizes=range(service.SMALLEST, service.LARGEST + 1),
        default_size=DEFAULT_SIZE, confirm_size=confirm_size, form=Form(),
        preview={n: group_sizes(len(people), _rules(n)) for n in range(service.SMALLEST, service.LARGEST + 1)},
        published=any(g.is_published for g in groups), drafts=sum(not g.is_published for g in groups),
    ), status


def _rules(preferred: int):
    from app.mentoring.groups import Rules

    return Rules(service.SMALLEST, service.LARGEST, preferred)


@bp.get("")
@requires("view")
def page(slug: str):
    return _page(event_or_404(slug))[0]


REFUSED = {
    "size": lambda: _("Velg en gruppestørrelse fra 5 til 8."),
    "empty": lambda: _("Det er ingen bekreftede deltakere å lage grupper av ennå."),
    "unknown": lambda: _("Fant ikke deltakeren eller gruppen. Last siden på nytt og prøv igjen."),
    "stale": lambda: _("Deltakeren er allerede flyttet (kanskje av en annen arrangør). Gruppene vises slik de er "
                       "nå – prøv igjen om flyttingen fortsatt trengs."),
    "name": lambda: _("Gi gruppen et navn (høyst 80 tegn); bord eller rom kan være høyst 80 tegn."),
    "name_taken": lambda: _("En annen gruppe har allerede dette navnet."),
    "session": lambda: _("Velg en programpost i dette arrangementet."),
    "published": lambda: _("Gruppene er publisert. Bekreft at du vil lage dem på nytt."),
    "not_published": lambda: _("Bare publiserte grupper kan fortsette som nettverk."),
    "already": lambda: _("Gruppen fortsetter allerede som nettverk."),
}


def _refused(err: service.Refused) -> None:
    flash(REFUSED[err.reason](), "error")


@bp.post("/form")
@requires("edit")
def form_groups(slug: str):
    event = event_or_404(slug)
    if not Form().validate_on_submit():
        return _back(slug)
    size = number_in(request.form.get("size"), 1, 99)
    try:
        with transaction():
            grouping = service.form(event.id, size or 0, actor(), replace_published=request.form.get("confirm") == "yes")
    except service.Refused as err:
        if err.reason == "published":
            return _page(event, confirm_size=size, status=409)
        _refused(err)
        return _back(slug)
    from app.mentoring.groups import describe_warning

    flash(ngettext("%(num)d gruppe er laget som utkast.", "%(num)d grupper er laget som utkast.",
                   len(grouping.groups)), "success")
    for warning in grouping.warnings:
        flash(describe_warning(warning, _rules(size)), "warning")
    return _back(slug)


@bp.post("/publish")
@requires("edit")
def publish(slug: str):
    event = event_or_404(slug)
    if Form().validate_on_submit():
        try:
            with transaction():
                count = service.publish(event.id, actor())
        except service.Refused as err:
            _refused(err)
        else:
            flash(ngettext("%(num)d gruppe er publisert: den står på navneskiltet og deltakernes side.",
                           "%(num)d grupper er publisert: de står på navneskiltene og deltakernes sider.", count)
                  if count else _("Alle gruppene var allerede publisert."), "success")
    return _back(slug)


@bp.post("/<int:group_id>")
@requires("edit")
def update(slug: str, group_id: int):
    event = event_or_404(slug)
    if Form().validate_on_submit():
        try:
            with transaction():
                group = service.update(event.id, group_id, request.form.get("name", ""),
                                       request.form.get("place", ""), actor())
        except service.Refused as err:
            _refused(err)
        else:
            flash(_("%(name)s er lagret.", name=group.name), "success")
    return _back(slug, f"group-{group_id}")


def _warn(concerns: list) -> None:
    for concern in concerns:
        if concern.code == "size":
            flash(_("%(name)s har nå %(count)d deltakere (utenfor 5–8).", name=concern.group.name,
                    count=concern.count), "warning")
        else:
            flash(_("%(name)s har nå %(count)d deltakere fra %(kommune)s.", name=concern.group.name,
                    count=concern.count, kommune=concern.kommune), "warning")


@bp.post("/move")
@requires("edit")
def move(slug: str):
    event = event_or_404(slug)
    registration_id, to_group = number_in(request.form.get("registration")), number_in(request.form.get("to"))
    from_group = number_in(request.form.get("from"))
    if Form().validate_on_submit():
        try:
            with transaction():
                concerns = service.move(event.id, registration_id or 0, from_group, to_group or 0, actor())
        except service.Refused as err:
            _refused(err)
        else:
            flash(_("Deltakeren er flyttet."), "success")
            _warn(concerns)
    return _back(slug, f"group-{to_group}" if to_group else "")


@bp.post("/add-to-smallest")
@requires("edit")
def add_to_smallest(slug: str):
    event = event_or_404(slug)
    if Form().validate_on_submit():
        try:
            with transaction():
                group, concerns = service.add_to_smallest(event.id, number_in(request.form.get("registration")) or 0,
                                                          actor())
        except service.Refused as err:
            _refused(err)
        else:
            flash(_("Lagt til i %(name)s.", name=group.name), "success")
            _warn(concerns)
    return _back(slug, "ungrouped")


@bp.post("/session")
@requires("edit")
def set_session(slug: str):
    event = event_or_404(slug)
    if Form().validate_on_submit():
        try:
            with transaction():
                service.set_session(event.id, number_in(request.form.get("session")), actor())
        except service.Refused as err:
            _refused(err)
        else:
            flash(_("Gruppesesjonen er lagret."), "success")
    return _back(slug, "session")


@bp.post("/notices/clear")
@requires("edit")
def clear_notices(slug: str):
    event = event_or_404(slug)
    if Form().validate_on_submit():
        with transaction():
            service.clear_notices(event.id, actor())
        flash(_("Merknadene er fjernet."), "success")
    return _back(slug)


@bp.post("/<int:group_id>/network")
@requires("edit")
def continue_as_network(slug: str, group_id: int):
    event = event_or_404(slug)
    if Form().validate_on_submit():
        try:
            with transaction():
                series, invited = network.continue_as_network(event.id, group_id, actor())
        except service.Refused as err:
            _refused(err)
        else:
            flash(ngettext("Gruppen fortsetter som nettverket «%(series)s». %(num)d medlem har fått e-post med "
                           "lenken.", "Gruppen fortsetter som nettverket «%(series)s». %(num)d medlemmer har fått "
                           "e-post med lenken.", invited, series=series.title), "success")
    return _back(slug, f"group-{group_id}")
