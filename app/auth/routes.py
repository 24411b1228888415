from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import bp, service
from app.auth.forms import LoginForm
from app.core.urls import safe_next
from app.extensions import db, limiter, login_manager
from app.models import User


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    # A deactivated account loses access at once, also in sessions that were signed in before.
    return user if user is not None and user.active else None


login_manager.login_view = "auth.login"
login_manager.login_message = None


def _landing(user: User) -> str:
    return "/admin/" if user.is_organiser else "/"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = service.authenticate(form.email.data, form.password.data)
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("Du er logget inn."), "success")
            return redirect(safe_next(request.args.get("next"), _landing(user)), code=303)
        error = _("Feil e-postadresse eller passord.")
    elif request.method == "POST":
        error = _("Skjemaet har feil. Se under.")
    return render_template("auth/login.html", form=form, error=error)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method == "POST":
        if current_user.is_authenticated:
            logout_user()
        flash(_("Du er logget ut."), "success")
        return redirect(url_for("public.index"), code=303)
    return render_template("auth/logout.html")
