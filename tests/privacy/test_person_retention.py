"""Retention of remembered persons: a person with no registration for REGISTRATION_RETENTION_MONTHS (no event of
theirs ended since, none to come) and no sign-in to Min side for as long is deleted by `flask privacy purge`, with
their sign-in links, sign-ins and feed; their series memberships stay, pointing at nobody."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from app.audit.log import SYSTEM
from app.calendar.tokens import person_feed_url
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import AuditEntry, JoinedVia, Person, PersonLoginToken, PersonSignIn, SeriesKind, SeriesMember
from app.people import signin
from app.privacy.service import months_before, purge
from app.series import service as series
from tests.factories import sign_in_person
from tests.people.conftest import person_of, register


def _remembered(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Person.email).order_by(Person.email)))


def _purge(app, now):
    with app.app_context(), transaction():
        return purge(now)


def test_a_person_idle_for_the_retention_months_is_deleted_with_links_sign_ins_and_feed(app, client, make):
    old = make.event(slug="gammel")
    later = make.event(slug="senere", starts_at=clock.now() + timedelta(days=300))
    for email in ("kari@example.org", "ola@example.org", "per@example.org"):
        register(app.test_client(), old.slug, email)
    register(app.test_client(), later.slug, "ola@example.org")  # an event that ends later: within the window
    kari = person_of(app, "kari@example.org")
    sign_in_person(app, client, kari.id)
    with app.test_request_context(), transaction():
        signin.request_link("kari@example.org")  # a sign-in link she never used
        feed = person_feed_url(db.session.get(Person, kari.id)).split(app.config["BASE_URL"], 1)[1]
        network = series.create(series.SeriesDraft("Nettverk Nord", "nord", SeriesKind.REGIONAL_NETWORK), SYSTEM)
        series.join(network.id, series.MemberDraft("Kari Nordmann", "kari@example.org"), JoinedVia.INVITATION, SYSTEM)
    assert client.get(feed).status_code == 200
    months = app.config["REGISTRATION_RETENTION_MONTHS"]
    assert months == 24

    clock.set_now(old.ends_at + timedelta(days=700))  # within the window: Per signs in to Min side
    sign_in_person(app, app.test_client(), person_of(app, "per@example.org").id)
    just_before = old.ends_at.replace(year=old.ends_at.year + 2) - timedelta(days=1)
    assert months_before(just_before, months) < old.ends_at
    assert _purge(app, just_before).persons_deleted == 0
    assert _remembered(app) == ["kari@example.org", "ola@example.org", "per@example.org"]

    now = old.ends_at.replace(year=old.ends_at.year + 2) + timedelta(days=1)
    report = _purge(app, now)
    assert (report.anonymised, report.persons_deleted) == (3, 1)
    assert _remembered(app) == ["ola@example.org", "per@example.org"]
    with app.app_context():
        assert db.session.scalars(select(PersonLoginToken.person_id)).all() == []
        assert db.session.scalars(select(PersonSignIn.person_id)).all() == [person_of(app, "per@example.org").id]
        member = db.session.scalar(select(SeriesMember))
        assert (member.email, member.person_id) == ("kari@example.org", None)
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.entity_type == "person"))
        assert (entry.entity_id, entry.action, entry.actor_type, json.loads(entry.changes)) == (
            kari.id, "privacy_purge", "system", {})
    assert client.get(feed).status_code == 404
    assert client.get("/me/").status_code == 302  # her browser's sign-in is gone with her
    assert _purge(app, now).persons_deleted == 0  # idempotent


def test_a_person_remembered_within_the_window_stays_even_without_a_registration_of_theirs(app, make):
    event = make.event(slug="konferansen")
    register(app.test_client(), event.slug, "kari@example.org")
    with app.app_context(), transaction():  # the registration is no longer hers (anonymised, or unlinked)
        db.session.execute(db.text("UPDATE registrations SET person_id = NULL"))
    assert _purge(app, clock.now() + timedelta(days=300)).persons_deleted == 0
    assert _remembered(app) == ["kari@example.org"]
    assert _purge(app, clock.now() + timedelta(days=2 * 366)).persons_deleted == 1
    assert _remembered(app) == []


def test_the_privacy_notice_states_when_a_remembered_profile_is_deleted(app, client):
    html = client.get("/privacy").get_data(as_text=True)
    assert ("sletter vi profilen din på Min side når du ikke har hatt noen påmelding og ikke har logget inn på "
            "24 måneder") in html
    app.config.update(REGISTRATION_RETENTION_MONTHS=1)
    try:
        assert "ikke har logget inn på 1 måned." in client.get("/privacy").get_data(as_text=True)
    finally:
        app.config.update(REGISTRATION_RETENTION_MONTHS=24)
