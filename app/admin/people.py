"""The back office's accounts (administrators only). Roles on events are set on each event's team page."""
from __future__ import annotations

from flask import abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.admin import accounts, bp
from app.admin.account_forms import UserForm
from app.admin.common import actor, ask_first, confirmed
from app.auth.access import requires
from app.core.forms import apply_errors
from app.core.transaction import transaction
from app.core.urls import moved
from app.models import UserRole
from app.program.errors import Invalid, NotFound

EMAIL_TAKEN = {"email": {"taken": _l("Det finnes allerede en bruker med denne e-postadressen.")}}


def _user_or_404(user_id: int):
    try:
        return accounts.get(user_id)
    except NotFound:
        abort(404)


@bp.get("/users")
@requires("admin", event=None)
def people():
    return render_template("admin/people/index.html", users=accounts.users())


@bp.route("/users/new", methods=["GET", "POST"])
@requires("admin", event=None)
def new_user():
    form = UserForm()
    form.fill_choices()
    if form.validate_on_submit():
        try:
            with transaction():
                user, password = accounts.create(form.email.data, form.name.data or "", UserRole(form.role.data),
                                                 actor())
        except Invalid as err:
            apply_errors(form, err.errors, EMAIL_TAKEN)
        else:
            return shown_once(render_template("admin/people/password.html", user=user, password=password, new=True))
    return render_template("admin/people/form.html", form=form, user=None), 400 if form.errors else 200


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@requires("admin", event=None)
def user(user_id: int):
    found = _user_or_404(user_id)
    form = UserForm(obj=found)
    form.fill_choices()
    if not form.is_submitted():
        form.role.data = found.role.value
    form.email.data = found.email  # the e-mail is the sign-in name: not changed here
    if form.validate_on_submit():
        try:
            with transaction():
                accounts.update(user_id, form.name.data or "", UserRole(form.role.data), actor())
        except Invalid as err:
            apply_errors(form, err.errors)
        else:
            flash(_("Brukeren er lagret."), "success")
            return redirect(url_for("admin.people"), code=303)
    return render_template("admin/people/form.html", form=form, user=found), 400 if form.errors else 200


@bp.post("/users/<int:user_id>/deactivate")
@requires("admin", event=None)
def deactivate_user(user_id: int):
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/activate")
@requires("admin", event=None)
def activate_user(user_id: int):
    return _set_active(user_id, True)


def _set_active(user_id: int, active: bool):
    found = _user_or_404(user_id)
    try:
        with transaction():
            accounts.set_active(user_id, active, actor())
    except Invalid:
        flash(_("Du kan ikke deaktivere din egen konto."), "error")
    else:
        flash(_("%(email)s er aktivert.", email=found.email) if active
              else _("%(email)s er deaktivert og kan ikke lenger logge inn.", email=found.email), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


@bp.post("/users/<int:user_id>/reset-password")
@requires("admin", event=None)
def reset_password(user_id: int):
    found = _user_or_404(user_id)
    if not confirmed():
        return ask_first(_("Lage nytt passord for %(email)s?", email=found.email),
                         _("Det gamle passordet slutter å virke med en gang, og %(email)s blir logget ut overalt. "
                           "Det nye passordet vises bare én gang.", email=found.email),
                         _("Ja, lag nytt passord"), url_for("admin.user", user_id=user_id))
    with transaction():
        password = accounts.reset_password(user_id, actor())
    return shown_once(render_template("admin/people/password.html", user=found, password=password, new=False))


@bp.post("/users/<int:user_id>/end-sessions")
@requires("admin", event=None)
def end_sessions(user_id: int):
    found = _user_or_404(user_id)
    with transaction():
        accounts.end_sessions(user_id, actor())
    flash(_("%(email)s er logget ut på alle enheter.", email=found.email), "success")
    return redirect(url_for("admin.user", user_id=user_id), code=303)


def shown_once(html: str):
    """A page with a password: never stored by the browser or anything in between."""
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


moved(bp, "/people", "admin.people")
moved(bp, "/people/new", "admin.new_user")
moved(bp, "/people/<int:user_id>", "admin.user")
