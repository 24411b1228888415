"""My profile: name, title, organisation, bio and photo."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from app.speakers import auth, bp, limits, service
from app.speakers.forms import BIO_MAX, PhotoForm, ProfileForm
from app.speakers.messages import upload_message
from app.speakers.uploads import MB, PHOTO_MAX_BYTES, UploadError


def _page(speaker, form: ProfileForm, photo_form: PhotoForm, status: int = 200):  # noqa: ANN001
    return render_template("speakers/profile.html", speaker=speaker, form=form, photo_form=photo_form,
                           bio_max=BIO_MAX, photo_mb=PHOTO_MAX_BYTES // MB), status


@bp.route("/profile", methods=["GET", "POST"])
@auth.speaker_required
def profile():
    speaker = auth.current_speaker()
    form = ProfileForm(obj=speaker)
    if form.validate_on_submit():
        values = service.ProfileValues(form.name.data, form.title.data, form.organisation.data, form.bio.data)
        if service.update_profile(speaker, values):
            flash(_("Profilen er lagret. Programsiden viser endringen nå."), "success")
        else:
            flash(_("Ingen endringer å lagre."), "info")
        return redirect(url_for("speakers.profile"), code=303)
    return _page(speaker, form, PhotoForm(prefix="photo", formdata=None), 400 if form.errors else 200)


@bp.post("/profile/photo")
@auth.speaker_required
def upload_photo():
    speaker = auth.current_speaker()
    photo_form = PhotoForm(prefix="photo")
    status = 400
    if photo_form.validate_on_submit():
        try:
            limits.count_upload()
            service.set_photo(speaker, photo_form.file.data.stream)
        except UploadError as err:
            photo_form.file.errors.append(upload_message(err, "photo"))
            status = err.status
        else:
            flash(_("Bildet er lagret."), "success")
            return redirect(url_for("speakers.profile"), code=303)
    return _page(speaker, ProfileForm(obj=speaker, formdata=None), photo_form, status)


@bp.post("/profile/photo/remove")
@auth.speaker_required
def remove_photo():  # CSRF is checked for every POST by CSRFProtect
    service.remove_photo(auth.current_speaker())
    flash(_("Bildet er fjernet."), "success")
    return redirect(url_for("speakers.profile"), code=303)
