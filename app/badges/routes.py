"""Badge downloads: the participant's own badge and the organisers' print sheet."""
from __future__ import annotations

from flask import abort, render_template

from app.badges import bp, service
from app.core.downloads import file_response
from app.registration import links


@bp.get("/me/<token>/badge.pdf")
def my_badge(token: str):
    registration = links.by_manage_token(token)
    if registration is None:
        abort(404)
    try:
        data = service.single(registration)
    except service.NotConfirmed:
        return render_template("badges/not_confirmed.html", registration=registration,
                               event=registration.event, token=token), 409
    return file_response(data, "application/pdf", f"navneskilt-{registration.event.slug}.pdf", inline=True)


