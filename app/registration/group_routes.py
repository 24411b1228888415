"""The group registration form, /events/<slug>/register/group: the contact and payer once, a row per colleague.

Without JavaScript «Legg til kollega» is a submit that comes back with one more row and everything typed;
app/static/js/group-rows.js adds the row in the page instead. A valid form is not registered at once: the
page comes back saying how many would get a seat and how many would go on the waiting list, with a button
to confirm; the confirming request registers the whole group under the event's lock, or, if the seats have
changed meanwhile, shows the new split again having written nothing.
"""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from app.core.transaction import transaction
from app.invoicing import prices
from app.models import Event
from app.program import queries
from app.registration import choices, groups
from app.registration.errors import (
    AddOnFull,
    EmailsTaken,
    InvalidAddOn,
    InvalidSessionChoice,
    RegistrationClosed,
    SplitChanged,
)
from app.registration.group_forms import GroupForm
from app.registration.messages import add_on_full_message, add_on_invalid_message, session_choice_message
from app.registration.routes import _closed, registration_form

ADD_ROW = "add_row"
CONFIRM = "confirm"


def split_message(split: groups.Split) -> str:
    """«3 får plass, 1 kommer på venteliste»."""
    seated = ngettext("%(num)d får plass", "%(num)d får plass", split.seated)
    if not split.waitlisted:
        return seated
    return _("%(seated)s, %(waiting)s", seated=seated,
             waiting=ngettext("%(num)d kommer på venteliste", "%(num)d kommer på venteliste", split.waitlisted))


def _taken_message(event: Event) -> str:
    return _("Denne e-postadressen er allerede påmeldt %(title)s.", title=event.title)


def _page(event: Event, form: GroupForm, status: int, *, split: groups.Split | None = None, changed: bool = False,
          notice: str | None = None):
    form.offer_kommuner()
    form.default_prices()
    state = queries.event_state(event)
    form.split.data = str(split) if split is not None else ""
    return render_template(
        "registration/group.html", event=event, form=form, slots=choices.signup_slots(event),
        counts=state.sessions, event_counts=state.event, price_offers=form.price_offers(),
        add_on_seats=form.add_on_seats(), split=split, split_text=split_message(split) if split else "",
        changed=changed, notice=notice, queued_for_event=choices.seat_state(state.event) == "full",
    ), status


@registration_form("/events/<slug:slug>/register/group")
def register_group(event: Event):
    posted = request.method == "POST"
    form = GroupForm.for_event(event)
    if not posted:
        return _page(event, form, 200)
    if ADD_ROW in request.form:
        added = form.add_row()
        return _page(event, form, 200, notice=None if added else _("En gruppe kan ha høyst %(n)d kolleger.",
                                                                     n=len(form.colleagues.entries)))
    form.drop_blank_rows()
    if not form.validate_on_submit():
        return _page(event, form, 400)
    expected = groups.Split.parse(form.split.data) if CONFIRM in request.form else None
    if expected is None:
        return _preview(event, form)
    return _confirm(event, form, expected)


def _preview(event: Event, form: GroupForm):
    """The first valid POST: the split as it stands, nothing written."""
    taken = groups.taken_emails(event.id, [(e.form.email.data or "").strip().lower() for e in form.colleagues])
    if taken:
        form.mark_taken(taken, _taken_message(event))
        return _page(event, form, 400)
    if form.mark_full_add_ons():
        return _page(event, form, 400)
    return _page(event, form, 200, split=groups.split(event.id, len(form.colleagues.entries)))


def _confirm(event: Event, form: GroupForm, expected: groups.Split):
    try:
        with transaction():
            _group, _registrations, token = groups.register_group(event.id, form.contact(), form.colleagues_of(),
                                                                  expected)
    except SplitChanged as exc:
        return _page(event, form, 409, split=exc.split, changed=True)
    except EmailsTaken as exc:
        form.mark_taken(exc.emails, _taken_message(event))
        return _page(event, form, 400)
    except RegistrationClosed as exc:
        return _closed(event, exc.reason, 400)
    except InvalidSessionChoice as exc:
        return _page(event, form, 400, notice=session_choice_message(exc))
    except AddOnFull as exc:  # taken meanwhile: the rows it concerns say so, nothing was written
        full = form.mark_full_add_ons()
        return _page(event, form, 400, notice=None if full else add_on_full_message(exc.name))
    except InvalidAddOn:
        return _page(event, form, 400, notice=add_on_invalid_message())
    except prices.PriceNotApplicable as exc:
        return _page(event, form, 400, notice=exc.message)
    flash(_("Takk! Gruppen er påmeldt. Hver kollega får sin egen bekreftelse, og du får lenken til denne siden "
            "på e-post til %(email)s.", email=form.contact_email.data), "success")
    return redirect(url_for("registration.group_page", token=token), code=303)
