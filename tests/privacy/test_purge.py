"""Retention with a moved clock: health data goes first, then the person; counts stay."""
from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from app.audit.log import SYSTEM, record
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import AuditEntry, OutboxMessage, Registration, SessionChoice, SessionKind, YearsBand
from app.privacy.service import months_before, purge
from app.registration import links, service
from tests.factories import applicant


def _counts() -> Counter:
    rows = db.session.execute(
        select(Registration.event_id, Registration.municipality_number, Registration.years_as_leader,
               Registration.status, func.count()).group_by(Registration.event_id, Registration.municipality_number,
                                                           Registration.years_as_leader, Registration.status)
    ).all()
    return Counter({tuple(r[:4]): r[4] for r in rows})


def _setup(make):
    start = datetime(2027, 4, 14, 7, 0, tzinfo=UTC)
    event = make.event(starts_at=start, ends_at=start + timedelta(days=1, hours=6),
                       registration_opens_at=start - timedelta(days=120))
    other = make.event(starts_at=start + timedelta(days=200), ends_at=start + timedelta(days=201),
                       registration_opens_at=start - timedelta(days=120))
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=10)
    return event, other, ws


def test_health_data_goes_after_the_configured_days_and_the_person_after_the_months(app, ctx, make):
    app.config.update(HEALTH_DATA_RETENTION_DAYS=14, REGISTRATION_RETENTION_MONTHS=24)
    with clock.frozen(datetime(2027, 1, 10, tzinfo=UTC)):
        event, other, ws = _setup(make)
        with transaction():
            kept = service.register(event.id, applicant(1, health_consent=True, diet=("vegan",), diet_other="Sesam",
                                                        accessibility_needs="Rullestol", municipality_number="5610",
                                                        years_as_leader=YearsBand.LT1, phone="91234567",
                                                        invoice_org_number="974760673"), [ws.id])
        with transaction():
            plain = service.register(event.id, applicant(2, municipality_number="3405"))
        with transaction():
            later = service.register(other.id, applicant(3, health_consent=True, diet=("nuts",)))
        record(SYSTEM, "registration", kept.id, "update", {"first_name": ["Deltaker1", "Kari"]}, event_id=event.id)
        db.session.commit()
        kept_id, plain_id, later_id = kept.id, plain.id, later.id
        token = links.manage_token(kept)
    before = _counts()
    ends = event.ends_at

    # 13 days after: nothing yet.
    with transaction():
        report = purge(ends + timedelta(days=13))
    assert (report.health_cleared, report.anonymised) == (0, 0)

    # 15 days after: the health section of this event's registrations is gone, nothing else.
    with transaction():
        report = purge(ends + timedelta(days=15))
    assert (report.health_cleared, report.anonymised) == (1, 0)
    db.session.expire_all()
    reg = db.session.get(Registration, kept_id)
    assert (reg.health_consent_at, reg.diet, reg.diet_other, reg.accessibility_needs) == (None, "", "", "")
    assert reg.health_purged_at == ends + timedelta(days=15)
    assert reg.first_name == "Deltaker1" and reg.email == "deltaker1@example.org"
    assert db.session.get(Registration, plain_id).health_purged_at is None  # had none: nothing to say
    assert db.session.get(Registration, later_id).diet == "nuts"  # the other event has not ended
    with transaction():
        assert purge(ends + timedelta(days=16)) == report.__class__(0, 0)  # idempotent

    # 24 months after: anonymised, links dead, e-mails deleted, counts the same. (The other event
    # has ended by then too: its health data goes, its people stay.)
    moment = months_before(ends + timedelta(days=1), -24)
    with transaction():
        report = purge(moment)
    assert (report.health_cleared, report.anonymised) == (1, 2)
    db.session.expire_all()
    reg = db.session.get(Registration, kept_id)
    assert (reg.first_name, reg.last_name, reg.email, reg.phone, reg.organisation, reg.job_title) == (
        "", "", None, "", "", "")
    assert (reg.invoice_org_number, reg.invoice_reference, reg.anonymised_at) == ("", "", moment)
    assert (reg.event_id, reg.municipality_number, reg.years_as_leader) == (event.id, "5610", YearsBand.LT1)
    assert links.by_manage_token(token) is None
    assert db.session.scalar(select(func.count()).select_from(SessionChoice)) == 1
    assert db.session.scalars(select(OutboxMessage.to_address)).all() == ["deltaker3@example.org"]
    assert db.session.scalar(select(AuditEntry.changes).where(AuditEntry.entity_type == "registration")) == "{}"
    later = db.session.get(Registration, later_id)
    assert (later.email, later.diet, later.anonymised_at) == ("deltaker3@example.org", "", None)
    assert _counts() == before
    with transaction():
        assert purge(moment + timedelta(days=1)) == report.__class__(0, 0)  # idempotent
    purges = db.session.scalars(select(AuditEntry.action).where(AuditEntry.entity_type == "event")).all()
    assert purges == ["privacy_purge", "privacy_purge", "privacy_purge"]


def test_the_command_uses_the_configured_retention(app, make):
    with app.app_context():
        app.config.update(HEALTH_DATA_RETENTION_DAYS=3, REGISTRATION_RETENTION_MONTHS=1)
        try:
            with clock.frozen(datetime(2027, 1, 10, tzinfo=UTC)):
                event, _other, _ws = _setup(make)
                with transaction():
                    service.register(event.id, applicant(1, health_consent=True, diet=("vegan",)))
            clock.set_now(event.ends_at + timedelta(days=4))
            runner = app.test_cli_runner()
            result = runner.invoke(args=["privacy", "purge"])
            assert result.exit_code == 0, result.output
            assert result.output.splitlines() == [
                "Health data deleted from 1 registration(s) (events that ended more than 3 days ago).",
                "Anonymised 0 registration(s) (events that ended more than 1 months ago).",
                "Deleted 0 remembered person(s) with no registration and no sign-in to Min side for 1 months.",
            ]
            clock.set_now(event.ends_at + timedelta(days=32))
            assert "Anonymised 1 registration(s)" in runner.invoke(args=["privacy", "purge"]).output
        finally:
            app.config.update(HEALTH_DATA_RETENTION_DAYS=14, REGISTRATION_RETENTION_MONTHS=24)
            db.session.remove()


def test_months_before_handles_month_ends_and_years():
    moment = datetime(2027, 3, 31, 12, 0, tzinfo=UTC)
    assert months_before(moment, 1) == datetime(2027, 2, 28, 12, 0, tzinfo=UTC)
    assert months_before(moment, 24) == datetime(2025, 3, 31, 12, 0, tzinfo=UTC)
    assert months_before(moment, 13) == datetime(2026, 2, 28, 12, 0, tzinfo=UTC)


def test_the_privacy_notice_states_the_configured_retention(app, client):
    app.config.update(HEALTH_DATA_RETENTION_DAYS=30, REGISTRATION_RETENTION_MONTHS=18)
    try:
        html = client.get("/privacy").get_data(as_text=True)
    finally:
        app.config.update(HEALTH_DATA_RETENTION_DAYS=14, REGISTRATION_RETENTION_MONTHS=24)
    assert "slettes 30 dager etter at arrangementet er over" in html
    assert "Resten anonymiseres 18 måneder etter at arrangementet er over" in html
    for heading in ("Hva vi lagrer", "Hvorfor", "Hvem ser opplysningene", "Når vi sletter"):
        assert f"<h2>{heading}</h2>" in html
