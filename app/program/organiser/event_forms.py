"""Forms for events, copying an event, tracks, venues and rooms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, ColorField, EmailField, StringField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, InputRequired, Length, NumberRange, Optional, Regexp

from app.core.forms import ChoiceField, CountField, Form, IdSelectField, NorDateField, OsloDateTimeField
from app.core.labels import EVENT_KIND
from app.models import Event, EventKind
from app.program.events import MEETING_URL, REMINDER_DAYS, EventDraft
from app.program.places import VenueDraft

REQUIRED = _l("Fyll ut feltet.")
WHOLE_URL = _l("Skriv hele nettadressen, som begynner med https://.")


class EventForm(Form):
    title = StringField(_l("Tittel"), validators=[DataRequired(REQUIRED), Length(max=200)])
    slug = StringField(_l("Nettadresse (slug)"), validators=[DataRequired(REQUIRED), Length(max=80)],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})
    kind = ChoiceField(_l("Type"), choices=[])
    theme = StringField(_l("Tema"), validators=[Optional(), Length(max=200)])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional(), Length(max=5000)])
    starts_at = OsloDateTimeField(_l("Starter"), validators=[InputRequired(REQUIRED)])
    ends_at = OsloDateTimeField(_l("Slutter"), validators=[InputRequired(REQUIRED)])
    move_program = BooleanField(_l("Flytt programmet med når startdatoen endres"), default=True)
    venue_id = IdSelectField(_l("Sted"), choices=[])
    is_online = BooleanField(_l("Digitalt arrangement"))
    meeting_url = URLField(_l("Lenke til det digitale møtet"), validators=[
        Optional(), Length(max=500), Regexp(MEETING_URL, message=WHOLE_URL), URL(message=WHOLE_URL)])
    capacity = CountField(_l("Antall plasser"))
    fee_nok = CountField(_l("Deltakeravgift (kroner)"))
    registration_opens_at = OsloDateTimeField(_l("Påmeldingen åpner"), validators=[Optional()])
    registration_closes_at = OsloDateTimeField(_l("Påmeldingen stenger"), validators=[Optional()])
    change_deadline = OsloDateTimeField(_l("Frist for endringer og avmelding"), validators=[Optional()])
    speaker_deadline = OsloDateTimeField(_l("Frist for foredragsholdere"), validators=[Optional()])
    reminder_days = CountField(_l("Påminnelse antall dager før"), default=REMINDER_DAYS, validators=[
        NumberRange(max=60, message=_l("Skriv et tall fra 0 til 60."))])
    contact_name = StringField(_l("Kontaktperson"), validators=[Optional(), Length(max=120)])
    contact_email = EmailField(_l("Kontakt-e-post"), validators=[Optional(), Email(_l("Skriv en gyldig e-postadresse.")),
                                                                   Length(max=254)])

    def fill_choices(self, venues: list) -> None:
        self.kind.choices = [(k.value, str(EVENT_KIND[k])) for k in EventKind]
        self.venue_id.choices = [("", _l("Ikke valgt"))] + [(v.id, v.name) for v in venues]

    def to_draft(self) -> EventDraft:
        return EventDraft(
            slug=self.slug.data.strip(), title=self.title.data, kind=EventKind(self.kind.data),
            starts_at=self.starts_at.data, ends_at=self.ends_at.data, theme=self.theme.data or "",
            description=self.description.data or "", venue_id=self.venue_id.data, is_online=self.is_online.data,
            capacity=self.capacity.data, registration_opens_at=self.registration_opens_at.data,
            registration_closes_at=self.registration_closes_at.data, change_deadline=self.change_deadline.data,
            speaker_deadline=self.speaker_deadline.data, fee_nok=self.fee_nok.data,
            contact_name=self.contact_name.data or "", contact_email=(self.contact_email.data or "").strip(),
            meeting_url=(self.meeting_url.data or "").strip(), reminder_days=REMINDER_DAYS if self.reminder_days.data is None else self.reminder_days.data)

    @classmethod
    def for_event(cls, event: Event) -> EventForm:
        form = cls(obj=event)
        if not form.is_submitted():
            form.kind.data = event.kind.value
        return form


class CopyEventForm(Form):
    title = StringField(_l("Tittel på det nye arrangementet"), validators=[DataRequired(REQUIRED), Length(max=200)])
    slug = StringField(_l("Nettadresse (slug)"), validators=[DataRequired(REQUIRED), Length(max=80)],
                       render_kw={"autocapitalize": "none", "spellcheck": "false"})
    starts_on = NorDateField(_l("Første dag"), validators=[InputRequired(REQUIRED)])


class TrackForm(Form):
    name = StringField(_l("Navn på sporet"), validators=[DataRequired(REQUIRED), Length(max=120)])
    color = ColorField(_l("Farge"), default="#1d4f91", validators=[DataRequired(REQUIRED)])


class VenueForm(Form):
    name = StringField(_l("Navn"), validators=[DataRequired(REQUIRED), Length(max=160)])
    address = StringField(_l("Adresse"), validators=[Optional(), Length(max=200)])
    postal_code = StringField(_l("Postnummer"), validators=[Optional(), Length(max=10)])
    city = StringField(_l("Poststed"), validators=[Optional(), Length(max=80)])
    municipality_number = ChoiceField(_l("Kommune"), choices=[], validators=[Optional()],
                                      render_kw={"data-combobox": "kommune"})

    def to_draft(self) -> VenueDraft:
        return VenueDraft(self.name.data, self.address.data or "", self.postal_code.data or "", self.city.data or "",
                          self.municipality_number.data or None)


class RoomForm(Form):
    name = StringField(_l("Navn på rommet"), validators=[DataRequired(REQUIRED), Length(max=120)])
    capacity = CountField(_l("Plasser"))
