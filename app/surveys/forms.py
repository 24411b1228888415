"""Forms of the survey builder, and the Norwegian words for the answering rules' problem codes."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.core.forms import Form, OsloDateTimeField
from app.models import QuestionKind, SurveyAudience, SurveyQuestion, SurveyStatus
from app.surveys.builder import QuestionInput, SurveySettings

KIND_LABELS = {
    QuestionKind.SCALE: _l("Skala 1–5"),
    QuestionKind.RECOMMEND: _l("Anbefaling 0–10"),
    QuestionKind.SINGLE: _l("Ett valg"),
    QuestionKind.MULTI: _l("Flere valg"),
    QuestionKind.TEXT: _l("Fritekst"),
    QuestionKind.SESSIONS: _l("Vurdering av hver økt"),
}
AUDIENCE_LABELS = {
    SurveyAudience.CHECKED_IN: _l("Deltakere som ble sjekket inn"),
    SurveyAudience.CONFIRMED: _l("Alle med bekreftet påmelding"),
}
STATUS_LABELS = {
    SurveyStatus.DRAFT: _l("Utkast (sendes ikke)"),
    SurveyStatus.PUBLISHED: _l("Publisert (sendes når arrangementet er over)"),
}
LOCKED_MESSAGES = {
    "remove_question": _l("Spørsmålet kan ikke fjernes fordi undersøkelsen har svar. Du kan endre ordlyden."),
    "change_kind": _l("Spørsmålstypen kan ikke endres fordi undersøkelsen har svar. Du kan endre ordlyden."),
    "change_options": _l("Alternativene kan ikke legges til eller fjernes fordi undersøkelsen har svar. "
                         "Du kan endre ordlyden på dem."),
    "remove_survey": _l("Undersøkelsen kan ikke slettes fordi den har svar."),
}
QUESTION_PROBLEMS = {
    "options_needed": _l("Skriv minst to alternativer, ett per linje."),
    "breakdown_kind": _l("Bare spørsmål med ett valg kan brukes til å dele opp resultatene."),
    "one_sessions_block": _l("Undersøkelsen har allerede en vurdering av hver økt."),
}


def problem_message(question: SurveyQuestion, code: str) -> str:
    """The message shown next to a question (and in the summary) for a problem code."""
    if code == "required":
        if question.kind == QuestionKind.TEXT:
            return str(_l("Skriv et svar på dette spørsmålet."))
        if question.kind == QuestionKind.SESSIONS:
            return str(_l("Vurder hver økt, eller velg «Deltok ikke»."))
        return str(_l("Velg et svar på dette spørsmålet."))
    if code == "out_of_range":
        if question.kind == QuestionKind.RECOMMEND:
            return str(_l("Velg en verdi fra 0 til 10."))
        return str(_l("Velg en verdi fra 1 til 5."))
    return str({
        "unknown_option": _l("Velg et av alternativene som står på siden."),
        "one_only": _l("Velg bare ett alternativ."),
        "other_missing": _l("Skriv hva «Annet» gjelder."),
        "too_long": _l("Svaret kan ikke være lengre enn 4000 tegn."),
        "session_unknown": _l("Vurder bare øktene som står på siden."),
    }.get(code, _l("Svaret kunne ikke brukes.")))


class NewSurveyForm(Form):
    title = StringField(_l("Tittel"), validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200)])
    event_id = SelectField(_l("Arrangement"), coerce=int, validate_choice=True)
    source = SelectField(_l("Start fra"), coerce=str, validate_choice=True)


class SurveySettingsForm(Form):
    title = StringField(_l("Tittel"), validators=[DataRequired(_l("Skriv en tittel.")), Length(max=200)])
    intro = TextAreaField(_l("Innledning"), validators=[Optional(), Length(max=4000)])
    status = RadioField(_l("Status"), choices=[SelectChoice(s.value, label) for s, label in STATUS_LABELS.items()],
                        default=SurveyStatus.DRAFT.value)
    audience = RadioField(_l("Hvem får undersøkelsen"),
                          choices=[SelectChoice(a.value, label) for a, label in AUDIENCE_LABELS.items()],
                          default=SurveyAudience.CHECKED_IN.value)
    send_delay_hours = IntegerField(
        _l("Send invitasjonen (timer etter at arrangementet er slutt)"), default=2,
        validators=[InputRequired(_l("Skriv et antall timer.")),
                    NumberRange(0, 24 * 30, _l("Skriv et tall fra 0 til 720."))])
    reminder_delay_hours = IntegerField(
        _l("Send én påminnelse (timer etter invitasjonen)"), default=72,
        validators=[Optional(), NumberRange(1, 24 * 60, _l("Skriv et tall fra 1 til 1440, eller la feltet stå tomt."))])
    opens_at = OsloDateTimeField(_l("Åpner"), validators=[Optional()])
    closes_at = OsloDateTimeField(_l("Stenger"), validators=[InputRequired(_l("Velg når undersøkelsen stenger."))])
    min_group_size = IntegerField(
        _l("Minste antall svar bak et tall"), default=5,
        validators=[InputRequired(_l("Skriv et tall.")),
                    NumberRange(3, 100, _l("Skriv et tall fra 3 til 100."))])

    def validate_closes_at(self, field: OsloDateTimeField) -> None:
        if field.data and self.opens_at is not None and self.opens_at.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("Undersøkelsen må stenge etter at den åpner."))

    SCHEDULING = ("status", "audience", "send_delay_hours", "reminder_delay_hours", "opens_at", "closes_at")

    def for_template(self) -> SurveySettingsForm:
        """A template is never sent: only title, introduction and minimum group size."""
        for name in self.SCHEDULING:
            del self[name]
        return self

    def fill(self, survey) -> None:
        self.title.data, self.intro.data = survey.title, survey.intro
        self.min_group_size.data = survey.min_group_size
        if self.status is not None:
            self.status.data, self.audience.data = survey.status.value, survey.audience.value
            self.send_delay_hours.data = survey.send_delay_minutes // 60
            self.reminder_delay_hours.data = survey.reminder_delay_hours
            self.opens_at.data, self.closes_at.data = survey.opens_at, survey.closes_at

    def settings(self, survey) -> SurveySettings:
        if self.status is None:
            return SurveySettings(title=self.title.data, intro=self.intro.data or "",
                                  min_group_size=self.min_group_size.data, send_delay_minutes=survey.send_delay_minutes,
                                  reminder_delay_hours=survey.reminder_delay_hours, audience=survey.audience)
        return SurveySettings(
            title=self.title.data, intro=self.intro.data or "", opens_at=self.opens_at.data,
            closes_at=self.closes_at.data, send_delay_minutes=self.send_delay_hours.data * 60,
            reminder_delay_hours=self.reminder_delay_hours.data, audience=SurveyAudience(self.audience.data),
            min_group_size=self.min_group_size.data, status=SurveyStatus(self.status.data))


class QuestionForm(Form):
    kind = SelectField(_l("Type"), choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
                       default=QuestionKind.SCALE.value)
    text = StringField(_l("Spørsmål"), validators=[DataRequired(_l("Skriv spørsmålet.")), Length(max=500)])
    help_text = StringField(_l("Hjelpetekst"), validators=[Optional(), Length(max=500)])
    required = BooleanField(_l("Må besvares"))
    low_label = StringField(_l("Tekst ved laveste verdi"), default=_l("Svært dårlig"),
                            validators=[Optional(), Length(max=80)])
    high_label = StringField(_l("Tekst ved høyeste verdi"), default=_l("Svært bra"),
                             validators=[Optional(), Length(max=80)])
    options = TextAreaField(_l("Alternativer, ett per linje"), validators=[Optional(), Length(max=6000)])
    allow_other = BooleanField(_l("Ta med «Annet» med fritekst"))
    other_label = StringField(_l("Tekst for «Annet»"), default=_l("Annet"), validators=[Optional(), Length(max=300)])
    is_breakdown = BooleanField(_l("Del opp resultatene etter svaret på dette spørsmålet (for eksempel år som leder)"))

    def fill(self, question: SurveyQuestion) -> None:
        self.kind.data, self.text.data, self.help_text.data = question.kind.value, question.text, question.help_text
        self.required.data, self.is_breakdown.data = question.required, question.is_breakdown
        self.low_label.data, self.high_label.data = question.low_label, question.high_label
        self.options.data = "\n".join(o.label for o in question.options if not o.is_other)
        other = question.other_option
        self.allow_other.data = other is not None
        self.other_label.data = other.label if other is not None else str(_l("Annet"))

    def question_input(self) -> QuestionInput:
        return QuestionInput(
            kind=QuestionKind(self.kind.data), text=self.text.data, help_text=self.help_text.data or "",
            required=self.required.data, low_label=str(self.low_label.data or ""),
            high_label=str(self.high_label.data or ""),
            options=(self.options.data or "").splitlines(),
            other_label=str(self.other_label.data or _l("Annet")) if self.allow_other.data else None,
            is_breakdown=self.is_breakdown.data)
