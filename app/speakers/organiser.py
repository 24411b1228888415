"""Speakers: the list, editing, inviting to the speakers' portal, and what each speaker changed."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app.admin.common import actor
from app.admin.labels import globals_
from app.audit.log import changes_of
from app.auth.access import requires
from app.core.forms import apply_errors
from app.core.transaction import transaction
from app.program.errors import Invalid, NotFound
from app.speakers import directory as speaker_service
from app.speakers import signin
from app.speakers.forms import SpeakerForm

bp = Blueprint("speakers_organiser", __name__, url_prefix="/admin")
bp.context_processor(globals_)  # the workspace's words for codes, as on every organiser page


TAKEN = {"email": {"taken": _l("En annen foredragsholder har denne e-postadressen.")}}


def _speaker_or_404(speaker_id: int):
    try:
        return speaker_service.get(speaker_id)
    except NotFound:
        abort(404)


@bp.get("/speakers")
@requires("view", event=None)
def speakers():
    q = request.args.get("q", "").strip()[:100]
    found = speaker_service.search(q, limit=500)
    return render_template("speakers/organiser/index.html", speakers=found, q=q,
                           counts=speaker_service.session_counts([s.id for s in found]))


@bp.route("/speakers/new", methods=["GET", "POST"])
@requires("edit", event=None)
def new_speaker():
    form = SpeakerForm()
    if form.validate_on_submit():
        try:
            with transaction():
                speaker = speaker_service.create_speaker(form.to_draft(), actor())
        except Invalid as err:
            apply_errors(form, err.errors, TAKEN)
        else:
            flash(_("%(name)s er lagt til.", name=speaker.name), "success")
            return redirect(url_for("speakers_organiser.speaker", speaker_id=speaker.id), code=303)
    return render_template("speakers/organiser/form.html", form=form, speaker=None), 400 if form.errors else 200


@bp.route("/speakers/<int:speaker_id>", methods=["GET", "POST"])
@requires("edit", event=None)
def speaker(speaker_id: int):
    found = _speaker_or_404(speaker_id)
    form = SpeakerForm(obj=found)
    if form.validate_on_submit():
        try:
            with transaction():
                speaker_service.update_speaker(speaker_id, form.to_draft(), actor())
        except Invalid as err:
            apply_errors(form, err.errors, TAKEN)
        else:
            flash(_("Endringene er lagret."), "success")
            return redirect(url_for("speakers_organiser.speaker", speaker_id=speaker_id), code=303)
    history = [(entry, changes_of(entry)) for entry in speaker_service.history(speaker_id)]
    return render_template("speakers/organiser/form.html", form=form, speaker=found, history=history,
                           sessions=speaker_service.sessions_of(speaker_id)), 400 if form.errors else 200


@bp.post("/speakers/<int:speaker_id>/invite")
@requires("edit", event=None)
def invite_speaker(speaker_id: int):
    found = _speaker_or_404(speaker_id)
    if not found.email:
        flash(_("Legg inn e-postadressen først."), "error")
    else:
        with transaction():
            signin.send_link(found, invited_by=current_user._get_current_object())
        flash(_("Invitasjonen er sendt til %(email)s.", email=found.email), "success")
    return redirect(url_for("speakers_organiser.speaker", speaker_id=speaker_id), code=303)
