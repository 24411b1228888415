"""Form fields for the back office: Oslo time in datetime-local inputs, optional numbers and choices."""
from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from wtforms import DateField, DateTimeLocalField, IntegerField, SelectField, SelectMultipleField, widgets
from wtforms.utils import unset_value
from wtforms.validators import NumberRange, Optional

from app.core import clock
from app.core.clock import OSLO


class _OsloDateTimeInput(widgets.DateTimeLocalInput):
    """The datetime-local input and, when its time happens twice (October), the choice of which."""

    def __call__(self, field, **kwargs) -> Markup:  # noqa: ANN001
        html = super().__call__(field, **kwargs)
        naive = field.ambiguous_time()
        if naive is None:
            return html
        legend = _("Hvilket klokkeslett %(time)s mener du?", time=naive.strftime("%H:%M"))
        options = ((0, _("første (sommertid, %(offset)s)", offset=_offset(naive, 0))),
                   (1, _("andre (normaltid, %(offset)s)", offset=_offset(naive, 1))))
        radios = Markup("").join(
            Markup('<div class="choice"><input type="radio" id="{id}-fold-{v}" name="{name}-fold" value="{v}"{checked}>'
                   ' <label for="{id}-fold-{v}">{label}</label></div>').format(
                id=field.id, name=field.name, v=value, label=label,
                checked=Markup(" checked") if field.fold == value else "")
            for value, label in options)
        return html + Markup('<fieldset class="fold-choice" id="{id}-fold"><legend>{legend}</legend>'
                             '<div class="choices">{radios}</div></fieldset>').format(
            id=field.id, legend=legend, radios=radios)


def _offset(naive: datetime, fold: int) -> str:
    minutes = int(naive.replace(tzinfo=OSLO, fold=fold).utcoffset().total_seconds() // 60)
    return f"{'+' if minutes >= 0 else '-'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


class OsloDateTimeField(DateTimeLocalField):
    """A datetime-local input read and shown as Oslo wall-clock time; data is aware UTC (clock.from_oslo).

    A time in the hour skipped in March is refused with a message saying so; one in the hour repeated in
    October is asked about: the field shows the choice «første (sommertid)» / «andre (normaltid)», sent as
    `<name>-fold`, and keeps what was typed."""

    widget = _OsloDateTimeInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:  # noqa: ANN001
        kwargs.setdefault("invalid_value_message", _l("Skriv dato og klokkeslett, for eksempel 14.04.2027 kl. 09:00."))
        super().__init__(label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
                         tz=OSLO, **kwargs)
        self.fold: int | None = None

    def process(self, formdata, data=unset_value, extra_filters=None) -> None:  # noqa: ANN001
        fold = formdata.get(f"{self.name}-fold") if formdata is not None else None
        self.fold = int(fold) if fold in ("0", "1") else None
        super().process(formdata, data, extra_filters)

    def process_formdata(self, valuelist) -> None:  # noqa: ANN001
        super().process_formdata(valuelist)
        if self.data is None:
            return
        naive, self.data = self.data.replace(tzinfo=None), None
        day, time = naive.strftime("%d.%m.%Y"), naive.strftime("%H:%M")
        try:
            self.data = clock.from_oslo(naive, self.fold)
        except clock.NonexistentLocalTime as exc:
            raise ValueError(_("Klokkeslettet %(time)s finnes ikke %(day)s: da begynner sommertiden, og klokka "
                               "stilles fram fra 02:00 til 03:00. Velg et klokkeslett før 02:00 eller fra 03:00.",
                               time=time, day=day)) from exc
        except clock.AmbiguousLocalTime as exc:
            raise ValueError(_("Klokkeslettet %(time)s finnes to ganger %(day)s: da slutter sommertiden, og klokka "
                               "stilles tilbake fra 03:00 til 02:00. Velg under hvilket av dem du mener.",
                               time=time, day=day)) from exc

    def ambiguous_time(self) -> datetime | None:
        """The Oslo wall-clock time shown, when it happens twice (typed, or the stored value's)."""
        if self.raw_data:
            try:
                naive = datetime.strptime(" ".join(self.raw_data).replace("T", " ")[:16], "%Y-%m-%d %H:%M")
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
    def __init__(self, label=None, validators=None, **kwargs) -> None:  # noqa: ANN001
        kwargs.setdefault("invalid_value_message", _l("Skriv en dato, for eksempel 14.04.2027."))
        super().__init__(label, validators, **kwargs)


class CountField(IntegerField):
    """An optional whole number ≥ 0."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:  # noqa: ANN001
        kwargs.setdefault("invalid_value_message", _l("Skriv et helt tall."))
        validators = [Optional(), NumberRange(min=0, message=_l("Tallet kan ikke være negativt.")), *(validators or [])]
        super().__init__(label, validators, **kwargs)


def int_or_none(value) -> int | None:  # noqa: ANN001
    if value in (None, "", "None"):
        return None
    return int(value)


class IdSelectField(SelectField):
    """A select of ids, with '' meaning none."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:  # noqa: ANN001
        kwargs.setdefault("invalid_choice_message", _l("Velg et av alternativene."))
        kwargs.setdefault("invalid_value_message", _l("Velg et av alternativene."))
        super().__init__(label, validators, coerce=int_or_none, **kwargs)


class ChoiceField(SelectField):
    def __init__(self, label=None, validators=None, **kwargs) -> None:  # noqa: ANN001
        kwargs.setdefault("invalid_choice_message", _l("Velg et av alternativene."))
        super().__init__(label, validators, **kwargs)


class CheckboxesField(SelectMultipleField):
    """Several checkboxes in a fieldset (rendered by the `checkboxes` macro)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs) -> None:  # noqa: ANN001
        kwargs.setdefault("invalid_choice_message", _l("Velg blant alternativene."))
        super().__init__(label, validators, **kwargs)
