"""Words the user reads for the codes the program uses."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from app.models import (
    ChoiceStatus,
    EventKind,
    EventRole,
    EventStatus,
    ParticipantRole,
    RegistrationStatus,
    SchoolSize,
    SessionKind,
    SpeakerRole,
    UserRole,
    YearsBand,
)

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
    UserRole.ADMINISTRATOR: _l("Administrator"),
    UserRole.MEMBER: _l("Bare arrangementenes team"),
}
EVENT_ROLE = {
    EventRole.ORGANISER: _l("Arrangør"),
    EventRole.VIEWER: _l("Lesetilgang"),
    EventRole.DOOR: _l("Dørvakt"),
}
REGISTRATION_STATUS = {
    RegistrationStatus.CONFIRMED: _l("Bekreftet"),
    RegistrationStatus.WAITLISTED: _l("Venteliste"),
    RegistrationStatus.CANCELLED: _l("Avmeldt"),
}
CHOICE_STATUS = {
    ChoiceStatus.CONFIRMED: _l("Plass"),
    ChoiceStatus.WAITLISTED: _l("Venteliste"),
    ChoiceStatus.PENDING: _l("Venter på plass på arrangementet"),
}
# Years as a culture-school leader: the leader survey's five bands.
YEARS_BAND = {
    YearsBand.LT1: _l("Mindre enn 1 år"),
    YearsBand.Y1_3: _l("1–3 år"),
    YearsBand.Y4_6: _l("4–6 år"),
    YearsBand.Y7_10: _l("7–10 år"),
    YearsBand.GT10: _l("Mer enn 10 år"),
}
# Pupils in the leader's kulturskole, in five bands.
SCHOOL_SIZE = {
    SchoolSize.LT100: _l("Under 100 elever"),
    SchoolSize.S100_299: _l("100–299 elever"),
    SchoolSize.S300_599: _l("300–599 elever"),
    SchoolSize.S600_999: _l("600–999 elever"),
    SchoolSize.GT1000: _l("1000 elever eller flere"),
}
# The role printed on the badge band.
PARTICIPANT_ROLE = {
    ParticipantRole.PARTICIPANT: _l("Deltaker"),
    ParticipantRole.SPEAKER: _l("Foredragsholder"),
    ParticipantRole.ORGANISER: _l("Arrangør"),
    ParticipantRole.STAFF: _l("Stab"),
}
# The diet choices of the registration form (code → words); the codes are what is stored.
DIET = {
    "vegetarian": _l("Vegetar"),
    "vegan": _l("Vegansk"),
    "gluten": _l("Glutenfri"),
    "lactose": _l("Laktosefri"),
    "milk_protein": _l("Melkeproteinallergi"),
    "nuts": _l("Nøtter og peanøtter"),
    "shellfish": _l("Skalldyr"),
    "fish": _l("Fisk"),
    "no_pork": _l("Uten svinekjøtt"),
}


def register(app) -> None:
    app.jinja_env.globals.update(
        EVENT_KIND=EVENT_KIND,
        EVENT_STATUS=EVENT_STATUS,
        SESSION_KIND=SESSION_KIND,
        SPEAKER_ROLE=SPEAKER_ROLE,
        USER_ROLE=USER_ROLE,
        EVENT_ROLE=EVENT_ROLE,
        REGISTRATION_STATUS=REGISTRATION_STATUS,
        YEARS_BAND=YEARS_BAND,
        SCHOOL_SIZE=SCHOOL_SIZE,
    )
