"""Leaders for the segment tests: who agreed to be contacted, who did not, who opted out, who withdrew; a network
with members. Frozen at 5 January 2027; Oslo is reached in 2027 (a leader at the conference in March)."""
from __future__ import annotations

from dataclasses import dataclass

from app.audit.log import SYSTEM
from app.core import clock, tokens
from app.core.transaction import transaction
from app.extensions import db
from app.mail import optout
from app.models import JoinedVia, Person, SchoolSize, SeriesKind, SeriesMember, YearsBand
from app.people import identity
from app.series import service as series
from tests.reach.world import register

CONSENTING = {  # e-mail: (first name, kommune, years, school size)
    "kari@example.org": ("Kari", "0301", YearsBand.LT1, SchoolSize.S300_599),  # Oslo: reached
    "aslat@example.org": ("Áslat Čuđđe", "5601", YearsBand.LT1, SchoolSize.LT100),  # Alta, Finnmark
    "per@example.org": ("Per", "4601", YearsBand.Y1_3, SchoolSize.S300_599),  # Bergen, Vestland
    "siri@example.org": ("Siri", "5603", YearsBand.GT10, SchoolSize.LT100),  # Hammerfest, Finnmark
    "uten-kommune@example.org": ("Uten", None, YearsBand.LT1, None),
}
LEFT_OUT = {  # each would be in every Finnmark / new-leader / lt100 / not-reached segment but for the reason
    "nils@example.org": "no consent",
    "olga@example.org": "opted out",
    "trekt@example.org": "withdrew",
}


@dataclass
class World:
    conference_id: int
    past_id: int
    series_id: int
    other_series_id: int


def _person(email: str, first: str, kommune, years, size, contact: bool) -> Person:
    now = clock.now()
    person = Person(email=email, first_name=first, last_name="Leder", municipality_number=kommune,
                    years_as_leader=years, school_size=size, remember_consent_at=now,
                    contact_ok_at=now if contact else None, created_at=now)
    db.session.add(person)
    return person


def _member(series_id: int, email: str, name: str, mail_ok: bool = True) -> None:
    """Written as stored, without the service's lower-casing (an address typed in another case)."""
    salt = tokens.new_salt()
    db.session.add(SeriesMember(series_id=series_id, email=email, name=name, mail_ok=mail_ok,
                                joined_via=JoinedVia.ORGANISER, token_salt=salt,
                                token_hash=tokens.digest(tokens.derive("series-member", salt))))


def build(app, make, frozen_now) -> World:
    frozen_now(clock.parse_local("2027-01-05T12:00"))
    conference = make.event(starts_at=clock.parse_local("2027-03-01T10:00"), registration_closes_at=None,
                            change_deadline=None, title="Lederkonferansen 2027")
    past = make.event(starts_at=clock.parse_local("2026-11-01T10:00"), registration_closes_at=None,
                      change_deadline=None, title="Høstsamlingen 2026")
    with app.app_context():
        register(conference.id, "oslo", "0301")
        with transaction():
            for email, (first, kommune, years, size) in CONSENTING.items():
                _person(email, first, kommune, years, size, contact=True)
            _person("nils@example.org", "Nils", "5603", YearsBand.LT1, SchoolSize.LT100, contact=False)
            _person("olga@example.org", "Olga", "5603", YearsBand.LT1, SchoolSize.LT100, contact=True)
            withdrawn = _person("trekt@example.org", "Trekt", "5603", YearsBand.LT1, SchoolSize.LT100, contact=True)
            db.session.flush()
            identity.set_contact_ok(withdrawn, False)
            optout.opt_out(optout.token_for("Olga@Example.org"))
            network = series.create(series.SeriesDraft("Nettverk for nye ledere", "nye-ledere",
                                                       SeriesKind.NEW_LEADERS), SYSTEM)
            other = series.create(series.SeriesDraft("Digitalt nettverk", "digitalt", SeriesKind.DIGITAL_NETWORK),
                                  SYSTEM)
            db.session.flush()
            for email, name in (("aslat@example.org", "Áslat Čuđđe"), ("ingrid@example.org", "Ingrid"),
                                ("Ingrid@Example.org", "Ingrid igjen"), ("nils@example.org", "Nils"),
                                ("olga@example.org", "Olga"), ("trekt@example.org", "Trekt")):
                _member(network.id, email, name)
            _member(network.id, "stille@example.org", "Stille", mail_ok=False)
            return World(conference.id, past.id, network.id, other.id)
