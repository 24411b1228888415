"""The registration form and the smaller forms of the manage page (Flask-WTF, CSRF on all)."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.utils import unset_value
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional, StopValidation, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.forms import Form
from app.invoicing import prices
from app.mentoring.themes import THEMES
from app.models import Event, ParticipantRole, Registration, YearsBand
from app.people.forms import LeaderFields, RememberFields
from app.registration import choices
from app.registration.errors import InvalidSessionChoice
from app.registration.messages import session_choice_message
from app.registration.price_form import PriceFields, PriceOffer
from app.registration.service import Applicant, validate_session_choice
from app.registration.validation import normalise_org_number, org_number_is_valid, phone_is_valid


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class _MaxLength(Length):
    """Length that ends the field's checks: one message about the length, not a second about the form."""

    def __call__(self, form, field) -> None:
        try:
            super().__call__(form, field)
        except ValidationError as exc:
            raise StopValidation(str(exc)) from None


def _too_long(what: str, n: int) -> Length:
    return _MaxLength(max=n, message=_l("%(what)s kan ikke være lengre enn %(max)d tegn.", what=what, max=n))


class CheckboxesField(SelectMultipleField):
    """Repeated values shown as checkboxes; anything outside the offer gets a Norwegian message."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, invalid_message=_l("Velg fra listen."), **kwargs) -> None:
        super().__init__(*args, invalid_value_message=invalid_message, invalid_choice_message=invalid_message,
                         **kwargs)


def _offer(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def _known_kommune(_form, field) -> None:
    if not re.fullmatch(r"\d{4}", field.data or "") or not choices.municipality_exists(field.data):
        raise ValidationError(_l("Velg kommunen fra listen."))


def _valid_phone(_form, field) -> None:
    if not phone_is_valid(field.data):
        raise ValidationError(_l("Skriv telefonnummeret med sifre, for eksempel 912 34 567 eller +47 912 34 567."))


def _valid_org_number(_form, field) -> None:
    if not org_number_is_valid(field.data):
        raise ValidationError(_l("Organisasjonsnummeret er ikke gyldig. Det har ni sifre, for eksempel 974 760 673."))


def sessions_check(event_id: int):
    """An extra validator for `sessions`: unknown ids, other events' sessions and overlaps are refused."""
    def check(_form, field) -> None:
        try:
            validate_session_choice(event_id, field.data or [])
        except InvalidSessionChoice as exc:
            raise ValidationError(session_choice_message(exc)) from None
    return check


