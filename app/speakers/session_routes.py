"""My sessions: the text of a session, its materials, and the note to the organisers."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.core.transaction import transaction
from app.speakers import auth, bp, limits, materials, service
from app.speakers.forms import ABSTRACT_MAX, DESCRIPTION_MAX, LinkForm, MaterialForm, SessionForm
from app.speakers.messages import portal_message, upload_message
from app.speakers.uploads import MATERIAL_MAX_BYTES, MB, UploadError


def _mine(session_id: int):
    speaker = auth.current_speaker()
    try:
        return speaker, service.session_of(speaker.id, session_id)
    except service.NotYours:
        abort(404)


def _page(speaker, session, form=None, material_form=None, link_form=None, problem=None, status=200):
    return render_template(
        "speakers/session.html", speaker=speaker, session=session,
        form=form or SessionForm(obj=session, formdata=None),
        material_form=material_form or MaterialForm(prefix="file", formdata=None),
        link_form=link_form or LinkForm(prefix="link", formdata=None),
        problem=problem, editable=service.is_editable(session), deadline=service.deadline(session.event),
        co_speakers=service.co_speakers(session, speaker.id), role=service.role_of(session, speaker.id),
        abstract_max=ABSTRACT_MAX, description_max=DESCRIPTION_MAX, material_mb=MATERIAL_MAX_BYTES // MB,
    ), status


def _back(session_id: int, anchor: str = ""):
    return redirect(url_for("speakers.session", session_id=session_id) + anchor, code=303)


@bp.get("/sessions")
@auth.speaker_required
def sessions():
    speaker = auth.current_speaker()
    groups = service.by_event(service.my_sessions(speaker.id))
    return render_template("speakers/sessions.html", speaker=speaker, groups=groups,
                           editable=service.is_editable)


@bp.route("/sessions/<int:session_id>", methods=["GET", "POST"])
@auth.speaker_required
def session(session_id: int):
    speaker, item = _mine(session_id)
    form = SessionForm(obj=item)
    if form.validate_on_submit():
        values = service.SessionValues(form.title.data, form.abstract.data, form.description.data,
                                       form.technical_needs.data)
        try:
            with transaction():
                changed = service.update_session(speaker, item, values)
        except service.PortalError as err:
            return _page(speaker, item, form, problem=portal_message(err), status=409)
        flash(_("Sesjonen er lagret. Programsiden viser endringen nå.") if changed else _("Ingen endringer å lagre."),
              "success" if changed else "info")
        return _back(session_id)
    return _page(speaker, item, form, status=400 if form.errors else 200)


@bp.post("/sessions/<int:session_id>/materials")
@auth.speaker_required
def add_material(session_id: int):
    speaker, item = _mine(session_id)
    form = MaterialForm(prefix="file")
    status = 400
    if form.validate_on_submit():
        upload = form.file.data
        try:
            limits.count_upload()
            with transaction():
                materials.add_material_file(speaker, item, upload.stream, upload.filename or "", form.title.data)
        except UploadError as err:
            form.file.errors.append(upload_message(err, "material"))
            status = err.status
        except service.PortalError as err:
            return _page(speaker, item, material_form=form, problem=portal_message(err), status=409)
        else:
            flash(_("Filen er lagt til."), "success")
            return _back(session_id, "#materials-heading")
    return _page(speaker, item, material_form=form, status=status)


@bp.post("/sessions/<int:session_id>/links")
@auth.speaker_required
def add_link(session_id: int):
    speaker, item = _mine(session_id)
    form = LinkForm(prefix="link")
    if form.validate_on_submit():
        try:
            with transaction():
                materials.add_material_link(speaker, item, form.url.data, form.title.data)
        except service.PortalError as err:
            if err.reason != "bad_link":
                return _page(speaker, item, link_form=form, problem=portal_message(err), status=409)
            form.url.errors.append(portal_message(err))
        else:
            flash(_("Lenken er lagt til."), "success")
            return _back(session_id, "#materials-heading")
    return _page(speaker, item, link_form=form, status=400)


@bp.post("/sessions/<int:session_id>/materials/<int:material_id>/delete")
@auth.speaker_required
def delete_material(session_id: int, material_id: int):
    speaker, item = _mine(session_id)
    try:
        with transaction():
            materials.remove_material(speaker, item, material_id)
    except service.NotYours:
        abort(404)
    except service.PortalError as err:
        return _page(speaker, item, problem=portal_message(err), status=409)
    flash(_("Materiellet er slettet."), "success")
    return _back(session_id, "#materials-heading")
