"""`<time datetime>` values are HTML date-time strings: at most three fraction digits (the HTML checker refuses
microseconds), on the back office's long lists too."""
from __future__ import annotations

import re
from datetime import UTC, datetime

from app.audit.log import Actor, record
from app.core import clock
from app.extensions import db
from app.models import OutboxMessage, User, UserRole

# HTML's "valid global date and time string", as we write it (UTC offset, seconds, optional 1–3 fraction digits).
HTML_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})")


def test_machine_time_keeps_milliseconds_at_most():
    assert clock.machine_time(datetime(2027, 4, 14, 7, 0, tzinfo=UTC)) == "2027-04-14T07:00:00+00:00"
    assert clock.machine_time(datetime(2027, 4, 14, 7, 0, 5, 123456, tzinfo=UTC)) == "2027-04-14T07:00:05.123+00:00"
    assert clock.machine_time(datetime(2027, 4, 14, 9, 0, 5, 999, tzinfo=clock.OSLO)) == "2027-04-14T07:00:05.000+00:00"


def test_outbox_and_audit_times_have_at_most_millisecond_precision(app, client, make, login, frozen_now):
    frozen_now(datetime(2027, 4, 14, 7, 15, 3, 654321, tzinfo=UTC))
    admin = make.user(UserRole.ADMINISTRATOR)
    with app.app_context():
        db.session.add(OutboxMessage(kind="registration.confirmed", to_address="kari@example.org", subject="Velkommen",
                                     body_text="Hei"))
        record(Actor.user(db.session.get(User, admin.id)), "user", admin.id, "update", {"name": ["A", "B"]})
        db.session.commit()
    login(admin.email)
    for url in ("/admin/outbox", "/admin/audit"):
        html = client.get(url).get_data(as_text=True)
        values = re.findall(r'<time datetime="([^"]*)"', html)
        assert "2027-04-14T07:15:03.654+00:00" in values, url
        assert all(HTML_DATETIME.fullmatch(v) for v in values), (url, values)
