"""The group registration's forms: the contact and payer once, then one row per colleague (a FieldList of
ColleagueForm: `colleagues-<n>-first_name` …, the workshops as `colleagues-<n>-sessions-<slot>`)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, FieldList, FormField, HiddenField, RadioField, StringField
from wtforms.validators import AnyOf, DataRequired, Email, Optional, ValidationError

from app.core.forms import Form
from app.invoicing import prices
from app.models import Event, RegistrationGroup, YearsBand
from app.registration import choices
from app.registration.forms import (
    CheckboxesField,
    DetailsForm,
    RegistrationForm,
    SessionsForm,
    _offer,
    _strip,
    _too_long,
    _valid_phone,
    sessions_check,
)
from app.registration.groups import Colleague, Contact, with_group
from app.registration.messages import add_on_full_message
from app.registration.price_form import PriceFields, PriceOffer
from app.registration.service import Applicant
from app.registration.validation import normalise_org_number

MAX_COLLEAGUES = 30
_DUPLICATE = _l("Denne e-postadressen står allerede på en annen kollega i gruppen.")
_HEALTH_CONSENT = _l("Kryss av for at kollegene har samtykket, hvis vi skal lagre det du har skrevet om kosthold "
                     "og allergier – eller fjern det du har skrevet der.")


def _email_field(label, required):
    return EmailField(label, filters=[_strip], render_kw={"autocomplete": "off", "inputmode": "email",
                                                          "spellcheck": "false"},
                      validators=[DataRequired(required), _too_long(_l("E-postadressen"), 254),
                                  Email(_l("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."))])


class PersonForm(Form):
    """Who a colleague is: what a replacement gives too."""

    first_name = StringField(_l("Fornavn"), filters=[_strip], render_kw={"autocomplete": "off"},
                             validators=[DataRequired(_l("Skriv fornavnet til kollegaen.")),
                                         _too_long(_l("Fornavnet"), 100)])
    last_name = StringField(_l("Etternavn"), filters=[_strip], render_kw={"autocomplete": "off"},
                            validators=[DataRequired(_l("Skriv etternavnet til kollegaen.")),
                                        _too_long(_l("Etternavnet"), 100)])
    email = _email_field(_l("E-postadresse"), _l("Skriv e-postadressen til kollegaen."))
    job_title = StringField(_l("Stilling"), filters=[_strip], render_kw={"autocomplete": "off"},
                            validators=[DataRequired(_l("Skriv stillingen til kollegaen, for eksempel avdelingsleder.")),
                                        _too_long(_l("Stillingen"), 120)])
    years_as_leader = RadioField(_l("Erfaring som leder i kulturskolen"), choices=_offer(choices.YEARS_BANDS),
                                 validate_choice=False,
                                 validators=[DataRequired(_l("Velg hvor lenge kollegaen har vært leder.")),
                                             AnyOf([v for v, _label in choices.YEARS_BANDS],
                                                   message=_l("Velg hvor lenge kollegaen har vært leder."))])

    def applicant(self, health_consent: bool = False) -> Applicant:
        diet = getattr(self, "diet", None)
        other = getattr(self, "diet_other", None)
        return Applicant(
            first_name=self.first_name.data, last_name=self.last_name.data, email=self.email.data,
            job_title=self.job_title.data, years_as_leader=YearsBand(self.years_as_leader.data),
            health_consent=health_consent and self.has_health_data(),
            diet=tuple(diet.data or ()) if diet else (), diet_other=(other.data or "") if other else "")

    def has_health_data(self) -> bool:
        return bool(getattr(self, "diet", None) and (self.diet.data or self.diet_other.data))


class ReplaceForm(PersonForm):
    """The colleague who takes over a seat (the same choices, new person)."""


class ColleagueForm(PriceFields, PersonForm):
    """One row of the group form (no CSRF of its own: the group form has it), with the price and add-ons of
    the single form for the group's kommune (`offer_group_prices` first)."""

    class Meta:
        csrf = False

    sessions = SessionsForm.sessions
    addons = RegistrationForm.addons
    group_kommune: str | None = None
    diet = CheckboxesField(_l("Kosthold og allergier"), choices=_offer(choices.DIETS),
                           invalid_message=_l("Velg kosthold fra listen."))
    diet_other = StringField(_l("Annet om kosthold eller allergier"), filters=[_strip],
                             validators=[_too_long(_l("Teksten om kosthold"), 200)])

    def offer_group_prices(self, event: Event, offer: PriceOffer, kommune_number: str | None) -> None:
        self.offer_prices(event, offer)
        self.group_kommune = kommune_number

    def price_kommune(self, checked: bool = False) -> str | None:
        return self.group_kommune

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        return self.validate_prices() and ok

    def colleague(self, health_consent: bool) -> Colleague:
        return Colleague(self.with_prices(self.applicant(health_consent)), tuple(self.sessions.data or ()))


