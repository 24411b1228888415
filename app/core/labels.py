"""Words the user reads for the codes the program uses."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models import EventKind, EventStatus, SessionKind, SpeakerRole, UserRole

EVENT_KIND = {
    EventKind.CONFERENCE: _l("Konferanse"),
    EventKind.REGIONAL: _l("Regional samling"),
    EventKind.NETWORK: _l("Nettverksmøte"),
    EventKind.WEBINAR: _l("Webinar"),
}
EVENT_STATUS = {
    EventStatus.DRAFT: _l("Utkast"),
    EventStatus.PUBLISHED: _l("Publisert"),
    EventStatus.CANCELLED: _l("Avlyst"),
}
SESSION_KIND = {
    SessionKind.PLENARY: _l("Plenum"),
    SessionKind.PARALLEL: _l("Parallellsesjon"),
    SessionKind.WORKSHOP: _l("Workshop"),
    SessionKind.BREAK: _l("Pause"),
    SessionKind.MEAL: _l("Måltid"),
    SessionKind.SOCIAL: _l("Sosialt"),
}
SPEAKER_ROLE = {
    SpeakerRole.SPEAKER: _l("Foredragsholder"),
    SpeakerRole.MODERATOR: _l("Moderator"),
    SpeakerRole.HOST: _l("Programleder"),
}
USER_ROLE = {
    UserRole.ORGANISER: _l("Arrangør"),
    UserRole.STAFF: _l("Stab"),
}


def register(app) -> None:  # noqa: ANN001
    app.jinja_env.globals.update(
        EVENT_KIND=EVENT_KIND,
        EVENT_STATUS=EVENT_STATUS,
        SESSION_KIND=SESSION_KIND,
        SPEAKER_ROLE=SPEAKER_ROLE,
        USER_ROLE=USER_ROLE,
    )
