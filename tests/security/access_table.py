"""Who may use what: ONE row for every rule × method of the app's URL map (`static` excepted).

The roles:
- anonymous — a visitor who is signed in nowhere and holds no link;
- participant — holds her own links: the manage token (/me/…), the calendar-feed token, the survey token and the
  badge code; she ticked «Husk meg», so she is also signed in to Min side (/me/) and holds its feed of all her
  events and a sign-in link. Her *foreign* check: each of her other tokens in place of the one a URL wants (the
  shared calendar URL or the printed badge code must never open her registration or Min side's feed);
- speaker — signed in to the speakers' portal; holds her own calendar feed and a sign-in link. Foreign:
  the other speaker's session, and the other speaker's file on her own session;
- door — dørvakt on event A's team. Foreign: event B (and a badge from B);
- viewer — lesetilgang on event A's team. Foreign: event B (and B's survey);
- arranger — arrangør on event A's team. Foreign: event B (and B's survey, a badge from B);
- administrator — every event, the users, the audit log, the outbox.
The rule behind it is app/auth/access.py (one table of actions there: view, edit, checkin, admin).

Outcomes: OK (not a refusal), LOGIN (302 to /login?next=…), SPEAKER_LOGIN (302 to /speaker/login?next=…),
ME_LOGIN (302 to /me/signin?next=…),
NEUTRAL (200, the neutral badge page: no personal data, nothing done), MOVED (301 to the page's new URL, for
everyone: the page there says who may see it), or the refusing status (401/403/404).

State-changing methods are walked for their refusals only (with a valid CSRF token, so it is the access rule
that refuses), so the world stays as it is; `smoke` is a harmless request by a role that is allowed, with the
answer it gets. tests/security/test_access_matrix.py holds every answer against this table; a route without a
row fails there, by name.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

ROLES = ("anonymous", "participant", "speaker", "door", "viewer", "arranger", "administrator")

OK = "ok"
LOGIN = "login"
SPEAKER_LOGIN = "speaker_login"
ME_LOGIN = "me_login"
NEUTRAL = "neutral"
MOVED = "moved"

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
    door: Outcome
    viewer: Outcome
    arranger: Outcome
    administrator: Outcome
    foreign: Mapping[str, Outcome] = field(default_factory=dict)  # role → outcome with someone else's values
    values: Mapping[str, str] = field(default_factory=dict)  # URL argument → World attribute, for this row
    fixed: Mapping[str, str] = field(default_factory=dict)  # URL argument → literal value, for this row
    smoke: Smoke | None = None

    def of(self, role: str) -> Outcome:
        return getattr(self, role)

    def but(self, **changes) -> Access:
        return replace(self, **changes)


PUBLIC = Access(OK, OK, OK, OK, OK, OK, OK)
SIGNED_IN = Access(LOGIN, LOGIN, LOGIN, OK, OK, OK, OK)
# The door: dørvakt, arrangør and administrator; at their own event only.
STAFF_PAGE = Access(LOGIN, LOGIN, LOGIN, OK, 403, OK, OK, foreign={"door": 403, "arranger": 403})
STAFF_API = Access(401, 401, 401, OK, 403, OK, OK, foreign={"door": 403, "arranger": 403})
SPEAKER = Access(SPEAKER_LOGIN, SPEAKER_LOGIN, OK, SPEAKER_LOGIN, SPEAKER_LOGIN, SPEAKER_LOGIN, SPEAKER_LOGIN)
SPEAKER_SESSION = SPEAKER.but(foreign={"speaker": 404})
# A participant's links: only the holder gets in; her other tokens in their place are unknown (404).
MANAGE = Access(404, OK, 404, 404, 404, 404, 404, foreign={"participant": 404})
FEED = Access(404, OK, OK, 404, 404, 404, 404, foreign={"participant": 404})  # the participant's or the speaker's
SURVEY = MANAGE
SIGN_IN_LINK = Access(404, 404, OK, 404, 404, 404, 404)
# Min side: the participant is signed in to it; everybody else is sent to its sign-in. Its feed and sign-in link
# are hers alone, and none of her other tokens opens them.
MIN_SIDE = Access(ME_LOGIN, OK, ME_LOGIN, ME_LOGIN, ME_LOGIN, ME_LOGIN, ME_LOGIN)
PERSON_FEED = MANAGE
PERSON_LINK = Access(404, OK, 404, 404, 404, 404, 404)
# Not public before the program is: the other speaker is only on a draft event (any back-office user sees it).
UNPUBLISHED_FILE = Access(404, 404, 404, OK, OK, OK, OK)

# The back office (app/auth/access.py). An event's pages: lists, numbers, exports (view) and every change (edit),
# at the team's own event only; the shared registers (venues, speakers, the dashboard, new events): granted by a
# role on any event; users, audit log, outbox: administrators only.
VIEW = Access(LOGIN, LOGIN, LOGIN, 403, OK, OK, OK, foreign={"viewer": 403, "arranger": 403})
EDIT = Access(LOGIN, LOGIN, LOGIN, 403, 403, OK, OK, foreign={"arranger": 403})
# An edit page lesetilgang sees read-only (app/auth/access.py: requires(…, reads="view")): GET as VIEW, POST as EDIT.
READ_ONLY = VIEW
SHARED_VIEW = Access(LOGIN, LOGIN, LOGIN, 403, OK, OK, OK)
SHARED_EDIT = Access(LOGIN, LOGIN, LOGIN, 403, 403, OK, OK)
ADMIN_ONLY = Access(LOGIN, LOGIN, LOGIN, 403, 403, 403, OK)
# An old URL of the contract's (app/core/urls.py: moved): 301 to the new one, whoever asks.
MOVED_PAGE = Access(MOVED, MOVED, MOVED, MOVED, MOVED, MOVED, MOVED)


CONFIRM = {"confirm": "1"}  # the second step of a destructive action (app/admin/common.py: confirmed)


def _row(base: Access, status: int | None, data: Mapping | None, says: str | None, last: int,
         role: str) -> Access:
    if status is None:
        return base
    return base.but(smoke=Smoke(role, status, data or {}, says=says, last=last))


def view(status: int | None = None, data: Mapping | None = None, *, says: str | None = None, last: int = 0,
         role: str = "administrator") -> Access:
    return _row(VIEW, status, data, says, last, role)


def edit(status: int | None = None, data: Mapping | None = None, *, says: str | None = None, last: int = 0,
         role: str = "administrator") -> Access:
    """An event's change (or edit form); with `status`, the smoke request of a state-changing method."""
    return _row(EDIT, status, data, says, last, role)


