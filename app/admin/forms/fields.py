"""Form fields for the back office: Oslo time in datetime-local inputs, optional numbers and choices."""
from __future__ import annotations

from datetime import UTC

from flask_babel import lazy_gettext as _l
from wtforms import DateField, DateTimeLocalField, IntegerField, SelectField, SelectMultipleField, widgets
from wtforms.validators import NumberRange, Optional

from app.core.clock import OSLO


class OsloDateTimeField(DateTimeLocalField):
    """A datetime-local input read and shown as Oslo wall-clock time; data is aware."""

    def __init__(self, label=None, validators=None, **kwargs) -> None:  # noqa: ANN001
        kwargs.setdefault("invalid_value_message", _l("Skriv dato og klokkeslett, for eksempel 14.04.2027 kl. 09:00."))
        super().__init__(label, validators, format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
                         tz=OSLO, **kwargs)

    def process_formdata(self, valuelist) -> None:  # noqa: ANN001
        super().process_formdata(valuelist)
        if self.data is not None:
            self.data = self.data.astimezone(UTC)  # stored and compared in UTC, like everything else


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
