"""One registration window (app/registration/window.py): every caller agrees at its edges, in Oslo time."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core import clock
from app.extensions import db
from app.models import EventStatus, Registration
from app.registration import service, window
from app.registration.errors import ChangeDeadlinePassed, RegistrationClosed
from app.registration.window import RegistrationPhase
from tests.factories import applicant

SECOND = timedelta(seconds=1)
# 09:00 Oslo on 1 March 2027 is 08:00 UTC (winter time); 12:00 Oslo on 1 April 2027 is 10:00 UTC (summer time).
OPENS = clock.parse_local("2027-03-01T09:00")
CLOSES = clock.parse_local("2027-04-01T12:00")
STARTS = clock.parse_local("2027-04-14T09:00")


def _event(make, **kw):
    return make.event(slug="vinduet", starts_at=STARTS, registration_opens_at=OPENS, registration_closes_at=CLOSES,
                      change_deadline=CLOSES, **kw)


def test_the_window_edges_are_the_oslo_instants():
    assert OPENS.isoformat() == "2027-03-01T08:00:00+00:00"
    assert CLOSES.isoformat() == "2027-04-01T10:00:00+00:00"


@pytest.mark.parametrize("at, phase", [
    (OPENS - SECOND, RegistrationPhase.NOT_YET_OPEN),
    (OPENS, RegistrationPhase.OPEN),  # the opening instant belongs to the window
    (CLOSES - SECOND, RegistrationPhase.OPEN),
    (CLOSES, RegistrationPhase.CLOSED),  # the closing instant does not
])
def test_every_caller_agrees_at_the_edges(app, client, make, frozen_now, at, phase):
    with app.app_context():
        event = _event(make)
        slug, event_id = event.slug, event.id
    frozen_now(at)
    with app.app_context():
        assert window.phase(db.session.get(type(event), event_id)) == phase
    is_open = phase == RegistrationPhase.OPEN

    page = client.get(f"/events/{slug}").get_data(as_text=True)
    assert (f'href="/events/{slug}/register">Meld deg på</a>' in page) is is_open
    assert ("Påmeldingen er ikke åpen. Den åpner 1. mars 2027 kl. 09:00." in page) is (
        phase == RegistrationPhase.NOT_YET_OPEN)
    assert ('<span class="tag tag-open">Påmeldingen er åpen</span>' in client.get("/").get_data(as_text=True)) \
        is is_open
    assert client.get(f"/api/v1/events/{slug}").get_json()["registration_open"] is is_open

    with app.app_context():
        if is_open:
            assert service.register(event_id, applicant()).id
        else:
            with pytest.raises(RegistrationClosed) as err:
                service.register(event_id, applicant())
            assert err.value.reason == phase.value
        assert db.session.scalar(select(func.count()).select_from(Registration)) == (1 if is_open else 0)


@pytest.mark.parametrize("change, at, phase", [
    ({"status": EventStatus.DRAFT}, OPENS, RegistrationPhase.NOT_PUBLISHED),
    ({"status": EventStatus.CANCELLED}, OPENS, RegistrationPhase.CANCELLED),
    ({}, STARTS + timedelta(days=1, hours=6), RegistrationPhase.CLOSED),  # ends_at itself: not over yet
    ({}, STARTS + timedelta(days=1, hours=6) + SECOND, RegistrationPhase.PAST),
])
def test_status_and_end_come_before_the_window(ctx, make, change, at, phase):
    event = _event(make, **change)
    assert window.phase(event, at) == phase


def test_the_change_deadline_edge(ctx, make, frozen_now):
    frozen_now(OPENS)
    event = _event(make)
    reg = service.register(event.id, applicant())
    frozen_now(CLOSES - SECOND)
    assert service.participant_may_change(reg) is True
    frozen_now(CLOSES)
    assert service.participant_may_change(reg) is False
    with pytest.raises(ChangeDeadlinePassed):
        service.cancel(reg.id)
