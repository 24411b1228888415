"""The registration form's additions for the leader across events, and Min side's own small forms.

Kept as mixins beside the registration form (app.registration.forms), so the two grow apart cleanly:
`LeaderFields` (school size, beside kommune and years as leader: also on the manage page's details form) and
`RememberFields` (the two consents, only on a new registration)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, RadioField, SelectChoice
from wtforms.validators import AnyOf, DataRequired, Email, Length, Optional

from app.core.forms import Form
from app.core.labels import SCHOOL_SIZE
from app.models import SchoolSize
from app.people.identity import Consents

SCHOOL_SIZES = tuple((size.value, label) for size, label in SCHOOL_SIZE.items())
_SCHOOL_SIZE_CHOICES = [SelectChoice(value, label) for value, label in SCHOOL_SIZES]


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class LeaderFields:
    school_size = RadioField(_l("Antall elever i kulturskolen"), choices=_SCHOOL_SIZE_CHOICES, validate_choice=False,
                             validators=[Optional(), AnyOf([v for v, _label in SCHOOL_SIZES],
                                                           message=_l("Velg antall elever fra listen."))])

    def school_size_value(self) -> SchoolSize | None:
        return SchoolSize(self.school_size.data) if self.school_size.data else None


class RememberFields:
    remember_consent = BooleanField(_l("Husk meg til neste gang: jeg vil se alle påmeldingene mine på Min side, og "
                                       "få skjemaet fylt ut for meg neste gang jeg melder meg på"))
    contact_ok = BooleanField(_l("Kulturskolerådet kan invitere meg til andre ledertilbud (samlinger, nettverk og "
                                 "kurs)"))

    def consents(self) -> Consents:
        return Consents(remember=bool(self.remember_consent.data), contact_ok=bool(self.contact_ok.data))


class SignInForm(Form):
    email = EmailField(_l("E-postadresse"), filters=[_strip],
                       render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"},
                       validators=[DataRequired(_l("Skriv e-postadressen din.")),
                                   Length(max=254, message=_l("E-postadressen kan ikke være lengre enn 254 tegn.")),
                                   Email(_l("Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."))])


class ContactForm(Form):
    contact_ok = RememberFields.contact_ok
