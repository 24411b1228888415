"""The words for the resource library's codes (kinds, audiences), and the template globals of its pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.mentoring.themes import THEMES
from app.models import ResourceAudience, ResourceKind

KIND = {
    ResourceKind.CHECKLIST: _l("Sjekkliste"),
    ResourceKind.TEMPLATE: _l("Mal"),
    ResourceKind.PROCESS: _l("Prosessbeskrivelse"),
    ResourceKind.GUIDE: _l("Veileder"),
    ResourceKind.OTHER: _l("Annet"),
}
AUDIENCE = {
    ResourceAudience.NEW_LEADERS: _l("Nye ledere"),
    ResourceAudience.EVERYONE: _l("Alle ledere"),
}


def globals_() -> dict:
    return {"resource_kind": KIND, "resource_audience": AUDIENCE, "resource_themes": THEMES}
