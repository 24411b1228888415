"""What every form shares.

`Form` is the base of every form in the app: each single-line text field (a `StringField` and its kinds,
not a text area or a password) is passed through `app.core.text.one_line` after its own filters, so what is
validated is what is stored (a name of only control characters is empty, and refused as empty).
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, TextAreaField

from app.core.text import one_line


def _one_line(value: object) -> object:
    """A filter: typed text as one line; anything else (None, a lazy default of ours) as it is."""
    return one_line(value) if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def bind_field(self, form, unbound_field, options):  # noqa: ANN001, ANN201
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, TextAreaField | PasswordField):
                options = {**options, "filters": [*unbound_field.kwargs.get("filters", ()), _one_line]}
            return super().bind_field(form, unbound_field, options)
