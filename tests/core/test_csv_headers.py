"""CSV answers say `Content-Type: text/csv; charset=utf-8` once (not '; charset=utf-8; charset=utf-8')."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Survey, UserRole
from app.seeding.run import seed_all
from tests.checkin.helpers import enrol


def test_every_csv_download_has_one_plain_content_type(app, client, make, login):
    event = make.event()
    enrol(app, event, 1, first_name="Áile")
    with app.app_context():
        seed_all()
        survey_id = db.session.scalar(select(Survey.id).where(Survey.title == "Lederundersøkelsen 2025"))
        db.session.remove()
    login(make.user(UserRole.ADMINISTRATOR).email)
    for url in (f"/admin/events/{event.slug}/registrations.csv", f"/admin/surveys/{survey_id}/results.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers.getlist("Content-Type") == ["text/csv; charset=utf-8"], url
        assert response.data.startswith("\ufeff".encode())
