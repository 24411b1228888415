"""The organisers' pages of the library (/admin/resources): administrators and arrangører change it,
lesetilgang reads it (with the download counts)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.admin.common import actor, ask_first, confirmed
from app.admin.labels import globals_ as admin_globals
from app.auth.access import requires
from app.core.forms import apply_errors
from app.core.transaction import transaction
from app.resources import files, service
from app.resources.forms import ResourceForm
from app.resources.labels import globals_
from app.speakers.uploads import UploadError

bp = Blueprint("resources_organiser", __name__, url_prefix="/admin/resources")
bp.context_processor(admin_globals)
bp.context_processor(globals_)

ERRORS = {
    "file_or_body": _l("Last opp en fil eller skriv innholdet som en side."),
    "too_long": _l("Teksten er for lang."),
}
UPLOAD_ERRORS = {
    "empty": _l("Filen er tom."),
    "too_large": _l("Filen er for stor: høyst %(mb)d MB.", mb=files.MAX_BYTES // (1024 * 1024)),
    "not_document": _l("Filen må være PDF, Word (docx), Excel (xlsx), PowerPoint (pptx) eller OpenDocument "
                       "(odt, ods)."),
}


@bp.get("")
@requires("view", event=None)
def index():
    return render_template("resources/organiser/index.html", resources=service.listing())


@bp.route("/new", methods=["GET", "POST"])
@requires("edit", event=None)
def new():
    form = ResourceForm()
    if form.validate_on_submit() and (saved := _save(form, None)) is not None:
        flash(_("Ressursen er lagt til."), "success")
        return redirect(url_for("resources_organiser.edit", resource_id=saved), code=303)
    return render_template("resources/organiser/form.html", form=form, resource=None), 400 if form.errors else 200


@bp.route("/<int:resource_id>", methods=["GET", "POST"])
@requires("edit", event=None)
def edit(resource_id: int):
    resource = _resource_or_404(resource_id)
    form = ResourceForm(obj=resource) if request.method == "GET" else ResourceForm()
    if request.method == "GET":
        form.themes.data = resource.theme_codes
    if form.validate_on_submit() and _save(form, resource_id) is not None:
        flash(_("Ressursen er lagret."), "success")
        return redirect(url_for("resources_organiser.edit", resource_id=resource_id), code=303)
    return render_template("resources/organiser/form.html", form=form, resource=resource), \
        400 if form.errors else 200


@bp.post("/<int:resource_id>/delete")
@requires("edit", event=None)
def delete(resource_id: int):
    resource = _resource_or_404(resource_id)
    if not confirmed():
        return ask_first(_("Slette «%(title)s»?", title=resource.title),
                         _("Ressursen og filen dens slettes fra biblioteket."), _("Slett ressursen"),
                         url_for("resources_organiser.edit", resource_id=resource_id))
    with transaction():
        stored_name = service.delete(resource_id, actor())
    files.remove(stored_name)
    flash(_("Ressursen er slettet."), "success")
    return redirect(url_for("resources_organiser.index"), code=303)


def _resource_or_404(resource_id: int):
    try:
        return service.get(resource_id)
    except service.NotFound:
        abort(404)


def _save(form: ResourceForm, resource_id: int | None) -> int | None:
    """Store the upload (if any), then the resource; the resource's id, or None with the errors on the form
    (and nothing kept: a stored upload is removed again)."""
    stored = _store_upload(form)
    if stored is False:
        return None
    try:
        with transaction():
            if resource_id is None:
                resource_id, replaced = service.create(form.to_draft(), stored, actor()).id, None
            else:
                replaced = service.update_resource(resource_id, form.to_draft(), stored, actor())
    except service.Invalid as err:
        files.remove(stored.stored_name if stored else None)
        apply_errors(form, err.errors, overrides={"body": ERRORS})
        return None
    except Exception:
        files.remove(stored.stored_name if stored else None)
        raise
    files.remove(replaced)
    return resource_id


def _store_upload(form: ResourceForm):
    """The stored file, None when none was sent, or False with the reason on the form."""
    upload = form.file.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    try:
        stored_name, kind, size = files.read_and_store(upload.stream)
    except UploadError as err:
        form.file.errors = [str(UPLOAD_ERRORS.get(err.reason, UPLOAD_ERRORS["not_document"]))]
        return False
    original = upload.filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    return service.StoredFile(stored_name, kind, size, original)
