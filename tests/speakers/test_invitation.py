"""An organiser's invitation names the event, the speaker's sessions there and the date the details are
wanted by (the event's speaker deadline), and its link lives 7 days; a link the speaker asks for herself
stays short (real SMTP)."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import Speaker, User, UserRole
from app.speakers import signin
from tests.smtp import SmtpServer


def _invite(app, speaker, organiser):
    with app.app_context():
        with transaction():
            signin.send_link(db.session.get(Speaker, speaker.id), invited_by=db.session.get(User, organiser.id))
        deliver_due()


def test_invitation_names_event_sessions_and_due_date_and_lives_seven_days(app, client, make, smtp, frozen_now):
    frozen_now(datetime(2027, 1, 10, 9, 0, tzinfo=UTC))
    event = make.event(title="Lederkonferansen 2027", starts_at=datetime(2027, 3, 4, 8, 0, tzinfo=UTC),
                       speaker_deadline=datetime(2027, 2, 15, 22, 59, tzinfo=UTC))
    past = make.event(title="Lederkonferansen 2026", starts_at=datetime(2026, 3, 5, 8, 0, tzinfo=UTC))
    speaker = make.speaker(name="Áile Gaup", email="aile@example.org")
    make.session(event, title="Ledelse i praksis", starts_at=datetime(2027, 3, 4, 9, 30, tzinfo=UTC),
                 speakers=[speaker])
    make.session(event, title="Samisk kulturskole", starts_at=datetime(2027, 3, 5, 12, 0, tzinfo=UTC),
                 speakers=[speaker])
    make.session(past, title="Gammelt foredrag", speakers=[speaker])
    _invite(app, speaker, make.user(UserRole.ADMINISTRATOR))

    message = smtp.wait_for(1)[0]
    text = SmtpServer.text_of(message)
    assert "Lederkonferansen 2027, 4. mars 2027:" in text
    assert "- Ledelse i praksis (torsdag 4. mars 2027 10:30)" in text
    assert "- Samisk kulturskole (fredag 5. mars 2027 13:00)" in text
    assert "Vi ber deg fylle ut detaljene innen 15. februar 2027 kl. 23:59." in text
    assert "varer i 7 dager" in text
    assert "Gammelt foredrag" not in text and "2026" not in text
    html = next(p for p in message.walk() if p.get_content_type() == "text/html").get_payload(decode=True).decode()
    assert "<li>Ledelse i praksis (torsdag 4. mars 2027 10:30)</li>" in html

    path = re.search(r"http://\S+(/speaker/login/\S+)", text).group(1)
    clock.set_now(datetime(2027, 1, 17, 8, 59, tzinfo=UTC))  # 6 days 23 hours later: still valid
    assert client.get(path).status_code == 200
    clock.set_now(datetime(2027, 1, 17, 9, 1, tzinfo=UTC))
    assert client.get(path).status_code == 410


def test_a_link_the_speaker_asks_for_stays_short(app, make, smtp, frozen_now):
    frozen_now(datetime(2027, 1, 10, 9, 0, tzinfo=UTC))
    speaker = make.speaker(email="elin@example.org")
    with app.app_context():
        with transaction():
            row = signin.send_link(db.session.get(Speaker, speaker.id))
        assert row.expires_at - clock.now() == timedelta(hours=24)
        deliver_due()
    assert "varer i 24 timer" in SmtpServer.text_of(smtp.wait_for(1)[0])
