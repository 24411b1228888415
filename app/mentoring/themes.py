"""The fixed list of themes a leader may want to work on (from the 2025 leader survey). One list, used by the
mentoring opt-in and by the resource library's tags (app/resources)."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

THEMES = {
    "personalledelse": _l("Personalledelse"),
    "okonomi": _l("Økonomi og politiske prosesser"),
    "legitimering": _l("Legitimering og forståelse"),
    "rammeplan": _l("Rammeplanarbeid"),
    "juss": _l("Juss og regelverk"),
    "utvikling": _l("Strategi og utviklingsarbeid"),
}


def theme_label(code: str) -> str:
    label = THEMES.get(code)
    return str(label) if label is not None else code
