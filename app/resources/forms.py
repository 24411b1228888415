"""The organisers' form for a resource."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from app.core.forms import REQUIRED, CheckboxesField, ChoiceField, Form
from app.mentoring.themes import THEMES
from app.resources import files
from app.resources.labels import AUDIENCE, KIND
from app.resources.service import BODY_MAX, ResourceDraft

ACCEPT = ",".join(sorted({f".{t.value}" for t in files.MIMETYPES} | set(files.MIMETYPES.values())))


class ResourceForm(Form):
    title = StringField(_l("Tittel"), validators=[DataRequired(REQUIRED), Length(max=200)])
    summary = TextAreaField(_l("Kort beskrivelse"), validators=[Optional(), Length(max=500)], render_kw={"rows": 2})
    kind = ChoiceField(_l("Type"), choices=[(k.value, label) for k, label in KIND.items()])
    audience = ChoiceField(_l("For hvem"), choices=[(a.value, label) for a, label in AUDIENCE.items()])
    themes = CheckboxesField(_l("Temaer"), choices=list(THEMES.items()), validators=[Optional()])
    body = TextAreaField(_l("Innhold (en side)"), validators=[Optional(), Length(max=BODY_MAX)], render_kw={"rows": 14})
    file = FileField(_l("Fil"), render_kw={"accept": ACCEPT})

    def to_draft(self) -> ResourceDraft:
        return ResourceDraft(title=self.title.data or "", summary=self.summary.data or "", kind=self.kind.data or "",
                             audience=self.audience.data or "", themes=tuple(self.themes.data or ()),
                             body=self.body.data or "")
