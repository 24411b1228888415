"""Forms for speakers, for the back office's accounts and for an event's team."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.core.forms import EMAIL, REQUIRED, ChoiceField, Form
from app.core.labels import EVENT_ROLE, USER_ROLE
from app.models import EventRole, UserRole


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

    def fill_choices(self, users) -> None:
        self.user_id.choices = [(u.id, f"{u.name} ({u.email})" if u.name else u.email) for u in users]
        self.role.choices = [(r.value, str(EVENT_ROLE[r])) for r in EventRole]


class NewTeamMemberForm(Form):
    email = EmailField(_l("E-postadresse"), validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)])
    name = StringField(_l("Navn"), validators=[DataRequired(REQUIRED), Length(max=160)])
    role = ChoiceField(_l("Rolle på arrangementet"), choices=[])

    def fill_choices(self) -> None:
        self.role.choices = [(r.value, str(EVENT_ROLE[r])) for r in EventRole]