def shared_view(status: int | None = None, data: Mapping | None = None, *, says: str | None = None,
                last: int = 0, role: str = "administrator") -> Access:
    return _row(SHARED_VIEW, status, data, says, last, role)


def shared_edit(status: int | None = None, data: Mapping | None = None, *, says: str | None = None,
                last: int = 0, role: str = "administrator") -> Access:
    return _row(SHARED_EDIT, status, data, says, last, role)


def admin_only(status: int | None = None, data: Mapping | None = None, *, says: str | None = None,
               last: int = 0, role: str = "administrator") -> Access:
    return _row(ADMIN_ONLY, status, data, says, last, role)


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
    "GET /events/<slug:slug>/register/group": PUBLIC,
    "POST /events/<slug:slug>/register/group": smoke(PUBLIC, "anonymous", 400, {"contact_name": ""},
                                                    says="Skriv navnet ditt."),
    "GET /events/<slug:slug>/resend-link": PUBLIC,
    "POST /events/<slug:slug>/resend-link": smoke(PUBLIC, "anonymous", 400, {"email": "ikke-en-adresse"}),
    # The one-click opt-out of bulk mail (RFC 8058): the token in the URL is its own authority, no CSRF.
    "GET /mail/unsubscribe/<token>": PUBLIC,
    "POST /mail/unsubscribe/<token>": smoke(PUBLIC, "anonymous", 200, {"List-Unsubscribe": "One-Click"},
                                           says="Du er meldt av"),
    "GET /events/<slug>/calendar.ics": PUBLIC,
    "GET /events/<slug>/sessions/<session_id>.ics": PUBLIC,
    "GET /series/<slug:slug>": PUBLIC.but(values={"slug": "series_slug"}),
    "POST /series/<slug:slug>/join": smoke(PUBLIC.but(values={"slug": "series_slug"}), "anonymous", 400,
                                           {"name": ""}, says="Noe må rettes før du kan gå videre"),
    "GET /series/<slug>/calendar.ics": PUBLIC.but(values={"slug": "series_slug"}),
    "GET /series/<slug:slug>/m/<token>": MANAGE.but(values={"slug": "series_slug"}),
    "POST /series/<slug:slug>/m/<token>/choices": smoke(MANAGE.but(values={"slug": "series_slug"}), "participant",
                                                        303, {"show_in_member_list": "y", "mail_ok": "y"}),
    "GET /series/<slug:slug>/m/<token>/leave": MANAGE.but(values={"slug": "series_slug"}),
    # Without the button's confirm=1 it asks again (the member the other rows rely on stays).
    "POST /series/<slug:slug>/m/<token>/leave": smoke(MANAGE.but(values={"slug": "series_slug"}), "participant",
                                                      200, says="Vil du melde deg ut av"),
    "GET /privacy": PUBLIC,
    "GET /verify/<code>": PUBLIC.but(values={"code": "certificate_code"}),
    "GET /ressurser": PUBLIC,
    "GET /ressurser/<slug>": PUBLIC.but(values={"slug": "resource_slug"}),
    "GET /ressurser/<slug>/fil": PUBLIC.but(values={"slug": "resource_slug"}),
    "GET /lang/<code>": PUBLIC.but(fixed={"code": "nb"}),
    "GET /login": PUBLIC,
    "POST /login": smoke(PUBLIC, "anonymous", 200, {"email": "ingen@example.org", "password": "feil"},
                         says="Feil e-postadresse eller passord"),
    "GET /logout": PUBLIC,
    "POST /logout": smoke(PUBLIC, "anonymous", 303),
    "POST /logout/everywhere": smoke(SIGNED_IN, "administrator", 303, last=3),  # after all
    "GET /healthz": PUBLIC,
    "GET /api/v1/events": PUBLIC,
    "GET /api/v1/events/<slug:slug>": PUBLIC,
    "GET /api/v1/openapi.json": PUBLIC,
    # --- the participant's links ----------------------------------------------------------------------
    "GET /me/<token>": MANAGE,
    "GET /me/<token>/badge.pdf": MANAGE,
    "GET /me/<token>/certificate.pdf": MANAGE,
    "GET /me/<token>/data.json": MANAGE,
    "GET /me/<token>/details": MANAGE,
    "POST /me/<token>/details": smoke(MANAGE, "participant", 400, {"email": "ikke-en-adresse"}),
    "POST /me/<token>/sessions": smoke(MANAGE, "participant", 400, {"sessions": "999999"}),
    "POST /me/<token>/addons": smoke(MANAGE, "participant", 303, {"addons": "999999"}),
    "POST /me/<token>/calendar/reset": smoke(MANAGE, "participant", 303),
    "POST /me/<token>/health/withdraw": smoke(MANAGE, "participant", 303),
    "POST /me/<token>/mentoring/withdraw": smoke(MANAGE, "participant", 303),
    # Without the consent ticked nothing is stored: back to the manage page with the message.
    "POST /me/<token>/series/<slug:slug>/join": smoke(MANAGE.but(values={"slug": "series_slug"}), "participant", 303),
    "GET /me/<token>/cancel": MANAGE,
    # The contact's group page: only the holder of the group link (a participant's other tokens open nothing).
    "GET /group/<token>": MANAGE,
    "POST /group/<token>/add": smoke(MANAGE, "participant", 400, {"add-first_name": ""}),
    "POST /group/<token>/<int:registration_id>/replace": smoke(
        MANAGE.but(values={"registration_id": "group_registration_id"}), "participant", 400,
        {"first_name": ""}),
    "POST /group/<token>/<int:registration_id>/cancel": smoke(
        MANAGE.but(values={"registration_id": "group_registration_id"}), "participant", 303, last=1),
    "POST /me/<token>/cancel": smoke(MANAGE, "participant", 303, last=1),
    "GET /calendar/<token>.ics": FEED,
    # --- Min side: the leader across events (app/people) ----------------------------------------------
    "GET /me/": MIN_SIDE,
    "GET /me/data.json": MIN_SIDE,
    "GET /me/forget": MIN_SIDE,
    "POST /me/forget": smoke(MIN_SIDE, "participant", 303, last=3),
    "POST /me/contact": smoke(MIN_SIDE, "participant", 303, {"contact_ok": "y"}),
    "POST /me/mentoring": smoke(MIN_SIDE, "participant", 400, {"mentoring": "sjef"}),
    "POST /me/mentoring/withdraw": smoke(MIN_SIDE, "participant", 303, last=1),
    "GET /mentoring/followup/<token>": MANAGE,
    "POST /mentoring/followup/<token>": smoke(MANAGE, "participant", 400, {"answer": "kanskje"}),
    "POST /me/calendar/reset": smoke(MIN_SIDE, "participant", 303),
    "GET /me/calendar/<token>.ics": PERSON_FEED,
    "GET /me/signin": PUBLIC,
    "POST /me/signin": smoke(PUBLIC, "anonymous", 400, {"email": "ikke-en-adresse"}),
    "GET /me/signin/<token>": PERSON_LINK,
    "POST /me/signin/<token>": smoke(PERSON_LINK, "participant", 303, last=1),
    "POST /me/signout": smoke(PUBLIC, "anonymous", 303),
    "GET /survey/<token>": SURVEY,
    "POST /survey/<token>": smoke(SURVEY, "participant", 400, {"comment": "Bra"}),
    "GET /survey/<token>/takk": SURVEY,
    # --- badges and the door --------------------------------------------------------------------------
    "GET /b/<code>": Access(NEUTRAL, NEUTRAL, NEUTRAL, OK, NEUTRAL, OK, OK,
                            foreign={"door": NEUTRAL, "arranger": NEUTRAL}),
    "POST /b/<code>": smoke(Access(LOGIN, LOGIN, LOGIN, OK, 403, OK, OK, foreign={"door": NEUTRAL, "arranger": NEUTRAL}),
                            "door", 200, says="Sjekket inn"),
    "GET /checkin/": SIGNED_IN,
    "GET /checkin/<slug:slug>": STAFF_PAGE,
    "POST /api/v1/events/<slug:slug>/checkins": STAFF_API.but(smoke=Smoke(
        "door", 200, json={"code": "UKJENT-KODE", "nonce": "smoke-1"}, says='"unknown"')),
    "POST /api/v1/events/<slug:slug>/checkins/undo": STAFF_API.but(smoke=Smoke(
        "door", 404, json={"nonce": "aldri-skannet"}, says="unknown_scan")),
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
    # --- the back office (app/auth/access.py) -------------------------------------------------------------
    "GET /admin/": shared_view(),
    "GET /admin/audit": admin_only(),
    "GET /admin/outbox": admin_only(),
    "GET /admin/outbox/<int:message_id>": admin_only(),
    "POST /admin/outbox/<int:message_id>/resend": admin_only(303),
    "POST /admin/outbox/resend-failed": admin_only(303),
    "GET /admin/events/new": shared_edit(),
    "POST /admin/events/new": shared_edit(400),
    "GET /admin/events/<slug:slug>/": view(),
    "GET /admin/events/<slug:slug>/settings": READ_ONLY,
    "POST /admin/events/<slug:slug>/settings": edit(400),
    "GET /admin/events/<slug:slug>/copy": edit(),
    "POST /admin/events/<slug:slug>/copy": edit(400),
    "GET /admin/events/<slug:slug>/cancel": edit(),
    "POST /admin/events/<slug:slug>/cancel": edit(303, last=2),  # POST is the confirmation
    "POST /admin/events/<slug:slug>/publish": edit(303),
    "GET /admin/events/<slug:slug>/program": view(),
    "GET /admin/events/<slug:slug>/tracks": READ_ONLY,
    "POST /admin/events/<slug:slug>/tracks": edit(400),
    "GET /admin/events/<slug:slug>/tracks/<int:track_id>": READ_ONLY,
    "POST /admin/events/<slug:slug>/tracks/<int:track_id>": edit(400, {"name": ""}),
    "POST /admin/events/<slug:slug>/tracks/<int:track_id>/delete": edit(303, last=1),
    "GET /admin/events/<slug:slug>/sessions/new": edit(),
    "POST /admin/events/<slug:slug>/sessions/new": edit(400),
    "GET /admin/events/<slug:slug>/sessions/<int:session_id>": READ_ONLY,
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>": edit(400),
    "GET /admin/events/<slug:slug>/sessions/<int:session_id>/move": edit(),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/move": edit(400, {"starts_at": "i morgen"}),
    "GET /admin/events/<slug:slug>/sessions/<int:session_id>/cancel": edit(),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/cancel": edit(303, CONFIRM, last=1),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/speakers": edit(400),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/speakers/new": edit(400),
    "POST /admin/events/<slug:slug>/sessions/<int:session_id>/speakers/<int:speaker_id>/remove": edit(
        303, CONFIRM, last=1),
    "GET /admin/events/<slug:slug>/sessions/<int:session_id>/attendance.pdf": view(),
    "GET /admin/events/<slug:slug>/notices": view(),
    "POST /admin/events/<slug:slug>/notices/<int:notice_id>/discard": edit(303),
    "POST /admin/events/<slug:slug>/notices/send": edit(303),
    "GET /admin/events/<slug:slug>/registrations": view(),
    "GET /admin/events/<slug:slug>/registrations.csv": view(),
    "GET /admin/events/<slug:slug>/registrations.xlsx": view(),
    "GET /admin/events/<slug:slug>/registrations/new": edit(),
    "POST /admin/events/<slug:slug>/registrations/new": edit(400),
    "GET /admin/events/<slug:slug>/mail": edit(),
    "POST /admin/events/<slug:slug>/mail": edit(400),
    "GET /admin/events/<slug:slug>/registrations/<int:registration_id>": READ_ONLY,
    "POST /admin/events/<slug:slug>/registrations/<int:registration_id>": edit(400),
    "POST /admin/events/<slug:slug>/registrations/<int:registration_id>/sessions": edit(
        303, {"s-sessions": "999999"}),
    "POST /admin/events/<slug:slug>/registrations/<int:registration_id>/confirm": edit(303),
    "POST /admin/events/<slug:slug>/registrations/<int:registration_id>/cancel": edit(303, last=1),
    "GET /admin/events/<slug:slug>/attendance.pdf": view(),
    "GET /admin/events/<slug:slug>/participants.pdf": view(),
    "GET /admin/events/<slug:slug>/catering": view(),
    "GET /admin/events/<slug:slug>/exports": view(),
    "GET /admin/events/<slug:slug>/certificates": view(),
    "POST /admin/events/<slug:slug>/certificates": edit(303),
    "GET /admin/events/<slug:slug>/peer-groups": view(),
    "POST /admin/events/<slug:slug>/peer-groups/form": edit(303, {"size": "4"}),
    "POST /admin/events/<slug:slug>/peer-groups/publish": edit(303),
    "POST /admin/events/<slug:slug>/peer-groups/<int:group_id>": edit(303, {"name": ""}).but(fixed={"group_id": "999999"}),
    "POST /admin/events/<slug:slug>/peer-groups/move": edit(303),
    "POST /admin/events/<slug:slug>/peer-groups/add-to-smallest": edit(303),
    "POST /admin/events/<slug:slug>/peer-groups/session": edit(303, {"session": "999999"}),
    "POST /admin/events/<slug:slug>/peer-groups/notices/clear": edit(303),
    "POST /admin/events/<slug:slug>/peer-groups/<int:group_id>/network": edit(303).but(fixed={"group_id": "999999"}),
    "GET /admin/events/<slug:slug>/reminders": view(),
    "GET /admin/events/<slug:slug>/badges": view(),
    "GET /admin/events/<slug:slug>/badges/sheet.pdf": view(),
    "GET /admin/events/<slug:slug>/checkins": view(),
    # --- invoices (issue 17) ------------------------------------------------------------------------------
    "GET /admin/events/<slug:slug>/invoices": view(),
    "GET /admin/events/<slug:slug>/invoices/overdue": view(),
    "GET /admin/events/<slug:slug>/invoices.zip": view(),
    "GET /admin/events/<slug:slug>/invoices/accounting.<any(csv, xlsx):fmt>": view(),
    "POST /admin/events/<slug:slug>/invoices/batch": edit(303, says=None),
    "POST /admin/events/<slug:slug>/invoices/mode": edit(303, {"mode": "batch"}),
    "GET /admin/events/<slug:slug>/invoices/payments": edit(),
    "POST /admin/events/<slug:slug>/invoices/payments": edit(400),
    "GET /admin/invoices/<number>.pdf": view(),
    "GET /admin/invoices/<number>.xml": view(),
    "POST /admin/invoices/<number>/send": edit(303, {"email": "ikke-en-adresse"}),
    "POST /admin/invoices/<number>/paid": edit(303, last=1),
    "POST /admin/invoices/<number>/remind": edit(303),
    "POST /admin/invoices/<number>/refunded": edit(303, {"refunded_on": "ikke en dato"}),
    "GET /admin/invoicing/seller": admin_only(),
    "POST /admin/invoicing/seller": admin_only(400, {"org_number": "123456789"}),
    "GET /admin/events/<slug:slug>/settings/team": READ_ONLY,
    "POST /admin/events/<slug:slug>/settings/team": edit(400, role="arranger"),
    "POST /admin/events/<slug:slug>/settings/team/new": edit(400, {"new-email": "ikke-en-adresse"}, role="arranger"),
    "POST /admin/events/<slug:slug>/settings/team/<int:user_id>": edit(303, {"role": "door"}),
    "POST /admin/events/<slug:slug>/settings/team/<int:user_id>/remove": edit(404).but(values={"user_id": "administrator_id"}),
    "GET /admin/users": admin_only(),
    "GET /admin/users/new": admin_only(),
    "POST /admin/users/new": admin_only(400),
    "GET /admin/users/<int:user_id>": admin_only(),
    "POST /admin/users/<int:user_id>": admin_only(400, {"role": "konge"}),
    "POST /admin/users/<int:user_id>/activate": admin_only(303),
    "POST /admin/users/<int:user_id>/deactivate": admin_only(303, last=1),
    "POST /admin/users/<int:user_id>/reset-password": admin_only(200, CONFIRM, says="Det vises bare nå.", last=1),
    "POST /admin/users/<int:user_id>/end-sessions": admin_only(303, last=2),
    "GET /admin/events/<slug:slug>/prices": edit(),
    "POST /admin/events/<slug:slug>/prices": edit(400),
    "POST /admin/events/<slug:slug>/add-ons": edit(400),
    "POST /admin/events/<slug:slug>/prices/active": edit(303),
    "POST /admin/events/<slug:slug>/add-ons/active": edit(303),
    "POST /admin/events/<slug:slug>/cancellation-terms": edit(400, {"cancellation_share_percent": "200"}),
    "GET /admin/events/<slug:slug>/add-on-lists": view(),
    "GET /admin/events/<slug:slug>/add-on-lists.csv": view(),
    "GET /admin/members": shared_view(),
    "POST /admin/members": shared_edit(400, {"member": "9999"}),
    "POST /admin/members/import": shared_edit(400),
    "GET /admin/members/address": shared_view(),
    "POST /admin/members/address": shared_edit(400, {"kommune": "0301", "postcode": "12"}),
    "GET /admin/speakers": shared_view(),
    "GET /admin/speakers/new": shared_edit(),
    "POST /admin/speakers/new": shared_edit(400),
    "GET /admin/speakers/<int:speaker_id>": shared_edit(),
    "POST /admin/speakers/<int:speaker_id>": shared_edit(400, {"name": ""}),
    "POST /admin/speakers/<int:speaker_id>/invite": shared_edit(303),
    "POST /admin/preview": shared_edit(200, {"text": "**Velkommen**"}, says="<strong>Velkommen</strong>"),
    "GET /admin/reach": shared_view(),
    "GET /admin/reach.csv": shared_view(),
    "GET /admin/reach.xlsx": shared_view(),
    "GET /admin/reach/invite": shared_view(),
    "POST /admin/reach/invite": shared_edit(400, {"segment": "county", "county": "99"}),
    "GET /admin/mentoring": shared_view(),  # lesetilgang reads it (its own events), read-only
    "POST /admin/mentoring/lock": shared_edit(303),
    "POST /admin/mentoring/unlock": shared_edit(303),
    "POST /admin/mentoring/lunch": shared_edit(303),
    "POST /admin/mentoring/approve": shared_edit(303),
    "GET /admin/series": shared_edit(),
    "GET /admin/series/new": shared_edit(),
    "POST /admin/series/new": shared_edit(400),
    "GET /admin/series/<int:series_id>": shared_edit(),
    "POST /admin/series/<int:series_id>": shared_edit(400, {"title": ""}),
    "POST /admin/series/<int:series_id>/members": shared_edit(400, {"member-email": "ikke-en-adresse"}),
    "POST /admin/series/<int:series_id>/members/<int:member_id>/remove": shared_edit(303, last=1),
    "POST /admin/series/<int:series_id>/events": shared_edit(400, {"event-event_id": "999999"}),
    "POST /admin/series/<int:series_id>/events/remove": shared_edit(404, {"event_id": "999999"}),
    "GET /admin/venues": shared_view(),
    "GET /admin/venues/new": shared_edit(),
    "POST /admin/venues/new": shared_edit(400),
    "GET /admin/venues/<int:venue_id>": shared_edit(),
    "POST /admin/venues/<int:venue_id>": shared_edit(400, {"name": ""}),
    "POST /admin/venues/<int:venue_id>/rooms": shared_edit(400),
    "GET /admin/venues/<int:venue_id>/rooms/<int:room_id>": shared_edit(),
    "POST /admin/venues/<int:venue_id>/rooms/<int:room_id>": shared_edit(400, {"name": ""}),
    "POST /admin/venues/<int:venue_id>/rooms/<int:room_id>/delete": shared_edit(303, last=1),
    "GET /admin/resources": shared_view(),
    "GET /admin/resources/new": shared_edit(),
    "POST /admin/resources/new": shared_edit(400),
    "GET /admin/resources/<int:resource_id>": shared_edit(),
    "POST /admin/resources/<int:resource_id>": shared_edit(400, {"title": ""}),
    "POST /admin/resources/<int:resource_id>/delete": shared_edit(303, CONFIRM, last=1),
    "GET /admin/surveys/": shared_view(),
    "POST /admin/surveys/new": shared_edit(400),
    "GET /admin/events/<slug:slug>/surveys": view(),
    "GET /admin/surveys/<int:survey_id>": READ_ONLY,
    "POST /admin/surveys/<int:survey_id>": edit(400),
    "GET /admin/surveys/<int:survey_id>/preview": edit(),
    "POST /admin/surveys/<int:survey_id>/preview": edit(400),
    "POST /admin/surveys/<int:survey_id>/questions": edit(400),
    "GET /admin/surveys/<int:survey_id>/questions/<int:question_id>": READ_ONLY,
    "POST /admin/surveys/<int:survey_id>/questions/<int:question_id>": edit(400),
    "POST /admin/surveys/<int:survey_id>/questions/<int:question_id>/move": edit(303),
    "POST /admin/surveys/<int:survey_id>/questions/<int:question_id>/delete": edit(303, CONFIRM, last=1),
    "POST /admin/surveys/<int:survey_id>/delete": edit(303, last=2),
    "GET /admin/surveys/<int:survey_id>/questions/<int:question_id>/texts": view().but(
        values={"question_id": "text_question_id"}),
    "GET /admin/surveys/<int:survey_id>/results": view(),
    "POST /admin/surveys/<int:survey_id>/send-test": edit(303),
    "POST /admin/surveys/<int:survey_id>/send-now": edit(303),
    "GET /admin/surveys/<int:survey_id>/results.<any(csv, xlsx, pdf):fmt>": view(),
    # --- moved URLs: each old GET answers 301 with its new URL (tests/admin/test_moved_urls.py says where) -----
    "GET /admin/events/<slug:slug>/edit": MOVED_PAGE,
    "GET /admin/events/<slug:slug>/registrations/email": MOVED_PAGE,
    "GET /admin/events/<slug:slug>/team": MOVED_PAGE,
    "GET /admin/surveys/event/<slug:slug>": MOVED_PAGE,
    "GET /admin/people": MOVED_PAGE,
    "GET /admin/people/new": MOVED_PAGE,
    "GET /admin/people/<int:user_id>": MOVED_PAGE,
}
