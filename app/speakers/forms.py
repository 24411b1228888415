"""Forms of the speakers' portal. Lengths are enforced here (the server), and shown while typing."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, EmailField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.core.forms import EMAIL, REQUIRED, Form
from app.speakers.directory import SpeakerDraft
from app.speakers.materials import is_web_address

BIO_MAX = 600
ABSTRACT_MAX = 600
DESCRIPTION_MAX = 5000
TECHNICAL_NEEDS_MAX = 1000


def _text(value: str | None) -> str:
    """Browsers send line breaks as CRLF; count and store them as one character, like the counter does."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n").strip()


def _counted(limit: int) -> dict:
    """Attributes for app/static/js/charcount.js (the texts are translated when rendered)."""
    return {
        "data_maxlength": limit,
        "data_left_one": _l("Du har %(num)s tegn igjen"),
        "data_left_other": _l("Du har %(num)s tegn igjen"),
        "data_over_one": _l("Du har %(num)s tegn for mye"),
        "data_over_other": _l("Du har %(num)s tegn for mye"),
        "rows": 6,
    }


def _too_long(limit: int):
    return Length(max=limit, message=_l("Teksten har %(length)d tegn, men kan ha høyst %(max)d."))


class LinkRequestForm(Form):
    email = EmailField(
        _l("E-postadresse"),
        validators=[DataRequired(_l("Skriv inn e-postadressen din.")),
                    Email(_l("Skriv inn en gyldig e-postadresse, for eksempel navn@kommune.no.")), Length(max=254)],
        render_kw={"autocomplete": "email", "inputmode": "email"},
    )


class ProfileForm(Form):
    name = StringField(_l("Navn"), filters=[_text],
                       validators=[DataRequired(_l("Skriv inn navnet ditt.")), _too_long(160)],
                       render_kw={"autocomplete": "name"})
    title = StringField(_l("Stilling eller tittel"), filters=[_text], validators=[_too_long(160)],
                        render_kw={"autocomplete": "organization-title"})
    organisation = StringField(_l("Organisasjon"), filters=[_text], validators=[_too_long(160)],
                               render_kw={"autocomplete": "organization"})
    bio = TextAreaField(_l("Kort biografi"), filters=[_text], validators=[_too_long(BIO_MAX)],
                        render_kw=_counted(BIO_MAX))
    photo = FileField(_l("Nytt bilde"), render_kw={"accept": "image/jpeg,image/png"})
    remove_photo = BooleanField(_l("Fjern bildet"))


class SessionForm(Form):
    title = StringField(_l("Tittel"), filters=[_text],
                        validators=[DataRequired(_l("Sesjonen må ha en tittel.")), _too_long(200)])
    abstract = TextAreaField(_l("Kort sammendrag"), filters=[_text], validators=[_too_long(ABSTRACT_MAX)],
                             render_kw=_counted(ABSTRACT_MAX))
    description = TextAreaField(_l("Beskrivelse"), filters=[_text], validators=[_too_long(DESCRIPTION_MAX)],
                                render_kw={**_counted(DESCRIPTION_MAX), "rows": 10})
    technical_needs = TextAreaField(_l("Tekniske behov"), filters=[_text],
                                    validators=[_too_long(TECHNICAL_NEEDS_MAX)], render_kw={"rows": 3})


class MaterialForm(Form):
    file = FileField(_l("Fil"), validators=[FileRequired(_l("Velg en fil å laste opp."))],
                     render_kw={"accept": ".pdf,.pptx,.key,.odp,application/pdf"})
    title = StringField(_l("Navn på materiellet"), filters=[_text], validators=[Optional(), _too_long(200)])


class LinkForm(Form):
    url = URLField(_l("Nettadresse"), filters=[_text],
                   validators=[DataRequired(_l("Skriv inn en nettadresse.")), Length(max=500)],
                   render_kw={"inputmode": "url", "placeholder": "https://"})
    title = StringField(_l("Navn på lenken"), filters=[_text], validators=[Optional(), _too_long(200)])

    def validate_url(self, field: URLField) -> None:
        if not is_web_address(field.data):
            raise ValidationError(_l("Skriv inn en hel nettadresse som begynner med https:// eller http://."))


class SpeakerForm(Form):
    name = StringField(_l("Navn"), validators=[DataRequired(REQUIRED), Length(max=160)])
    email = EmailField(_l("E-postadresse"), validators=[Optional(), Email(EMAIL), Length(max=254)])
    title = StringField(_l("Stilling"), validators=[Optional(), Length(max=160)])
    organisation = StringField(_l("Organisasjon"), validators=[Optional(), Length(max=160)])
    bio = TextAreaField(_l("Om foredragsholderen"), validators=[Optional(), Length(max=5000)])

    def to_draft(self) -> SpeakerDraft:
        return SpeakerDraft(self.name.data, (self.email.data or "").strip(), self.title.data or "",
                            self.organisation.data or "", self.bio.data or "")