class AddColleagueForm(ColleagueForm):
    """One more colleague, from the group page."""

    class Meta:
        csrf = True

    health_consent = BooleanField(_l("Kollegaen har samtykket i at dere lagrer det jeg skriver om kosthold og allergier"))

    @classmethod
    def for_group(cls, group: RegistrationGroup, **kwargs) -> AddColleagueForm:
        form = cls(prefix="add", **kwargs)
        form.offer_group_prices(group.event, PriceOffer.of(group.event_id), group.municipality_number)
        return form

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.has_health_data() and not self.health_consent.data:
            self.health_consent.errors = [*self.health_consent.errors, str(_HEALTH_CONSENT)]
            ok = False
        return ok


class GroupForm(Form):
    contact_name = StringField(_l("Ditt navn"), filters=[_strip], render_kw={"autocomplete": "name"},
                               validators=[DataRequired(_l("Skriv navnet ditt.")), _too_long(_l("Navnet"), 200)])
    contact_email = EmailField(_l("Din e-postadresse"), filters=[_strip],
                               render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
                               validators=[DataRequired(_l("Skriv e-postadressen din.")),
                                           _too_long(_l("E-postadressen"), 254),
                                           Email(_l("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."))])
    contact_phone = StringField(_l("Mobilnummer"), filters=[_strip],
                                render_kw={"autocomplete": "tel", "inputmode": "tel", "type": "tel"},
                                validators=[Optional(), _too_long(_l("Mobilnummeret"), 40), _valid_phone])
    organisation = DetailsForm.organisation
    kommune = DetailsForm.kommune
    invoice_org_number = DetailsForm.invoice_org_number
    invoice_reference = DetailsForm.invoice_reference
    colleagues = FieldList(FormField(ColleagueForm), min_entries=1, max_entries=MAX_COLLEAGUES)
    health_consent = BooleanField(_l("Kollegene har samtykket i at dere lagrer det jeg skriver om kosthold og allergier"))
    privacy_accepted = BooleanField(
        _l("Jeg har lest personvernerklæringen, og kollegene vet at jeg melder dem på"),
        validators=[DataRequired(_l("Du må godta personvernerklæringen for å melde på gruppen."))])
    split = HiddenField()  # the split the contact was shown and confirms ("seated:waitlisted")

    event_id: int
    event_offer: PriceOffer

    @classmethod
    def for_event(cls, event: Event, **kwargs) -> GroupForm:
        form = cls(**kwargs)
        form.event_id, form.event, form.event_offer = event.id, event, PriceOffer.of(event.id)
        for entry in form.colleagues:
            form._offer_row(entry.form)
        if not prices.has_fee(event, form.event_offer.categories):
            del form.invoice_org_number
            del form.invoice_reference
        return form

    def _offer_row(self, row: ColleagueForm) -> None:
        row.offer_group_prices(self.event, self.event_offer, self.kommune.data or None)

    @property
    def first_row(self) -> ColleagueForm:
        return self.colleagues.entries[0].form

    def price_offers(self) -> list[prices.Offer]:
        """The offers every row shows (the group's kommune is the same for all)."""
        return self.first_row.price_offers() if self.event_offer.categories else []

    def add_on_seats(self) -> dict[int, int | None]:
        return self.first_row.add_on_seats() if self.event_offer.add_ons else {}

    def default_prices(self) -> None:
        """Each row without a choice shows the cheapest price for the group's kommune, once it is known (before
        that none is ticked: a row left so gets that same default when registered, prices.choose)."""
        kommune = None if self.kommune.errors else (self.kommune.data or None)
        for entry in self.colleagues:
            entry.form.group_kommune = kommune
            if kommune is not None:
                entry.form.default_price()

    def mark_full_add_ons(self) -> bool:
        """The preview's check: the rows that would take an add-on beyond the seats it has left get the
        message on their add-ons (in row order, as they would be registered). True when one did."""
        left, names = self.add_on_seats(), {a.id: a.name for a in self.event_offer.add_ons}
        wanted: dict[int, int] = {}
        full = False
        for entry in self.colleagues:
            row = entry.form
            for add_on_id in (row.addons.data or ()) if row.addons is not None else ():
                wanted[add_on_id] = wanted.get(add_on_id, 0) + 1
                if left.get(add_on_id) is not None and wanted[add_on_id] > left[add_on_id]:
                    row.addons.errors = [*row.addons.errors, add_on_full_message(names[add_on_id])]
                    full = True
        return full

    def offer_kommuner(self) -> None:
        DetailsForm.offer_kommuner(self)

    def add_row(self) -> bool:
        if len(self.colleagues.entries) >= MAX_COLLEAGUES:
            return False
        self._offer_row(self.colleagues.append_entry().form)
        return True

    def drop_blank_rows(self) -> None:
        """Rows left wholly empty (one «Legg til kollega» too many) are nobody: left out, the first one kept."""
        def blank(row: ColleagueForm) -> bool:
            return not any((row.first_name.data, row.last_name.data, row.email.data, row.job_title.data,
                            row.years_as_leader.data, row.sessions.data, row.diet.data, row.diet_other.data,
                            row.addons is not None and row.addons.data))
        kept = [e for e in self.colleagues.entries if not blank(e.form)]
        self.colleagues.entries = kept or self.colleagues.entries[:1]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        seen: set[str] = set()
        for entry in self.colleagues:
            row = entry.form
            email = (row.email.data or "").strip().lower()
            if email and email in seen and not row.email.errors:
                row.email.errors = [*row.email.errors, str(_DUPLICATE)]
                ok = False
            seen.add(email)
            try:
                sessions_check(self.event_id)(row, row.sessions)
            except ValidationError as exc:
                row.sessions.errors = [*row.sessions.errors, str(exc)]
                ok = False
        if any(e.form.has_health_data() for e in self.colleagues) and not self.health_consent.data:
            self.health_consent.errors = [*self.health_consent.errors, str(_HEALTH_CONSENT)]
            ok = False
        return ok

    def mark_taken(self, emails: set[str], message: str) -> None:
        for entry in self.colleagues:
            if (entry.form.email.data or "").strip().lower() in emails:
                entry.form.email.errors = [*entry.form.email.errors, message]

    def contact(self) -> Contact:
        fee = self.invoice_org_number is not None
        return Contact(name=self.contact_name.data, email=self.contact_email.data, phone=self.contact_phone.data or "",
                       municipality_number=self.kommune.data, organisation=self.organisation.data,
                       invoice_org_number=normalise_org_number(self.invoice_org_number.data) if fee else "",
                       invoice_reference=(self.invoice_reference.data or "") if fee else "")

    def colleagues_of(self) -> list[Colleague]:
        """Each row as a colleague, with the group's workplace, kommune and payer."""
        contact, consent = self.contact(), bool(self.health_consent.data)
        return [Colleague(with_group(c.applicant, contact), c.session_ids)
                for c in (entry.form.colleague(consent) for entry in self.colleagues)]
