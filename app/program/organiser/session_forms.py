"""Forms for the program editor: a session, moving it, and its speakers."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from app.core.forms import ChoiceField, CountField, Form, IdSelectField, OsloDateTimeField
from app.core.labels import SESSION_KIND, SPEAKER_ROLE
from app.models import SessionKind, SpeakerRole
from app.program.editing import SessionDraft

REQUIRED = _l("Fyll ut feltet.")


class SessionForm(Form):
    title = StringField(_l("Tittel"), validators=[DataRequired(REQUIRED), Length(max=200)])
    kind = ChoiceField(_l("Type"), choices=[])
    starts_at = OsloDateTimeField(_l("Starter"), validators=[InputRequired(REQUIRED)])
    ends_at = OsloDateTimeField(_l("Slutter"), validators=[InputRequired(REQUIRED)])
    room_id = IdSelectField(_l("Rom"), choices=[])
    track_id = IdSelectField(_l("Spor"), choices=[])
    capacity = CountField(_l("Antall plasser"))
    abstract = TextAreaField(_l("Kort omtale"), validators=[Optional(), Length(max=2000)])
    description = TextAreaField(_l("Utfyllende beskrivelse"), validators=[Optional(), Length(max=10000)])
    confirm = HiddenField()

    def fill_choices(self, rooms: list, tracks: list) -> None:
        self.kind.choices = [(k.value, str(SESSION_KIND[k])) for k in SessionKind]
        self.room_id.choices = [("", _l("Ikke valgt"))] + [
            (r.id, f"{r.name} ({r.capacity})" if r.capacity else r.name) for r in rooms]
        self.track_id.choices = [("", _l("Uten spor"))] + [(t.id, t.name) for t in tracks]

    def to_draft(self) -> SessionDraft:
        return SessionDraft(title=self.title.data, kind=SessionKind(self.kind.data), starts_at=self.starts_at.data,
                            ends_at=self.ends_at.data, room_id=self.room_id.data, track_id=self.track_id.data,
                            capacity=self.capacity.data, abstract=self.abstract.data or "",
                            description=self.description.data or "")


class MoveForm(Form):
    starts_at = OsloDateTimeField(_l("Ny starttid"), validators=[InputRequired(REQUIRED)])
    room_id = IdSelectField(_l("Rom"), choices=[])
    confirm = HiddenField()


def role_choices() -> list[tuple[str, str]]:
    return [(r.value, str(SPEAKER_ROLE[r])) for r in SpeakerRole]


class AddSpeakerForm(Form):
    speaker_id = HiddenField(validators=[DataRequired()])
    role = ChoiceField(_l("Rolle"), choices=[])
    confirm = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()


class NewSpeakerForm(Form):
    name = StringField(_l("Navn"), validators=[DataRequired(REQUIRED), Length(max=160)])
    email = EmailField(_l("E-postadresse"), validators=[Optional(), Email(_l("Skriv en gyldig e-postadresse.")),
                                                         Length(max=254)])
    organisation = StringField(_l("Organisasjon"), validators=[Optional(), Length(max=160)])
    title = StringField(_l("Stilling"), validators=[Optional(), Length(max=160)])
    role = ChoiceField(_l("Rolle"), choices=[])
    invite = BooleanField(_l("Send invitasjon til foredragsholdersidene på e-post"), default=True)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = role_choices()
