"""/admin/reach/invite: an invitation from a segment to an event or a series. GET shows the form and, once a
segment and a target are chosen, the number of recipients and a sample of the mail (administrators, arrangører
and lesetilgang); POST queues it (administrators and arrangører)."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.exc import IntegrityError

from app.admin.common import actor
from app.auth.access import requires
from app.core.transaction import transaction
from app.reach import bp, invitations
from app.reach.forms import InviteForm


def _problem(err: invitations.NotInvitable) -> str:
    return {"past": _("Arrangementet er over. Velg et arrangement som ikke har vært ennå."),
            "unknown": _("Velg et publisert arrangement som kommer, eller et åpent nettverk."),
            "empty": _("Ingen i utvalget kan inviteres: ingen har sagt ja til å bli kontaktet, eller alle er "
                       "invitert før.")}[err.code]


def _page(form: InviteForm, preview=None, target=None, problem: str | None = None, status: int = 200):
    return render_template("reach/invite.html", form=form, preview=preview, target=target, problem=problem,
                           label=form.label() if preview is not None else ""), status


@bp.get("/reach/invite")
@requires("view", event=None)
def invite():
    form = InviteForm.build(formdata=request.args, meta={"csrf": False})
    if "target" not in request.args:  # the form, perhaps with a segment chosen (the reach page's link)
        return _page(form)
    if not form.validate():
        return _page(form, status=400)
    try:
        target = invitations.target(form.target.data)
    except invitations.NotInvitable as err:
        form.target.errors.append(_problem(err))
        return _page(form, problem=_problem(err), status=400)
    return _page(form, invitations.preview(form.to_segment(), target), target)


@bp.post("/reach/invite")
@requires("edit", event=None)
def send_invitation():
    form = InviteForm.build()
    if not form.validate():
        return _page(form, status=400)
    try:
        with transaction():
            target = invitations.target(form.target.data)
            queued = invitations.send(form.to_segment(), target, form.label(), actor())
    except invitations.NotInvitable as err:
        if err.code != "empty":
            form.target.errors.append(_problem(err))
        return _page(form, problem=_problem(err), status=400)
    except IntegrityError:  # the same invitations queued a moment ago by another click (the dedupe key)
        return _page(form, problem=_problem(invitations.NotInvitable("empty")), status=409)
    flash(ngettext("%(num)d invitasjon til %(target)s er lagt i utboksen.",
                   "%(num)d invitasjoner til %(target)s er lagt i utboksen.", queued, target=target.title), "success")
    return redirect(url_for("reach.invite", **form.args()), code=303)
