"""Test data: small builders for events, programs, speakers and accounts.

A Factory method works inside the caller's application context when there is one (and
returns attached objects), or inside its own short one (and returns detached objects whose
columns are loaded, for tests that then use the HTTP client).
"""
from __future__ import annotations

import itertools
import re
from contextlib import contextmanager
from datetime import time, timedelta

from flask import Flask, has_app_context

from app.core import clock
from app.extensions import db
from app.models import (
    Event,
    EventKind,
    EventRole,
    EventStatus,
    Room,
    Session,
    SessionKind,
    SessionSpeaker,
    Speaker,
    SpeakerRole,
    TeamMember,
    Track,
    User,
    UserRole,
    Venue,
)

PASSWORD = "correct horse battery staple"
_seq = itertools.count(1)


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    assert match, "no CSRF token in the page"
    return match.group(1)


def sign_in_person(app: Flask, client, person_id: int) -> None:
    """Sign a leader in to Min side on `client` as its link does (a server-side sign-in row and the session
    value pointing at it); the link flow itself is tested in tests/people/test_signin.py."""
    import secrets

    from app.core import tokens
    from app.models import PersonSignIn
    from app.people.signin import SIGN_INS

    token = secrets.token_urlsafe(16)
    with app.app_context():
        db.session.add(PersonSignIn(person_id=person_id, token_hash=tokens.hash_secret(token)))
        db.session.commit()
    with client.session_transaction() as session:
        session[SIGN_INS.session_key] = f"{person_id}.{token}"


def sign_in_speaker(app: Flask, client, speaker_id: int) -> None:
    """Sign a speaker in on `client` as the portal's link does (a server-side sign-in row and the session
    value pointing at it); the link flow itself is tested in tests/speakers/test_signin.py."""
    import secrets

    from app.auth.service import hash_token
    from app.models import SpeakerSignIn
    from app.speakers.auth import SESSION_KEY

    token = secrets.token_urlsafe(16)
    with app.app_context():
        db.session.add(SpeakerSignIn(speaker_id=speaker_id, token_hash=hash_token(token)))
        db.session.commit()
    with client.session_transaction() as session:
        session[SESSION_KEY] = f"{speaker_id}.{token}"


