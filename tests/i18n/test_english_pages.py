"""With English chosen (/lang/en), no bokmål is left on the pages, PDFs and files a user gets.

The data is plain ASCII English (tests/i18n/world.py), so æ, ø, å or a frequent Norwegian word in
the output can only come from an untranslated interface text (tests/i18n/norwegian.py).
"""
from __future__ import annotations

import csv
import io
from datetime import timedelta

import pypdfium2 as pdfium
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from app.core import clock
from app.extensions import db
from app.models import Event, SurveyInvitation
from app.surveys import answering
from app.surveys.cli import send_due
from tests.factories import csrf_from, sign_in_speaker
from tests.i18n.norwegian import norwegian_in, norwegian_words
from tests.i18n.world import build, mail_subjects


@pytest.fixture
def world(app, make):
    return build(app, make)


@pytest.fixture
def english(client):
    response = client.get("/lang/en?next=/")
    assert response.status_code == 303
    return client


def check_pages(client, paths, *, content=(), status=200):
    """Fetch each page; return {path: [texts with Norwegian words]} for those that have any."""
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == status, (path, response.status_code)
        html = response.get_data(as_text=True)
        assert '<html lang="en">' in html, path
        found = norwegian_in(html, content=content)
        if found:
            problems[path] = found
    return problems


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def public_paths(world) -> list[str]:
    tom, cid, rob = (world.manage_tokens[n] for n in ("Tom", "Cid", "Rob"))
    return ["/", f"/events/{world.slug}", f"/events/{world.slug}/register", f"/events/{world.slug}/register/group",
            f"/events/{world.slug}/resend-link",
            "/privacy", "/login", f"/me/{tom}", f"/me/{tom}/details", f"/me/{tom}/cancel", f"/me/{cid}",
            f"/me/{rob}", f"/b/{world.badge_codes['Tom']}"]


def speaker_paths(world) -> list[str]:
    return ["/speaker/", "/speaker/profile", "/speaker/sessions", f"/speaker/sessions/{world.workshop_id}",
            f"/speaker/sessions/{world.opening_id}", "/speaker/schedule"]


def admin_paths(world) -> list[str]:
    event = f"/admin/events/{world.slug}"
    reg = world.registrations
    return [
        "/admin/", f"{event}/", f"{event}/registrations", f"{event}/registrations?status=all&sort=newest",
        f"{event}/registrations/{reg['Tom']}", f"{event}/registrations/{reg['Cid']}",
        f"{event}/registrations/new", f"{event}/mail", f"{event}/program", f"{event}/program?view=list",
        f"{event}/sessions/new", f"{event}/sessions/{world.workshop_id}", f"{event}/sessions/{world.workshop_id}/move",
        f"{event}/sessions/{world.workshop_id}/cancel", f"{event}/tracks", f"{event}/tracks/{world.track_id}",
        f"{event}/settings", f"{event}/copy", f"{event}/cancel", f"{event}/notices", f"{event}/exports",
        f"{event}/catering", f"{event}/badges", f"{event}/checkins", "/admin/events/new",
        "/admin/speakers", f"/admin/speakers/{world.speaker_id}", "/admin/speakers/new",
        "/admin/venues", f"/admin/venues/{world.venue_id}", f"/admin/venues/{world.venue_id}/rooms/{world.room_id}",
        "/admin/venues/new", "/admin/users", f"/admin/users/{world.organiser_id}", "/admin/users/new",
        "/admin/outbox", "/admin/outbox?status=failed", "/admin/audit",
        "/admin/surveys/", f"/admin/events/{world.slug}/surveys", f"/admin/surveys/{world.survey_id}",
        f"/admin/surveys/{world.survey_id}/questions/{world.question_id}", f"/admin/surveys/{world.survey_id}/preview",
        f"/admin/surveys/{world.survey_id}/results",
        f"/checkin/{world.slug}", f"/b/{world.badge_codes['Ann']}", f"/b/{world.badge_codes['Rob']}",
    ]


def test_in_bokmal_the_same_pages_are_full_of_norwegian(app, client, login, world):
    """The detector is not blind: without /lang/en, every page of the walk has bokmål words."""
    silent = [path for path in public_paths(world) if not norwegian_in(client.get(path).get_data(as_text=True))]
    login(world.organiser_email)
    silent += [path for path in admin_paths(world) if not norwegian_in(client.get(path).get_data(as_text=True))]
    sign_in_speaker(app, client, world.speaker_id)
    silent += [path for path in speaker_paths(world) if not norwegian_in(client.get(path).get_data(as_text=True))]
    assert silent == []


