"""What every form shares.

`Form` is the base of every form in the app: each single-line text field (a `StringField` and its kinds,
not a text area or a password) is passed through `app.core.text.one_line` after its own filters, so what is
validated is what is stored (a name of only control characters is empty, and refused as empty).
"""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.utils import unset_value
from wtforms.validators import NumberRange, Optional

from app.core import clock
from app.core.text import one_line

REQUIRED = _l("Fyll ut feltet.")
EMAIL = _l("Skriv en gyldig e-postadresse.")


def _one_line(value: object) -> object:
    """A filter: typed text as one line; anything else (None, a lazy default of ours) as it is."""
    return one_line(value) if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, TextAreaField | PasswordField):
                options = {**options, "filters": [*unbound_field.kwargs.get("filters", ()), _one_line]}
            return super().bind_field(form, unbound_field, options)


class _OsloDateTimeInput(widgets.DateTimeLocalInput):
    """The datetime-local input and, when its time happens twice (October), the choice of which."""

    def __call__(self, field, **kwargs) -> Markup:
        html = super().__call__(field, **kwargs)
        naive = field.ambiguous_time()
        if naive is None:
            return html
        legend = _("Hvilket klokkeslett %(time)s mener du?", time=clock.time_label(naive))
        options = ((0, _("første (sommertid, %(offset)s)", offset=clock.utc_offset(naive, 0))),
                   (1, _("andre (normaltid, %(offset)s)", offset=clock.utc_offset(naive, 1))))
        radios = Markup("").join(
            Markup('<div class="choice"><input type="radio" id="{id}-fold-{v}" name="{name}-fold" value="{v}"{checked}>'
                   ' <label for="{id}-fold-{v}">{label}</label></div>').format(
                id=field.id, name=field.name, v=value, label=label,
                checked=Markup(" checked") if field.fold == value else "")
            for value, label in options)
        return html + Markup('<fieldset class="fold-choice" id="{id}-fold"><legend>{legend}</legend>'
                             '<div class="choices">{radios}</div></fieldset>').format(
            id=field.id, legend=legend, radios=radios)


class OsloDateTimeField(DateTimeLocalField):
    """A datetime-local input read and shown as Oslo wall-clock time; data is aware UTC (clock.read_local and
    clock.from_oslo, the one reading of a typed time).

    A time in the hour skipped in March is refused with a message saying so; one in the hour repeated in
    October is asked about: the field shows the choice «første (sommertid)» / «andre (normaltid)», sent as
    `<name>-fold`, and keeps what was typed."""

    widget = _OsloDateTimeInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_value_message", _l("Skriv dato og klokkeslett, for eksempel 14.04.2027 kl. 09:00."))
        super().__init__(label, validators, **kwargs)
        self.fold: int | None = None

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:
        fold = formdata.get(f"{self.name}-fold") if formdata is not None else None
        self.fold = int(fold) if fold in ("0", "1") else None
        super().process(formdata, data, extra_filters)

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return clock.local_input(self.data) if self.data else ""

    def process_formdata(self, valuelist) -> None:
        self.data = None
        if not valuelist:
            return
        try:
            naive = clock.read_local(" ".join(valuelist))
        except ValueError as exc:
            raise ValueError(self.invalid_value_message) from exc
        try:
            self.data = clock.from_oslo(naive, self.fold)
        except clock.LocalTimeProblem as exc:
            raise ValueError(exc.message()) from exc

    def ambiguous_time(self) -> datetime | None:
        """The Oslo wall-clock time shown, when it happens twice (typed, or the stored value's)."""
        if self.raw_data:
            try:
                naive = clock.read_local(" ".join(self.raw_data))
            except ValueError:
                return None
        elif self.data is not None:
            local = clock.oslo(self.data)
            naive = local.replace(tzinfo=None)
            if self.fold is None and clock.is_ambiguous(naive):
                self.fold = local.fold  # a stored time: its own hour is chosen already
        else:
            return None
        return naive if clock.is_ambiguous(naive) else None


class NorDateField(DateField):
    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_value_message", _l("Skriv en dato, for eksempel 14.04.2027."))
        super().__init__(label, validators, **kwargs)


class CountField(IntegerField):
    """An optional whole number ≥ 0."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_value_message", _l("Skriv et helt tall."))
        validators = [Optional(), NumberRange(min=0, message=_l("Tallet kan ikke være negativt.")), *(validators or [])]
        super().__init__(label, validators, **kwargs)


def int_or_none(value) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


class IdSelectField(SelectField):
    """A select of ids, with '' meaning none."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_choice_message", _l("Velg et av alternativene."))
        kwargs.setdefault("invalid_value_message", _l("Velg et av alternativene."))
        super().__init__(label, validators, coerce=int_or_none, **kwargs)


class ChoiceField(SelectField):
    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_choice_message", _l("Velg et av alternativene."))
        super().__init__(label, validators, **kwargs)


class CheckboxesField(SelectMultipleField):
    """Several checkboxes in a fieldset (rendered by the `checkboxes` macro)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:
        kwargs.setdefault("invalid_choice_message", _l("Velg blant alternativene."))
        super().__init__(label, validators, **kwargs)


ERRORS = {
    "required": _l("Fyll ut feltet."),
    "taken": _l("Dette er allerede i bruk."),
    "format": _l("Ugyldig format."),
    "unknown": _l("Ukjent valg."),
    "negative": _l("Tallet kan ikke være negativt."),
    "ends_before_starts": _l("Slutten må være etter starten."),
    "closes_before_opens": _l("Påmeldingen må stenge etter at den åpner."),
    "after_event": _l("Påmeldingen må stenge før arrangementet slutter."),
    "cancelled": _l("Det som er avlyst, kan ikke endres."),
    "own_role": _l("Du kan ikke endre din egen rolle."),
    "own_account": _l("Du kan ikke deaktivere din egen konto."),
}
SLUG_ERRORS = {
    "format": _l("Bruk små bokstaver (a–z), tall og bindestrek, for eksempel lederkonferansen-2028."),
    "taken": _l("Et annet arrangement har allerede denne nettadressen."),
    "published": _l("Nettadressen kan ikke endres etter at arrangementet er publisert: kalendere og navneskilt "
                    "peker dit."),
}


def apply_errors(form: Form, errors: dict[str, str], overrides: dict[str, dict] | None = None) -> list[str]:
    """Put a service's {field: code} errors on the form's fields; returns messages for fields it lacks."""
    loose = []
    for name, code in errors.items():
        words = (overrides or {}).get(name, {}).get(code) or ERRORS.get(code, code)
        field = getattr(form, name, None)
        if field is None:
            loose.append(str(words))
        else:
            field.errors = [*field.errors, str(words)]
    return loose
