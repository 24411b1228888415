"""Påmeldinger › Påminnelser: which reminders of the event went out, how many and when (lesetilgang reads it)."""
from __future__ import annotations

from flask import Blueprint, render_template

from app.admin.common import event_or_404
from app.auth.access import requires
from app.reminders import overview

bp = Blueprint("reminders_organiser", __name__, url_prefix="/admin/events/<slug:slug>/reminders")


@bp.get("")
@requires("view")
def page(slug: str):
    event = event_or_404(slug)
    return render_template("reminders/organiser.html", event=event, kinds=overview.summary(event))
