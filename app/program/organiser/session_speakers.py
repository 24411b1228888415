"""Who speaks in a session: add an existing speaker (found by search), add a new one and invite them, remove."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin.common import actor, ask_first, confirmed, event_or_404
from app.auth.access import requires
from app.core.forms import apply_errors
from app.core.transaction import transaction
from app.models import SpeakerRole
from app.program import editing
from app.program.errors import ConflictsFound, Invalid, NotFound
from app.program.organiser import bp
from app.program.organiser.program import session_or_404, session_page
from app.program.organiser.session_forms import AddSpeakerForm, NewSpeakerForm
from app.speakers import directory as speaker_service
from app.speakers import signin
from app.speakers.directory import SpeakerDraft


def _back(slug: str, session_id: int):
    return redirect(url_for("program_organiser.edit_session", slug=slug, session_id=session_id) + "#speakers", code=303)


@bp.post("/events/<slug:slug>/sessions/<int:session_id>/speakers")
@requires("edit")
def add_session_speaker(slug: str, session_id: int):
    event = event_or_404(slug)
    session = session_or_404(event, session_id)
    form = AddSpeakerForm(prefix="add")
    if not form.validate_on_submit() or not form.speaker_id.data.isdigit():
        abort(400)
    try:
        with transaction():
            editing.add_speaker(event.id, session.id, int(form.speaker_id.data), SpeakerRole(form.role.data), actor(),
                                confirmed=request.form.get("confirm"))
    except NotFound:
        abort(404)
    except ConflictsFound as err:
        speaker = speaker_service.get(int(form.speaker_id.data))
        return render_template("program/organiser/program/speaker_conflict.html", event=event, session=session, speaker=speaker,
                               form=form, conflicts=err.conflicts, fingerprint=err.fingerprint), 409
    flash(_("Foredragsholderen er lagt til."), "success")
    return _back(slug, session_id)


@bp.post("/events/<slug:slug>/sessions/<int:session_id>/speakers/new")
@requires("edit")
def new_session_speaker(slug: str, session_id: int):
    """Create a speaker, add them to the session and (when asked) e-mail an invitation to the portal."""
    event = event_or_404(slug)
    session = session_or_404(event, session_id)
    form = NewSpeakerForm(prefix="sp")
    if form.validate_on_submit():
        draft = SpeakerDraft(form.name.data, (form.email.data or "").strip(), form.title.data or "",
                             form.organisation.data or "")
        try:
            with transaction():
                speaker = speaker_service.create_speaker(draft, actor())
        except Invalid as err:
            apply_errors(form, err.errors, {"email": {"taken": _("En foredragsholder med denne e-postadressen finnes "
                                                                 "allerede. Søk etter navnet og legg til.")}})
        else:
            with transaction():
                editing.add_speaker(event.id, session.id, speaker.id, SpeakerRole(form.role.data), actor(),
                                    confirmed="")  # a new speaker has no other sessions
            if form.invite.data and speaker.email:
                with transaction():
                    signin.send_link(speaker, invited_by=current_user._get_current_object())
                flash(_("%(name)s er lagt til og invitert på e-post.", name=speaker.name), "success")
            else:
                flash(_("%(name)s er lagt til.", name=speaker.name), "success")
            return _back(slug, session_id)
    return session_page(event, session, new_speaker=form, status=400)


@bp.post("/events/<slug:slug>/sessions/<int:session_id>/speakers/<int:speaker_id>/remove")
@requires("edit")
def remove_session_speaker(slug: str, session_id: int, speaker_id: int):
    event = event_or_404(slug)
    session = session_or_404(event, session_id)
    link = next((ln for ln in session.speaker_links if ln.speaker_id == speaker_id), None)
    if link is None:
        abort(404)
    if not confirmed():
        return ask_first(_("Fjerne %(name)s fra «%(title)s»?", name=link.speaker.name, title=session.title),
                         _("Foredragsholderen forsvinner fra programposten i programmet og kalenderne. "
                           "Du kan legge vedkommende til igjen etterpå."),
                         _("Ja, fjern foredragsholderen"),
                         url_for("program_organiser.edit_session", slug=slug, session_id=session_id) + "#speakers")
    try:
        with transaction():
            editing.remove_speaker(event.id, session.id, speaker_id, actor())
    except NotFound:
        abort(404)
    flash(_("Foredragsholderen er fjernet fra programposten."), "success")
    return _back(slug, session_id)
