from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth import bp, service
from app.auth.access import allowed
from app.auth.forms import LoginForm
from app.core.transaction import transaction
from app.core.urls import safe_next
from app.extensions import limiter, login_manager
from app.models import User


@login_manager.user_loader
def _load_user(stored_id: str) -> User | None:
    # Only a sign-in that is still valid: not logged out, not ended by "Logg ut overalt" or a new
    # password; a deactivated account loses access at once, also in sessions signed in before.
    return service.user_for_sign_in(stored_id)


login_manager.login_view = "auth.login"
login_manager.login_message = None


def _landing(user: User) -> str:
    """Whoever may see an event's pages: the back office. Door staff only: their event's scanner, or the list of
    their events when they have several (or none)."""
    if allowed(user, "view"):
        return "/admin/"
    events = service.scanning_events(user)
    if len(events) == 1:
        return url_for("checkin.scanner", slug=events[0].slug)
    return url_for("checkin.my_events")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10 per minute; 50 per hour", methods=["POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        with transaction():
            user = service.authenticate(form.email.data, form.password.data)
            if user is not None:
                service.start_sign_in(user, remember=form.remember.data)
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
            with transaction():
                service.end_sign_in(current_user)
            logout_user()
        flash(_("Du er logget ut."), "success")
        return redirect(url_for("public.index"), code=303)
    return render_template("auth/logout.html")


@bp.post("/logout/everywhere")
@login_required
def logout_everywhere():
    """'Logg ut overalt': every browser and remember-me cookie of this user, this one too."""
    with transaction():
        current_user.end_all_sessions()
    logout_user()
    flash(_("Du er logget ut på alle enheter."), "success")
    return redirect(url_for("auth.login"), code=303)