def test_public_and_participant_pages_are_all_english(app, english, world):
    assert check_pages(english, public_paths(world)) == {}
    assert check_pages(english, ["/no-such-page", "/me/NOSUCHTOKEN"], status=404) == {}
    assert check_pages(english, [f"/me/{world.manage_tokens['Rob']}/badge.pdf"], status=409) == {}  # not confirmed

    # The registration form with every error shown, then a registration that goes through.
    token = csrf_from(english.get(f"/events/{world.slug}/register").get_data(as_text=True))
    response = english.post(f"/events/{world.slug}/register", data={"csrf_token": token, "email": "not-an-address",
                                                                     "invoice_org_number": "123"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Enter your first name." in html and "Enter a valid email address, for example name@example.org." in html
    assert norwegian_in(html) == []
    response = english.post(f"/events/{world.slug}/register", data={
        "csrf_token": token, "first_name": "Pat", "last_name": "Post", "email": "pat@example.org",
        "organisation": "Hill School", "kommune": "0301", "job_title": "Principal", "years_as_leader": "1-3",
        "invoice_org_number": "974760673", "privacy_accepted": "y"}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Check your email" in html and "We are sending an email to pat@example.org" in html
    assert norwegian_in(html) == []
    # Registering the same address again gives the same answer (the holder gets the link by email).
    again = english.post(f"/events/{world.slug}/register", data={
        "csrf_token": token, "first_name": "Pat", "last_name": "Post", "email": "pat@example.org",
        "organisation": "Hill School", "kommune": "0301", "job_title": "Principal", "years_as_leader": "1-3",
        "invoice_org_number": "974760673", "privacy_accepted": "y"}, follow_redirects=True)
    assert again.get_data(as_text=True) == html


def test_the_speakers_portal_is_all_english(app, client, english, world):
    assert check_pages(english, ["/speaker/login"]) == {}
    assert check_pages(english, ["/speaker/login/NOSUCHTOKEN"], status=404) == {}
    token = csrf_from(english.get("/speaker/login").get_data(as_text=True))
    response = english.post("/speaker/login", data={"csrf_token": token, "email": "ada@example.org"},
                            follow_redirects=True)
    assert norwegian_in(response.get_data(as_text=True)) == []
    sign_in_speaker(app, client, world.speaker_id)
    assert check_pages(english, speaker_paths(world)) == {}
    response = english.post("/speaker/profile", data={"csrf_token": token, "name": "", "bio": "x" * 3000},
                            follow_redirects=True)
    assert norwegian_in(response.get_data(as_text=True)) == []


def test_the_back_office_and_check_in_are_all_english(app, english, login, world):
    login(world.organiser_email)
    assert check_pages(english, admin_paths(world), content=mail_subjects(app)) == {}

    # A form sent back with errors.
    token = csrf_from(english.get("/admin/events/new").get_data(as_text=True))
    response = english.post("/admin/events/new", data={"csrf_token": token, "title": "", "slug": "Not A Slug"})
    assert response.status_code in (200, 400)
    assert norwegian_in(response.get_data(as_text=True)) == []


def test_lists_pdfs_and_exports_are_in_english(app, english, login, world):
    login(world.organiser_email)
    event = f"/admin/events/{world.slug}"
    for path in (f"{event}/participants.pdf", f"{event}/attendance.pdf",
                 f"{event}/sessions/{world.workshop_id}/attendance.pdf",
                 f"/admin/surveys/{world.survey_id}/results.pdf"):
        response = english.get(path)
        assert response.status_code == 200 and response.mimetype == "application/pdf", path
        assert norwegian_words(pdf_text(response.data)) == [], path
    text = english.get(f"{event}/registrations.csv").get_data(as_text=True).lstrip("\ufeff")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert "First name" in header and norwegian_words(" ".join(header)) == []
    sheet = load_workbook(io.BytesIO(english.get(f"{event}/registrations.xlsx").data)).active
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "First name" in header and norwegian_words(" ".join(str(h) for h in header if h)) == []
    for fmt in ("csv", "xlsx"):
        data = english.get(f"/admin/surveys/{world.survey_id}/results.{fmt}").data
        text = data.decode("utf-8-sig") if fmt == "csv" else " ".join(
            str(c.value) for ws in load_workbook(io.BytesIO(data)).worksheets for row in ws.iter_rows() for c in row
            if isinstance(c.value, str))
        assert norwegian_words(text) == [], fmt


def test_answering_a_survey_is_all_english(app, english, world):
    with app.app_context():
        clock.set_now(db.session.get(Event, world.event_id).ends_at + timedelta(hours=3))
        send_due()
        invitation = db.session.scalars(select(SurveyInvitation)).first()
        token = answering.token_of(invitation)
        db.session.remove()
    assert check_pages(english, [f"/survey/{token}"]) == {}
    csrf = csrf_from(english.get(f"/survey/{token}").get_data(as_text=True))
    response = english.post(f"/survey/{token}", data={"csrf_token": csrf})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Choose an answer to this question." in html
    assert norwegian_in(html) == []
    response = english.post(f"/survey/{token}", data={"csrf_token": csrf, f"q{world.question_id}": "4"},
                            follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Thank you for your answers!" in html and norwegian_in(html) == []
    assert check_pages(english, [f"/survey/{token}"], status=410) == {}  # "You have already answered"
    assert check_pages(english, ["/survey/NOSUCHTOKEN"], status=404) == {}