class DetailsForm(LeaderFields, Form):
    """Who the participant is, the optional health section and the invoice details."""

    first_name = StringField(_l("Fornavn"), filters=[_strip], render_kw={"autocomplete": "given-name"},
                             validators=[DataRequired(_l("Skriv fornavnet ditt.")), _too_long(_l("Fornavnet"), 100)])
    last_name = StringField(_l("Etternavn"), filters=[_strip], render_kw={"autocomplete": "family-name"},
                            validators=[DataRequired(_l("Skriv etternavnet ditt.")), _too_long(_l("Etternavnet"), 100)])
    email = EmailField(_l("E-postadresse"), filters=[_strip],
                       render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
                       validators=[DataRequired(_l("Skriv e-postadressen din.")),
                                   _too_long(_l("E-postadressen"), 254),
                                   Email(_l("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."))])
    phone = StringField(_l("Mobilnummer"), filters=[_strip],
                        render_kw={"autocomplete": "tel", "inputmode": "tel", "type": "tel"},
                        validators=[Optional(), _too_long(_l("Mobilnummeret"), 40), _valid_phone])
    organisation = StringField(_l("Arbeidssted"), filters=[_strip], render_kw={"autocomplete": "organization"},
                               validators=[DataRequired(_l("Skriv hvor du jobber, for eksempel Lillehammer kulturskole.")),
                                           _too_long(_l("Arbeidsstedet"), 160)])
    kommune = SelectField(_l("Kommune"), validate_choice=False, choices=[],
                          render_kw={"data-combobox": "kommune"},
                          validators=[DataRequired(_l("Velg kommunen du jobber i.")), _known_kommune])
    job_title = StringField(_l("Stilling"), filters=[_strip], render_kw={"autocomplete": "organization-title"},
                            validators=[DataRequired(_l("Skriv stillingen din, for eksempel kulturskolerektor.")),
                                        _too_long(_l("Stillingen"), 120)])
    years_as_leader = RadioField(_l("Erfaring som leder i kulturskolen"), choices=_offer(choices.YEARS_BANDS),
                                 validate_choice=False,
                                 validators=[DataRequired(_l("Velg hvor lenge du har vært leder.")),
                                             AnyOf([v for v, _label in choices.YEARS_BANDS],
                                                   message=_l("Velg hvor lenge du har vært leder."))])

    health_consent = BooleanField(_l("Jeg samtykker i at dere lagrer det jeg skriver om kosthold, allergier og "
                                     "tilrettelegging"))
    diet = CheckboxesField(_l("Kosthold og allergier"), choices=_offer(choices.DIETS),
                           invalid_message=_l("Velg kosthold fra listen."))
    diet_other = StringField(_l("Annet om kosthold eller allergier"), filters=[_strip],
                             validators=[_too_long(_l("Teksten om kosthold"), 200)])
    accessibility_needs = TextAreaField(_l("Behov for tilrettelegging"), filters=[_strip], render_kw={"rows": 3},
                                        validators=[_too_long(_l("Teksten om tilrettelegging"), 1000)])

    invoice_org_number = StringField(_l("Organisasjonsnummer for faktura"), filters=[_strip],
                                     render_kw={"inputmode": "numeric", "autocomplete": "off", "maxlength": 15},
                                     validators=[DataRequired(_l("Skriv organisasjonsnummeret fakturaen skal til.")),
                                                 _valid_org_number])
    invoice_reference = StringField(_l("Fakturareferanse"), filters=[_strip], render_kw={"autocomplete": "off"},
                                    validators=[_too_long(_l("Fakturareferansen"), 100)])

    @classmethod
    def for_event(cls, event: Event, **kwargs) -> DetailsForm:
        form = cls(**kwargs)
        offer = PriceOffer.of(event.id)
        if isinstance(form, PriceFields):
            form.offer_prices(event, offer)
        if not prices.has_fee(event, offer.categories):
            del form.invoice_org_number
            del form.invoice_reference
        return form

    def offer_kommuner(self) -> None:
        """The 357 options (only needed to show the form, not to check an answer)."""
        self.kommune.choices = [SelectChoice("", _l("Velg kommune"))] + _offer(
            (k.number, k.label) for k in choices.kommune_options())

    def has_health_data(self) -> bool:
        return bool(self.diet.data or self.diet_other.data or self.accessibility_needs.data)

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.has_health_data() and not self.health_consent.data:
            self.health_consent.errors = [*self.health_consent.errors, str(_l(
                "Kryss av for samtykke hvis vi skal lagre det du har skrevet om kosthold, allergier og "
                "tilrettelegging – eller fjern det du har skrevet der."))]
            ok = False
        return ok

    def applicant(self, role: ParticipantRole = ParticipantRole.PARTICIPANT) -> Applicant:
        fee = self.invoice_org_number is not None
        return Applicant(
            first_name=self.first_name.data, last_name=self.last_name.data, email=self.email.data,
            phone=self.phone.data or "", organisation=self.organisation.data,
            municipality_number=self.kommune.data, job_title=self.job_title.data,
            years_as_leader=YearsBand(self.years_as_leader.data), school_size=self.school_size_value(),
            invoice_org_number=normalise_org_number(self.invoice_org_number.data) if fee else "",
            invoice_reference=(self.invoice_reference.data or "") if fee else "",
            health_consent=bool(self.health_consent.data), diet=tuple(self.diet.data or ()),
            diet_other=self.diet_other.data or "", accessibility_needs=self.accessibility_needs.data or "",
            role=role,
        )

    @staticmethod
    def data_of(registration: Registration) -> dict:
        """The form's values from a stored registration (to change it)."""
        return {
            "first_name": registration.first_name, "last_name": registration.last_name,
            "email": registration.email, "phone": registration.phone, "organisation": registration.organisation,
            "kommune": registration.municipality_number, "job_title": registration.job_title,
            "years_as_leader": registration.years_as_leader.value if registration.years_as_leader else None,
            "school_size": registration.school_size.value if registration.school_size else None,
            "health_consent": registration.health_consent_at is not None, "diet": registration.diet_codes,
            "diet_other": registration.diet_other, "accessibility_needs": registration.accessibility_needs,
            "invoice_org_number": registration.invoice_org_number,
            "invoice_reference": registration.invoice_reference,
        }


