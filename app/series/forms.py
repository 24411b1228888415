"""Forms of series: the organiser's series and member forms, the public join form."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from app.core.forms import EMAIL, REQUIRED, ChoiceField, Form, IdSelectField
from app.models import SeriesKind
from app.registration.choices import kommune_options
from app.series.service import MemberDraft, SeriesDraft

KIND_LABELS = {
    SeriesKind.REGIONAL_NETWORK: _l("Regionalt ledernettverk"),
    SeriesKind.DIGITAL_NETWORK: _l("Digitalt nettverk"),
    SeriesKind.NEW_LEADERS: _l("Møteplass for nye ledere"),
    SeriesKind.OTHER: _l("Annet"),
}


class SeriesForm(Form):
    title = StringField(_l("Tittel"), validators=[DataRequired(REQUIRED), Length(max=200)])
    slug = StringField(_l("Nettadresse"), validators=[DataRequired(REQUIRED), Length(max=80)],
                       description=_l("Små bokstaver, tall og bindestrek, for eksempel nettverk-nord."))
    kind = ChoiceField(_l("Type"), choices=[(k.value, label) for k, label in KIND_LABELS.items()])
    description = TextAreaField(_l("Beskrivelse"), validators=[Optional()], render_kw={"rows": 5})
    public = BooleanField(_l("Vis nettverket på nettsiden"), default=True)

    def to_draft(self) -> SeriesDraft:
        return SeriesDraft(self.title.data or "", (self.slug.data or "").strip(), SeriesKind(self.kind.data),
                           self.description.data or "", bool(self.public.data))


def _with_kommuner(form):
    form.municipality_number.choices = [("", "")] + [(k.number, k.label) for k in kommune_options()]
    return form


class _MemberFields(Form):
    name = StringField(_l("Navn"), validators=[DataRequired(REQUIRED), Length(max=200)],
                       render_kw={"autocomplete": "name"})
    email = EmailField(_l("E-postadresse"), validators=[DataRequired(REQUIRED), Email(EMAIL), Length(max=254)],
                       render_kw={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"})
    municipality_number = ChoiceField(_l("Kommune"), choices=[], validators=[Optional()],
                                      render_kw={"data-combobox": "kommune"})
    role = StringField(_l("Stilling"), validators=[Optional(), Length(max=120)])
    show_in_member_list = BooleanField(_l("Vis navn, kommune og stilling i medlemslisten som andre medlemmer ser"))

    def to_draft(self) -> MemberDraft:
        return MemberDraft(self.name.data or "", self.email.data or "", self.municipality_number.data or None,
                           self.role.data or "", bool(self.show_in_member_list.data))


class MemberForm(_MemberFields):
    """The organiser adds a member by hand."""

    @classmethod
    def build(cls, **kwargs) -> MemberForm:
        return _with_kommuner(cls(**kwargs))


class JoinForm(_MemberFields):
    """Join a series from its public page; the consent is required."""

    consent = BooleanField(
        _l("Jeg samtykker i at Kulturskolerådet lagrer navn, e-post og kommune for å invitere meg til nettverkets "
           "møter. Jeg kan melde meg av når som helst."),
        validators=[DataRequired(_l("Du må samtykke for å bli med i nettverket."))],
    )

    @classmethod
    def build(cls, **kwargs) -> JoinForm:
        return _with_kommuner(cls(**kwargs))


class AddEventForm(Form):
    event_id = IdSelectField(_l("Arrangement"), choices=[])


class ChoicesForm(Form):
    """A member's own choices on their member page."""

    show_in_member_list = BooleanField(_l("Vis meg i medlemslisten"))
    mail_ok = BooleanField(_l("Send meg invitasjoner til nettverkets nye møter"))
