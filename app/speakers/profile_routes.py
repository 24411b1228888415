"""My profile: name, title, organisation, bio and photo, in one form, so nothing typed is lost."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.core import markdown
from app.core.transaction import transaction
from app.speakers import auth, bp, limits, service
from app.speakers.forms import BIO_MAX, ProfileForm
from app.speakers.messages import upload_message
from app.speakers.uploads import MB, PHOTO_MAX_BYTES, UploadError


@bp.route("/profile", methods=["GET", "POST"])
@auth.speaker_required
def profile():
    """One form: the texts, a new photo or removing the old one. A photo that is refused leaves
    everything as it was and shows the form again with what was typed."""
    speaker = auth.current_speaker()
    form = ProfileForm(obj=speaker)
    if form.validate_on_submit():
        values = service.ProfileValues(form.name.data, form.title.data, form.organisation.data, form.bio.data)
        try:
            with transaction():  # the photo and the texts together, or neither
                saved = _save_photo(speaker, form)
                changed = service.update_profile(speaker, values)
        except UploadError as err:
            form.photo.errors.append(upload_message(err, "photo"))
            return _page(speaker, form, err.status)
        flash(saved or (_("Profilen er lagret. Programsiden viser endringen nå.") if changed
                        else _("Ingen endringer å lagre.")), "success" if saved or changed else "info")
        return redirect(url_for("speakers.profile"), code=303)
    return _page(speaker, form, 400 if form.errors else 200)


def _page(speaker, form: ProfileForm, status: int):
    return render_template("speakers/profile.html", speaker=speaker, form=form, bio_max=BIO_MAX,
                           photo_mb=PHOTO_MAX_BYTES // MB), status


def _save_photo(speaker, form: ProfileForm) -> str:
    """The photo part of a valid form: '' when there was none to change, the message when it was
    changed; UploadError when the file is refused (too many uploads, too large, not a photo)."""
    if form.photo.data:
        limits.count_upload()
        service.set_photo(speaker, form.photo.data.stream)
        return _("Profilen og bildet er lagret.")
    if form.remove_photo.data and speaker.photo_path:
        service.remove_photo(speaker)
        return _("Profilen er lagret, og bildet er fjernet.")
    return ""


@bp.post("/preview")
@auth.speaker_required
def preview_text():
    """The sanitised HTML of a bio or description as typed, for the «Forhåndsvis» button (nothing is saved)."""
    return markdown.preview(request.form.get("text", ""))