class SessionChoicesField(CheckboxesField):
    """The chosen session ids: `sessions`, repeated (the contract), and the form's one radio group per
    time slot, `sessions-<slot>` (a radio group needs a name of its own; «Ingen» is the empty value).
    Only the ids count: which group an id came in is not trusted (the service checks for overlaps)."""

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        if formdata is not None:
            groups = [key for key in formdata if key == self.name or key.startswith(self.name + "-")]
            formdata = MultiDict([(self.name, value) for key in groups for value in formdata.getlist(key) if value])
        super().process(formdata, data, extra_filters)


class SessionsForm(Form):
    sessions = SessionChoicesField(_l("Verksteder og parallellsesjoner"), coerce=int, validate_choice=False, choices=[],
                               invalid_message=_l("Et av valgene finnes ikke i programmet. Velg på nytt fra listen."))


MENTORING_ROLES = [("", _l("Nei takk")), ("mentee", _l("Ja, som mentee (ny leder som ønsker en mentor)")),
                   ("mentor", _l("Ja, som mentor (erfaren leder)"))]


class MentoringFields:
    """The mentoring opt-in (templates/registration/_mentoring.html; app/mentoring/service.py: opt_in)."""

    mentoring = RadioField(_l("Vil du være med i mentorordningen?"), choices=_offer(MENTORING_ROLES), default="",
                           validate_choice=False, validators=[AnyOf([v for v, _label in MENTORING_ROLES],
                                                                    message=_l("Velg et av svarene om mentorordningen."))])
    mentoring_themes = CheckboxesField(_l("Temaer du vil snakke om"), choices=_offer(THEMES.items()),
                                       invalid_message=_l("Velg temaer fra listen."))
    mentoring_note = StringField(_l("Kort om deg og hva du ønsker"), filters=[_strip],
                                 validators=[_too_long(_l("Teksten om mentorordningen"), 300)])

    def mentoring_answer(self) -> tuple[str, list[str], str]:
        role = self.mentoring.data or ""
        return role, list(self.mentoring_themes.data or []) if role else [], (self.mentoring_note.data or "") if role else ""


class RegistrationForm(MentoringFields, RememberFields, PriceFields, DetailsForm):
    sessions = SessionsForm.sessions
    addons = CheckboxesField(_l("Tillegg"), coerce=int, validate_choice=False, choices=[],
                             invalid_message=_l("Et av tilleggene finnes ikke lenger. Velg på nytt fra listen."))
    # Shown only for an event in a series (templates/registration/_join_series.html; app/series/service.py).
    join_series = BooleanField(_l("Bli med i nettverket"))
    privacy_accepted = BooleanField(
        _l("Jeg har lest og godtar personvernerklæringen"),
        validators=[DataRequired(_l("Du må godta personvernerklæringen for å melde deg på."))],
    )

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        ok = self.validate_prices() and ok
        if self.is_free() and self.invoice_org_number is not None:  # a free category: no invoice to send
            self.invoice_org_number.errors, self.invoice_reference.errors = [], []
            ok = not any(f.errors for f in self)
        return ok

    def applicant(self, role: ParticipantRole = ParticipantRole.PARTICIPANT) -> Applicant:
        return self.with_prices(super().applicant(role))


class ResendLinkForm(Form):
    email = EmailField(_l("E-postadressen du meldte deg på med"), filters=[_strip],
                       render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
                       validators=[DataRequired(_l("Skriv e-postadressen din.")),
                                   _too_long(_l("E-postadressen"), 254),
                                   Email(_l("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."))])


class ConfirmForm(Form):
    """A button with a CSRF token: cancel, withdraw consent."""
