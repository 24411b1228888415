"""The organisers' choice of badges to print (a GET form: it changes nothing)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, RadioField, SelectChoice, SelectMultipleField, StringField
from wtforms.validators import Length, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.collation import norwegian_key
from app.core.forms import Form
from app.models import ParticipantRole

_LETTERS = r"^[A-Za-zÆØÅæøåÄÖÜäöüÁáČčĐđŊŋŠšŦŧŽž' -]*$"


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def role_choices() -> list[SelectChoice]:
    return [
        SelectChoice(ParticipantRole.PARTICIPANT.value, _l("Deltaker")),
        SelectChoice(ParticipantRole.SPEAKER.value, _l("Foredragsholder")),
        SelectChoice(ParticipantRole.ORGANISER.value, _l("Arrangør")),
        SelectChoice(ParticipantRole.STAFF.value, _l("Stab")),
    ]


class BadgeSheetForm(Form):
    class Meta:
        csrf = False  # a download: GET, changes nothing

    layout = RadioField(
        _l("Format"),
        choices=[SelectChoice("a6", _l("A6 – fire navneskilt per A4-ark")),
                 SelectChoice("a7", _l("A7 – åtte navneskilt per A4-ark"))],
        default="a6",
        validators=[Optional()],
    )
    duplex = BooleanField(_l("Tosidig: samme forside på baksiden (navneskiltet kan snu seg)"))
    roles = MultiCheckboxField(_l("Roller"), choices=role_choices(), validators=[Optional()])
    last_from = StringField(
        _l("Etternavn fra"),
        validators=[Optional(), Length(max=30), Regexp(_LETTERS, message=_l("Bruk bare bokstaver."))],
    )
    last_to = StringField(
        _l("Etternavn til og med"),
        validators=[Optional(), Length(max=30), Regexp(_LETTERS, message=_l("Bruk bare bokstaver."))],
    )
    ids = MultiCheckboxField(_l("Bare disse"), coerce=int, validators=[Optional()], validate_choice=False)

    def validate_layout(self, field) -> None:
        if field.data not in ("a6", "a7"):
            raise ValidationError(_l("Velg A6 eller A7."))

    def validate_last_to(self, field) -> None:
        lo, hi = norwegian_key(self.last_from.data or ""), norwegian_key(field.data or "")
        if lo and hi and hi < lo[:len(hi)]:
            raise ValidationError(_l("«Til og med» må komme etter «fra» i alfabetet."))
