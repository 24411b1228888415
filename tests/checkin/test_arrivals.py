"""One source of arrivals (app/checkin/arrived.py): the arrivals page, its chart, the event dashboard and the
scanner's counts API give the same number. They used to disagree about a participant checked in whose
registration was cancelled afterwards: the dashboard and the arrivals chart still counted them, the arrivals
page's total and the counts API did not."""
import re
from datetime import timedelta

from app.core.transaction import transaction
from app.models import SessionKind, UserRole
from tests.checkin.helpers import api_token, cancel, enrol, scan


def test_a_cancelled_registration_checked_in_is_no_arrival_anywhere(app, client, make, login, frozen_now):
    event = make.event(title="Regional samling", capacity=None)
    workshop = make.session(event, kind=SessionKind.WORKSHOP, capacity=10, title="Verksted A",
                            starts_at=event.starts_at + timedelta(hours=2))
    organiser = make.user(UserRole.ADMINISTRATOR)
    token = api_token(app, organiser)
    kari, ola, per = (enrol(app, event, n, sessions=[workshop.id]) for n in range(3))
    frozen_now(event.starts_at + timedelta(hours=3))
    for person in (kari, ola):
        assert scan(client, event.slug, person.code, token, scanned_at=event.starts_at.isoformat()).status_code == 200
        assert scan(client, event.slug, person.code, token, session_id=workshop.id).status_code == 200
    cancel(app, ola)  # checked in at the entrance and the workshop, then cancelled

    counts = client.get(f"/api/v1/events/{event.slug}/checkins/counts", headers={"Authorization": f"Bearer {token}"})
    assert counts.get_json() == {"checked_in": 1, "expected": 2}

    login(organiser.email)
    arrivals = client.get(f"/admin/events/{event.slug}/checkins").get_data(as_text=True)
    assert "1 av 2 bekreftede deltakere er sjekket inn ved inngangen." in arrivals
    assert re.findall(r"<title>\d\d:\d\d: (\d+)</title>", arrivals) == ["1"]  # the chart: was 2
    assert '<th scope="row">Verksted A</th><td>1</td><td>2</td><td>0</td>' in arrivals  # was 2 of 2

    dashboard = client.get(f"/admin/events/{event.slug}/").get_data(as_text=True)
    assert "1 av 2 bekreftede deltakere er sjekket inn." in dashboard  # was «2 av 2»
    assert "<dt>Sjekket inn</dt><dd>1 / 2</dd>" in dashboard
    assert re.findall(r"<title>\d\d\.\d\d \d\d:00: (\d+)", dashboard) == ["1"]


def test_an_undone_check_in_is_no_arrival_and_a_new_one_counts_once(app, client, make, login, frozen_now):
    from app.checkin import roster, service

    event = make.event(capacity=None)
    organiser = make.user(UserRole.ADMINISTRATOR)
    token = api_token(app, organiser)
    kari = enrol(app, event, 1)
    frozen_now(event.starts_at)
    nonce = "first-scan"
    assert scan(client, event.slug, kari.code, token, nonce=nonce).get_json()["result"] == "ok"
    with app.app_context():
        with transaction():
            service.undo(event.id, nonce, organiser.id)
        assert roster.counts(service.Door(event.id)) == roster.Counts(0, 1)
    assert scan(client, event.slug, kari.code, token).get_json()["result"] == "ok"
    with app.app_context():
        assert roster.counts(service.Door(event.id)) == roster.Counts(1, 1)
