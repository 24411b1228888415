"""Who may use what: ONE row for every rule × method of the app's URL map (`static` excepted).

The roles:
- anonymous — a visitor who is signed in nowhere and holds no link;
- participant — not signed in, but holds her own links: the manage token (/me/…), the calendar-feed token,
  the survey token and the badge code. Her *foreign* check: each of her other tokens in place of the one a
  URL wants (the shared calendar URL or the printed badge code must never open her registration);
- speaker — signed in to the speakers' portal; holds her own calendar feed and a sign-in link. Foreign:
  the other speaker's session, and the other speaker's file on her own session;
- staff — door staff signed in and assigned to event A. Foreign: event B (and a badge from B);
- organiser — signed in to the back office.

Outcomes: OK (not a refusal), LOGIN (302 to /login?next=…), SPEAKER_LOGIN (302 to /speaker/login?next=…),
NEUTRAL (200, the neutral badge page: no personal data, nothing done), or the refusing status (401/403/404).

State-changing methods are walked for their refusals only (with a valid CSRF token, so it is the access rule
that refuses), so the world stays as it is; `smoke` is a harmless request by a role that is allowed, with the
answer it gets. tests/security/test_access_matrix.py holds every answer against this table; a route without a
row fails there, by name.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

ROLES = ("anonymous", "participant", "speaker", "staff", "organiser")

OK = "ok"
LOGIN = "login"
SPEAKER_LOGIN = "speaker_login"
NEUTRAL = "neutral"

Outcome = str | int


@dataclass(frozen=True)
class Smoke:
    """A harmless request by an allowed role, and the answer it gets (status, and a text in the body)."""

    role: str
    status: int
    data: Mapping | None = None  # form fields (the CSRF token is added)
    json: object = None  # a JSON body instead (the CSRF token goes in X-CSRFToken)
    says: str | None = None
    last: int = 0  # 1: changes what other smoke requests rely on (cancels, deletes): after them; 2, 3: after those


@dataclass(frozen=True)
class Access:
    anonymous: Outcome
    participant: Outcome
    speaker: Outcome
    staff: Outcome
    organiser: Outcome
    foreign: Mapping[str, Outcome] = field(default_factory=dict)  # role → outcome with someone else's values
    values: Mapping[str, str] = field(default_factory=dict)  # URL argument → World attribute, for this row
    fixed: Mapping[str, str] = field(default_factory=dict)  # URL argument → literal value, for this row
    smoke: Smoke | None = None

    def of(self, role: str) -> Outcome:
        return getattr(self, role)

    def but(self, **changes) -> Access:
        return replace(self, **changes)


PUBLIC = Access(OK, OK, OK, OK, OK)
ORGANISER = Access(LOGIN, LOGIN, LOGIN, 403, OK)
STAFF_PAGE = Access(LOGIN, LOGIN, LOGIN, OK, OK, foreign={"staff": 403})
STAFF_API = Access(401, 401, 401, OK, OK, foreign={"staff": 403})
SPEAKER = Access(SPEAKER_LOGIN, SPEAKER_LOGIN, OK, SPEAKER_LOGIN, SPEAKER_LOGIN)
SPEAKER_SESSION = SPEAKER.but(foreign={"speaker": 404})
# A participant's links: only the holder gets in; her other tokens in their place are unknown (404).
MANAGE = Access(404, OK, 404, 404, 404, foreign={"participant": 404})
FEED = Access(404, OK, OK, 404, 404, foreign={"participant": 404})  # the participant's or the speaker's own feed
SURVEY = MANAGE
SIGN_IN_LINK = Access(404, 404, OK, 404, 404)
# Not public before the program is: the other speaker is only on a draft event.
UNPUBLISHED_FILE = Access(404, 404, 404, OK, OK)


CONFIRM = {"confirm": "1"}  # the second step of a destructive action (app/admin/common.py: confirmed)


def admin(status: int | None = None, data: Mapping | None = None, *, says: str | None = None,
          last: int = 0) -> Access:
    """An organisers-only row; with `status`, the organiser's smoke request for a state-changing method."""
    if status is None:
        return ORGANISER
    return ORGANISER.but(smoke=Smoke("organiser", status, data or {}, says=says, last=last))


def smoke(row: Access, role: str, status: int, data: Mapping | None = None, **kw) -> Access:
    return row.but(smoke=Smoke(role, status, data if data is not None else {}, **kw))


