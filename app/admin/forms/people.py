"""Forms for speakers, for the back office's accounts and for an event's team."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.admin.forms.fields import ChoiceField
from app.core.forms import Form
from app.core.labels import EVENT_ROLE, USER_ROLE
from app.models import EventRole, UserRole
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

    def fill_choices(self) -> None:
        self.role.choices = [(r.value, str(USER_ROLE[r])) for r in UserRole]


class TeamMemberForm(Form):
    """Someone on an event's team: an existing user, or (with e-mail and name) a new account."""

    user_id = ChoiceField(_l("Bruker"), choices=[], coerce=int)
    role = ChoiceField(_l("Rolle på arrangementet"), choices=[])

    def fill_choices(self, users) -> None:  # noqa: ANN001
        self.user_id.choices = [(u.id, f"{u.name} ({u.email})" if u.name else u.email) for u in users]
        self.role.choices = [(r.value, str(EVENT_ROLE[r])) for r in EventRole]


class NewTeamMemberForm(Form):
    email = EmailField(_l("E-postadresse"), validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)])
    name = StringField(_l("Navn"), validators=[DataRequired(REQUIRED), Length(max=160)])
    role = ChoiceField(_l("Rolle på arrangementet"), choices=[])

    def fill_choices(self) -> None:
        self.role.choices = [(r.value, str(EVENT_ROLE[r])) for r in EventRole]
