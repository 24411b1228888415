"""Min side's mentoring form: the registration form's opt-in (app.registration.forms.MentoringFields) where an
answer is required, with its own consent to share the contact details with the one you are paired with."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField
from wtforms.validators import AnyOf, DataRequired

from app.core.forms import Form
from app.registration.forms import MENTORING_ROLES, MentoringFields, _offer

ROLES = [(value, label) for value, label in MENTORING_ROLES if value]


class MentoringForm(MentoringFields, Form):
    mentoring = RadioField(
        _l("Vil du være med i mentorordningen?"), choices=_offer(ROLES), validate_choice=False,
        validators=[DataRequired(_l("Velg om du vil være mentee eller mentor.")),
                    AnyOf([v for v, _label in ROLES], message=_l("Velg om du vil være mentee eller mentor."))])
    mentoring_consent = BooleanField(
        _l("Jeg samtykker i at navnet, arbeidsstedet og e-postadressen min deles med den jeg blir koblet med"),
        validators=[DataRequired(_l("Du må samtykke i at kontaktinformasjonen deles for å være med."))])