TABLE: dict[str, Access] = {
    # --- public pages, sign-in, the API ----------------------------------------------------------------
    "GET /": PUBLIC,
    "GET /events/<slug:slug>": PUBLIC,
    "GET /events/<slug:slug>/register": PUBLIC,
    "POST /events/<slug:slug>/register": smoke(PUBLIC, "anonymous", 400, {"first_name": ""},
                                               says="Noe må rettes før du kan gå videre"),
    "GET /events/<slug:slug>/registered": PUBLIC,
    "GET /events/<slug:slug>/resend-link": PUBLIC,
    "POST /events/<slug:slug>/resend-link": smoke(PUBLIC, "anonymous", 400, {"email": "ikke-en-adresse"}),
    # The one-click opt-out of bulk mail (RFC 8058): the token in the URL is its own authority, no CSRF.
    "GET /mail/unsubscribe/<token>": PUBLIC,
    "POST /mail/unsubscribe/<token>": smoke(PUBLIC, "anonymous", 200, {"List-Unsubscribe": "One-Click"},
                                           says="Du er meldt av"),
    "GET /events/<slug>/calendar.ics": PUBLIC,
    "GET /events/<slug>/sessions/<session_id>.ics": PUBLIC,
    "GET /privacy": PUBLIC,
    "GET /lang/<code>": PUBLIC.but(fixed={"code": "nb"}),
    "GET /login": PUBLIC,
    "POST /login": smoke(PUBLIC, "anonymous", 200, {"email": "ingen@example.org", "password": "feil"},
                         says="Feil e-postadresse eller passord"),
    "GET /logout": PUBLIC,
    "POST /logout": smoke(PUBLIC, "anonymous", 303),
    "POST /logout/everywhere": smoke(Access(LOGIN, LOGIN, LOGIN, OK, OK), "organiser", 303, last=3),  # after all
    "GET /healthz": PUBLIC,
    "GET /api/v1/events": PUBLIC,
    "GET /api/v1/events/<slug:slug>": PUBLIC,
    "GET /api/v1/openapi.json": PUBLIC,
    # --- the participant's links ----------------------------------------------------------------------
    "GET /me/<token>": MANAGE,
    "GET /me/<token>/badge.pdf": MANAGE,
    "GET /me/<token>/data.json": MANAGE,
    "GET /me/<token>/details": MANAGE,
    "POST /me/<token>/details": smoke(MANAGE, "participant", 400, {"email": "ikke-en-adresse"}),
    "POST /me/<token>/sessions": smoke(MANAGE, "participant", 400, {"sessions": "999999"}),
    "POST /me/<token>/calendar/reset": smoke(MANAGE, "participant", 303),
    "POST /me/<token>/health/withdraw": smoke(MANAGE, "participant", 303),
    "GET /me/<token>/cancel": MANAGE,
    "POST /me/<token>/cancel": smoke(MANAGE, "participant", 303, last=1),
    "GET /calendar/<token>.ics": FEED,
    "GET /survey/<token>": SURVEY,
    "POST /survey/<token>": smoke(SURVEY, "participant", 400, {"comment": "Bra"}),
    "GET /survey/<token>/takk": SURVEY,
    # --- badges and the door --------------------------------------------------------------------------
    "GET /b/<code>": Access(NEUTRAL, NEUTRAL, NEUTRAL, OK, OK, foreign={"staff": NEUTRAL}),
    "POST /b/<code>": smoke(Access(LOGIN, LOGIN, LOGIN, OK, OK, foreign={"staff": NEUTRAL}), "staff", 200,
                            says="Sjekket inn"),
    "GET /checkin/": Access(LOGIN, LOGIN, LOGIN, OK, OK),
    "GET /checkin/<slug:slug>": STAFF_PAGE,
    "POST /api/v1/events/<slug:slug>/checkins": STAFF_API.but(smoke=Smoke(
        "staff", 200, json={"code": "UKJENT-KODE", "nonce": "smoke-1"}, says='"unknown"')),
    "POST /api/v1/events/<slug:slug>/checkins/undo": STAFF_API.but(smoke=Smoke(
        "staff", 404, json={"nonce": "aldri-skannet"}, says="unknown_scan")),
    "GET /api/v1/events/<slug:slug>/checkins/counts": STAFF_API,
    "GET /api/v1/events/<slug:slug>/checkins/roster": STAFF_API,
    # --- the speakers' portal -------------------------------------------------------------------------
    "GET /speaker/login": PUBLIC,
    "POST /speaker/login": smoke(PUBLIC, "anonymous", 200, {"email": "ikke-en-adresse"}),
    "GET /speaker/login/<token>": SIGN_IN_LINK,
    "POST /speaker/login/<token>": smoke(SIGN_IN_LINK, "speaker", 303, last=1),
    "POST /speaker/logout": smoke(PUBLIC, "anonymous", 303),
    "GET /speaker/": SPEAKER,
    "GET /speaker/schedule": SPEAKER,
    "GET /speaker/sessions": SPEAKER,
    "GET /speaker/profile": SPEAKER,
    "POST /speaker/profile": smoke(SPEAKER, "speaker", 400, {"name": ""}),
    "POST /speaker/preview": smoke(SPEAKER, "speaker", 200, {"text": "**Velkommen**"}, says="<strong>Velkommen</strong>"),
    "GET /speaker/sessions/<int:session_id>": SPEAKER_SESSION,
    "POST /speaker/sessions/<int:session_id>": smoke(SPEAKER_SESSION, "speaker", 400, {"title": ""}),
    "POST /speaker/sessions/<int:session_id>/links": smoke(SPEAKER_SESSION, "speaker", 400,
                                                          {"link-url": "ikke en lenke"}),
    "POST /speaker/sessions/<int:session_id>/materials": smoke(SPEAKER_SESSION, "speaker", 400),
    "POST /speaker/sessions/<int:session_id>/materials/<int:material_id>/delete": smoke(
        SPEAKER_SESSION, "speaker", 303, last=1),
    "GET /speaker/materials/<int:material_id>": UNPUBLISHED_FILE.but(values={"material_id": "other_material_id"}),
    "GET /speaker/photos/<int:speaker_id>.jpg": UNPUBLISHED_FILE.but(values={"speaker_id": "other_speaker_id"}),
    # --- the back office: organisers only -------------------------------------------------------------
    "GET /admin/": admin(),
    "GET /admin/audit": admin(),
    "GET /admin/outbox": admin(),
    "GET /admin/outbox/<int:message_id>": admin(),
    "POST /admin/outbox/<int:message_id>/resend": admin(303),
    "POST /admin/outbox/resend-failed": admin(303),
    "GET /admin/events/new": admin(),
    "POST /admin/events/new": admin(400),
    "GET /admin/events/<slug:slug>/": admin(),
    "GET /admin/events/<slug:slug>/edit": admin(),
    "POST /admin/events/<slug:slug>/edit": admin(400),
    "GET /admin/events/<slug:slug>/copy": admin(),
    "POST /admin/events/<slug:slug>/copy": admin(400),
    "GET /admin/events/<slug:slug>/cancel": admin(),
    "POST /admin/events/<slug:slug>/cancel": admin(303, last=2),  # POST is the confirmation
    "POST /admin/events/<slug:slug>/publish": admin(303),
    "GET /admin/events/<slug:slug>/program": admin(),
    "GET /admin/events/<slug:slug>/tracks": admin(),
    "POST /admin/events/<slug:slug>/tracks": admin(400),
    "GET /admin/events/<slug:slug>/tracks/<int:track_id>": admin(),
    "POST /admin/events/<slug:slug>/tracks/<int:track_id>": admin(400, {"name": ""}),
    "POST /admin/events/<slug:slug>/tracks/<int:track_id>/delete": admin(303, last=1),
    "GET /admin/events/<slug:slug>/sessions/new": admin(),
    "POST /admin/events/<slug:slug>/sessions/new": admin(400),
    "GET /admin/events/<slug:slug>/sessions/<int:session_id>": admin(),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>": admin(400),
    "GET /admin/events/<slug:slug>/sessions/<int:session_id>/move": admin(),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/move": admin(400, {"starts_at": "i morgen"}),
    "GET /admin/events/<slug:slug>/sessions/<int:session_id>/cancel": admin(),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/cancel": admin(303, CONFIRM, last=1),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/speakers": admin(400),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/speakers/new": admin(400),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/speakers/<int:speaker_id>/remove": admin(
        303, CONFIRM, last=1),
    "GET /admin/events/<slug:slug>/sessions/<int:session_id>/attendance.pdf": admin(),
    "GET /admin/events/<slug:slug>/notices": admin(),
    "POST /admin/events/<slug:slug>/notices/<int:notice_id>/discard": admin(303),
    "POST /admin/events/<slug:slug>/notices/send": admin(303),
    "GET /admin/events/<slug:slug>/registrations": admin(),
    "GET /admin/events/<slug:slug>/registrations.csv": admin(),
    "GET /admin/events/<slug:slug>/registrations.xlsx": admin(),
    "GET /admin/events/<slug:slug>/registrations/new": admin(),
    "POST /admin/events/<slug:slug>/registrations/new": admin(400),
    "GET /admin/events/<slug:slug>/registrations/email": admin(),
    "POST /admin/events/<slug:slug>/registrations/email": admin(400),
    "GET /admin/events/<slug:slug>/registrations/<int:registration_id>": admin(),
    "POST /admin/events/<slug:slug>/registrations/<int:registration_id>": admin(400),
    "POST /admin/events/<slug:slug>/registrations/<int:registration_id>/sessions": admin(
        303, {"s-sessions": "999999"}),
    "POST /admin/events/<slug:slug>/registrations/<int:registration_id>/confirm": admin(303),
    "POST /admin/events/<slug:slug>/registrations/<int:registration_id>/cancel": admin(303, last=1),
    "GET /admin/events/<slug:slug>/attendance.pdf": admin(),
    "GET /admin/events/<slug:slug>/participants.pdf": admin(),
    "GET /admin/events/<slug:slug>/catering": admin(),
    "GET /admin/events/<slug:slug>/exports": admin(),
    "GET /admin/events/<slug:slug>/badges": admin(),
    "GET /admin/events/<slug:slug>/badges/sheet.pdf": admin(),
    "GET /admin/events/<slug:slug>/checkins": admin(),
    "GET /admin/people": admin(),
    "GET /admin/people/new": admin(),
    "POST /admin/people/new": admin(400),
    "GET /admin/people/<int:user_id>": admin(),
    "POST /admin/people/<int:user_id>": admin(400, {"role": "konge"}),
    "POST /admin/people/<int:user_id>/activate": admin(303),
    "POST /admin/people/<int:user_id>/deactivate": admin(303, last=1),
    "POST /admin/people/<int:user_id>/reset-password": admin(200, CONFIRM, says="Det vises bare nå.", last=1),
    "POST /admin/people/<int:user_id>/end-sessions": admin(303, last=2),
    "GET /admin/speakers": admin(),
    "GET /admin/speakers/new": admin(),
    "POST /admin/speakers/new": admin(400),
    "GET /admin/speakers/<int:speaker_id>": admin(),
    "POST /admin/speakers/<int:speaker_id>": admin(400, {"name": ""}),
    "POST /admin/speakers/<int:speaker_id>/invite": admin(303),
    "POST /admin/preview": admin(200, {"text": "**Velkommen**"}, says="<strong>Velkommen</strong>"),
    "GET /admin/venues": admin(),
    "GET /admin/venues/new": admin(),
    "POST /admin/venues/new": admin(400),
    "GET /admin/venues/<int:venue_id>": admin(),
    "POST /admin/venues/<int:venue_id>": admin(400, {"name": ""}),
    "POST /admin/venues/<int:venue_id>/rooms": admin(400),
    "GET /admin/venues/<int:venue_id>/rooms/<int:room_id>": admin(),
    "POST /admin/venues/<int:venue_id>/rooms/<int:room_id>": admin(400, {"name": ""}),
    "POST /admin/venues/<int:venue_id>/rooms/<int:room_id>/delete": admin(303, last=1),
    "GET /admin/surveys/": admin(),
    "POST /admin/surveys/new": admin(400),
    "GET /admin/surveys/event/<slug:slug>": admin(),
    "GET /admin/surveys/<int:survey_id>": admin(),
    "POST /admin/surveys/<int:survey_id>": admin(400),
    "GET /admin/surveys/<int:survey_id>/preview": admin(),
    "POST /admin/surveys/<int:survey_id>/preview": admin(400),
    "POST /admin/surveys/<int:survey_id>/questions": admin(400),
    "GET /admin/surveys/<int:survey_id>/questions/<int:question_id>": admin(),
    "POST /admin/surveys/<int:survey_id>/questions/<int:question_id>": admin(400),
    "POST /admin/surveys/<int:survey_id>/questions/<int:question_id>/move": admin(303),
    "POST /admin/surveys/<int:survey_id>/questions/<int:question_id>/delete": admin(303, CONFIRM, last=1),
    "POST /admin/surveys/<int:survey_id>/delete": admin(303, last=2),
    "GET /admin/surveys/<int:survey_id>/questions/<int:question_id>/texts": admin().but(
        values={"question_id": "text_question_id"}),
    "GET /admin/surveys/<int:survey_id>/results": admin(),
    "POST /admin/surveys/<int:survey_id>/send-test": admin(303),
    "POST /admin/surveys/<int:survey_id>/send-now": admin(303),
    "GET /admin/surveys/<int:survey_id>/results.<any(csv, xlsx, pdf):fmt>": admin(),
}