class Factory:
    def __init__(self, app: Flask) -> None:
        self.app = app

    @contextmanager
    def _scope(self):
        if has_app_context():
            yield False
        else:
            with self.app.app_context():
                yield True

    def _save(self, obj):
        with self._scope() as own:
            db.session.add(obj)
            db.session.commit()
            db.session.refresh(obj)
            if own:
                db.session.expunge(obj)
        return obj

    def venue(self, **kw) -> Venue:
        n = next(_seq)
        kw.setdefault("name", f"Kulturhuset {n}")
        kw.setdefault("address", "Storgata 1")
        kw.setdefault("postal_code", "0155")
        kw.setdefault("city", "Oslo")
        kw.setdefault("municipality_number", "0301")
        rooms = kw.pop("rooms", [("Storsalen", 300), ("Verkstedet", 30)])
        venue = Venue(**kw)
        venue.rooms = [Room(name=name, capacity=cap) for name, cap in rooms]
        return self._save(venue)

    def event(self, **kw) -> Event:
        """A published conference starting in 30 days, registration open, 100 seats."""
        n = next(_seq)
        start = kw.pop("starts_at", None) or clock.local_datetime(
            clock.oslo(clock.now() + timedelta(days=30)).date(), time(9, 0)
        )
        kw.setdefault("slug", f"arrangement-{n}")
        kw.setdefault("kind", EventKind.CONFERENCE)
        kw.setdefault("title", f"Testkonferansen {n}")
        kw.setdefault("ends_at", start + timedelta(days=1, hours=6))
        kw.setdefault("status", EventStatus.PUBLISHED)
        kw.setdefault("capacity", 100)
        kw.setdefault("registration_opens_at", clock.now() - timedelta(days=10))
        kw.setdefault("registration_closes_at", start - timedelta(days=1))
        kw.setdefault("change_deadline", start - timedelta(days=1))
        kw.setdefault("speaker_deadline", start - timedelta(days=2))
        if "venue" not in kw and "venue_id" not in kw and not kw.get("is_online"):
            kw["venue_id"] = self.venue().id
        return self._save(Event(starts_at=start, **kw))

    def track(self, event: Event, **kw) -> Track:
        n = next(_seq)
        kw.setdefault("name", f"Spor {n}")
        return self._save(Track(event_id=event.id, **kw))

    def speaker(self, **kw) -> Speaker:
        n = next(_seq)
        kw.setdefault("name", f"Foredragsholder {n}")
        kw.setdefault("organisation", "Kulturskolerådet")
        kw.setdefault("email", f"speaker{n}@example.org")
        return self._save(Speaker(**kw))

    def session(self, event: Event, **kw) -> Session:
        """A plenary at the event's start, one hour. Pass speakers=[speaker, ...] to link them."""
        n = next(_seq)
        speakers = kw.pop("speakers", [])
        kw.setdefault("title", f"Sesjon {n}")
        kw.setdefault("kind", SessionKind.PLENARY)
        kw.setdefault("starts_at", event.starts_at)
        kw.setdefault("ends_at", kw["starts_at"] + timedelta(hours=1))
        session = Session(event_id=event.id, **kw)
        session.speaker_links = [
            SessionSpeaker(speaker_id=sp.id, role=SpeakerRole.SPEAKER, position=i) for i, sp in enumerate(speakers)
        ]
        return self._save(session)

    def user(self, role: UserRole | EventRole = UserRole.ADMINISTRATOR, *, email: str | None = None,
             events: list[Event] = ()) -> User:
        """An administrator by default; `make.user(EventRole.DOOR, events=[a, b])` a member of those events'
        teams with that role (`UserRole.MEMBER` alone: on no team)."""
        n = next(_seq)
        team_role = role if isinstance(role, EventRole) else EventRole.ORGANISER
        user_role = UserRole.MEMBER if isinstance(role, EventRole) else role
        user = User(email=email or f"user{n}@example.org", role=user_role, name=f"Bruker {n}")
        user.set_password(PASSWORD)
        with self._scope() as own:
            user.team = [TeamMember(event_id=e.id, role=team_role) for e in events]
            db.session.add(user)
            db.session.commit()
            db.session.refresh(user)
            if own:
                db.session.expunge(user)
        return user

    def price(self, event: Event, **kw):
        """A price category of `event`: 4 200 kr, exempt from VAT, for everyone."""
        from app.models import PriceCategory

        kw.setdefault("name", f"Ordinær pris {next(_seq)}")
        kw.setdefault("amount_ore", 420_000)
        kw.setdefault("vat_category", "E")
        kw.setdefault("exemption_reason", "Unntatt etter merverdiavgiftsloven § 3-5")
        return self._save(PriceCategory(event_id=event.id, **kw))

    def add_on(self, event: Event, **kw):
        """An add-on of `event`: the conference dinner, 950 kr plus 25 % VAT, no quota."""
        from app.models import AddOn, AddOnKind

        kw.setdefault("name", "Konferansemiddag")
        kw.setdefault("kind", AddOnKind.DINNER)
        kw.setdefault("unit_price_ore", 95_000)
        kw.setdefault("vat_category", "S")
        kw.setdefault("vat_rate_bp", 2500)
        return self._save(AddOn(event_id=event.id, **kw))


def applicant(n: int | str = 1, **kw):
    """A valid Applicant for the registration service."""
    from app.models import YearsBand
    from app.registration.service import Applicant

    defaults = dict(first_name=f"Deltaker{n}", last_name="Nordmann", email=f"deltaker{n}@example.org",
                    organisation="Eksempel kulturskole", municipality_number="0301", job_title="Rektor",
                    years_as_leader=YearsBand.Y4_6)
    defaults.update(kw)
    return Applicant(**defaults)
