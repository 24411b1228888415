"""Forms for speakers and for organiser and staff accounts."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.admin.forms.fields import CheckboxesField, ChoiceField
from app.core.forms import Form
from app.core.labels import USER_ROLE
from app.models import UserRole
from app.program.speakers import SpeakerDraft

REQUIRED = _l("Fyll ut feltet.")
EMAIL = _l("Skriv en gyldig e-postadresse.")


class SpeakerForm(Form):
    name = StringField(_l("Navn"), validators=[DataRequired(REQUIRED), Length(max=160)])
    email = EmailField(_l("E-postadresse"), validators=[Optional(), Email(EMAIL), Length(max=254)])
    title = StringField(_l("Stilling"), validators=[Optional(), Length(max=160)])
    organisation = StringField(_l("Organisasjon"), validators=[Optional(), Length(max=160)])
    bio = TextAreaField(_l("Om foredragsholderen"), validators=[Optional(), Length(max=5000)])

    def to_draft(self) -> SpeakerDraft:
        return SpeakerDraft(self.name.data, (self.email.data or "").strip(), self.title.data or "",
                            self.organisation.data or "", self.bio.data or "")


class UserForm(Form):
    email = EmailField(_l("E-postadresse"), validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)])
    name = StringField(_l("Navn"), validators=[Optional(), Length(max=160)])
    role = ChoiceField(_l("Rolle"), choices=[])
    events = CheckboxesField(_l("Arrangementer (for stab: hvor de kan sjekke inn)"), choices=[], coerce=int,
                             validators=[Optional()])

    def fill_choices(self, events) -> None:  # noqa: ANN001
        self.role.choices = [(r.value, str(USER_ROLE[r])) for r in UserRole]
        self.events.choices = [(e.id, e.title) for e in events]
