"""Påmeldinger › Påminnelser: the organiser (and lesetilgang) sees, per kind, how many reminders went out and
when; counted from what `flask reminders send-due` queued and the outbox sent."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from app.core import clock
from app.core.clock import OSLO
from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import EventRole
from app.reminders.cli import send_due
from tests.checkin.helpers import cancel, enrol


def _row(html: str, label: str) -> str:
    start = html.index(f'<th scope="row">{label}</th>')
    return re.sub(r">\s+<", "><", html[start:html.index("</tr>", start)].strip())


def test_the_page_counts_each_kind_sent_and_says_when(app, client, make, login, frozen_now, smtp):
    frozen_now(datetime(2027, 4, 1, 8, 0, tzinfo=OSLO))
    event = make.event(title="Lederkonferansen 2027", starts_at=datetime(2027, 4, 14, 9, 0, tzinfo=OSLO),
                       reminder_days=7)
    ande = enrol(app, event, 1, first_name="Ánde")
    enrol(app, event, 2)
    gone = enrol(app, event, 3)
    with app.app_context():
        deliver_due()
        db.session.remove()
    login(make.user(EventRole.VIEWER, events=[event]).email)
    html = client.get(f"/admin/events/{event.slug}/reminders").get_data(as_text=True)
    assert _row(html, "7 dager før").startswith('<th scope="row">7 dager før</th><td>7. april 2027</td><td class="num">0</td>')
    assert "Ikke sendt ennå" in html

    frozen_now(datetime(2027, 4, 7, 9, 0, tzinfo=OSLO))
    with app.app_context():
        assert send_due() == 3
        db.session.commit()
        db.session.remove()
    cancel(app, gone)  # cancelled before it went: not sent
    frozen_now(datetime(2027, 4, 7, 9, 15, tzinfo=OSLO))
    with app.app_context():
        deliver_due()
        db.session.remove()
    html = client.get(f"/admin/events/{event.slug}/reminders").get_data(as_text=True)
    assert _row(html, "7 dager før") == (
        '<th scope="row">7 dager før</th><td>7. april 2027</td><td class="num">2</td><td class="num">0</td>'
        '<td class="num">0</td><td class="num">1</td><td>7. april 2027 kl. 09:15</td>')
    assert _row(html, "Dagen før") == (
        '<th scope="row">Dagen før</th><td>13. april 2027</td><td class="num">0</td><td class="num">0</td>'
        '<td class="num">0</td><td class="num">0</td><td>Ikke sendt ennå</td>')
    assert "<h2>Påminnelser</h2>" in html and ande.id


def test_no_early_reminder_when_the_event_asks_for_none(app, client, make, login):
    event = make.event(reminder_days=0)
    login(make.user(EventRole.ORGANISER, events=[event]).email)
    html = client.get(f"/admin/events/{event.slug}/reminders").get_data(as_text=True)
    assert "Ingen (slått av)" in html
    assert clock.now() < event.starts_at - timedelta(days=1)
