"""Registration routes. (The form and the full manage page are built in the registration issue.)"""
from __future__ import annotations

from flask import abort, render_template

from app.registration import bp, links


@bp.get("/me/<token>")
def manage(token: str):
    registration = links.by_manage_token(token)
    if registration is None:
        abort(404)
    return render_template("registration/manage.html", registration=registration, event=registration.event)
