"""E-mail to the registrations the list's filters select: write, preview, send (through the outbox)."""
from __future__ import annotations

import secrets

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.admin.common import actor, event_or_404
from app.auth.access import requires
from app.core.transaction import transaction
from app.core.urls import moved
from app.registration import bulkmail
from app.registration.organiser import bp
from app.registration.organiser.forms import BulkMailForm
from app.registration.organiser.registrations import filter_form


@bp.route("/events/<slug:slug>/mail", methods=["GET", "POST"])
@requires("edit")
def bulk_email(slug: str):
    """GET: write. POST with 'preview': show the message as the first recipient gets it. POST with 'send': send."""
    event = event_or_404(slug)
    filters = filter_form(event).filters()
    form = BulkMailForm()
    if not form.batch.data:
        form.batch.data = secrets.token_hex(8)
    preview = None
    if form.validate_on_submit():
        draft = bulkmail.Draft(form.subject.data, form.body.data)
        if request.form.get("action") == "send":
            with transaction():
                queued = bulkmail.send(event.id, filters, draft, form.batch.data, actor())
            flash(_("%(n)d e-poster er lagt i utsendingskøen.", n=queued), "success")
            return redirect(url_for("registration_organiser.registrations", slug=slug, **filters.args()), code=303)
        preview = bulkmail.preview(event.id, filters, draft)
    count = preview.count if preview is not None else bulkmail.recipient_count(event.id, filters)
    status = 400 if form.errors else 200
    return render_template("registration/organiser/email.html", event=event, form=form, filters=filters,
                           preview=preview, count=count), status


moved(bp, "/events/<slug:slug>/registrations/email", "registration_organiser.bulk_email")
