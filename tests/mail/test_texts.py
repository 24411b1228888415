"""Every kind of e-mail written by the one composer of texts (app/mail/texts.py): always in bokmål, even when the
page that caused it is in English, the subject one line, and nothing else in `app/` renders an e-mail template."""
from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail import texts
from app.models import Event, Registration, Session, SessionKind, Speaker
from app.registration import links, notify, service
from tests.conftest import utc
from tests.factories import applicant

APP = Path(__file__).resolve().parents[2] / "app"


@pytest.fixture
def world(app, make):
    event = make.event(title="Lederkonferansen 2027", slug="lederkonferansen-2027", starts_at=utc(2027, 4, 14, 7, 0),
                       ends_at=utc(2027, 4, 15, 14, 0), registration_closes_at=utc(2027, 4, 1, 10, 0),
                       change_deadline=utc(2027, 4, 1, 10, 0), contact_email="post@example.org")
    workshop = make.session(event, title="Verksted i ledelse", kind=SessionKind.WORKSHOP, capacity=5,
                            starts_at=utc(2027, 4, 14, 9, 0))
    speaker = make.speaker(name="Kari Nordmann", email="kari@example.org")
    with app.app_context(), clock.frozen(utc(2027, 3, 1, 12, 0)), transaction():
        registration_id = service.register(event.id, applicant(1, first_name="Ola"), [workshop.id]).id
    return SimpleNamespace(event_id=event.id, session_id=workshop.id, registration_id=registration_id,
                           speaker_id=speaker.id)


def _registration_texts(name: str, w, **extra) -> texts.Texts:
    registration = db.session.get(Registration, w.registration_id)
    return texts.write(name, **notify._context(registration, session=db.session.get(Session, w.session_id),
                                               position=3, choices=[], removed=[], **extra))


REGISTRATION_KINDS = [
    ("registration_confirmed", "Du er påmeldt Lederkonferansen 2027",
     "Du kan endre valgene dine eller melde deg av fram til"),
    ("registration_waitlisted", "Du står på ventelisten til Lederkonferansen 2027",
     "Du står som nummer 3 på ventelisten."),
    ("registration_promoted", "Du har fått plass på Lederkonferansen 2027",
     "Det ble ledig plass, og du er nå påmeldt Lederkonferansen 2027."),
    ("registration_changed", "Endringen er lagret: Lederkonferansen 2027",
     "Du har ikke valgt verksteder eller parallellsesjoner."),
    ("registration_cancelled", "Du er meldt av Lederkonferansen 2027",
     "Plassen din går videre til den første på ventelisten."),
    ("registration_link", "Lenken til påmeldingen din: Lederkonferansen 2027", "Lenken er personlig"),
    ("registration_already", "Du er allerede påmeldt Lederkonferansen 2027", "Lenken er personlig"),
    ("sessions_dropped", "Meldt av programposter: Lederkonferansen 2027", "Lenken er personlig"),
    ("session_promoted", "Du har fått plass på Verksted i ledelse", "Verksted i ledelse"),
]


@pytest.mark.parametrize(("name", "subject", "sentence"), REGISTRATION_KINDS, ids=[k[0] for k in REGISTRATION_KINDS])
def test_every_registration_email_in_bokmal_with_the_manage_link_from_an_english_page(app, world, name, subject,
                                                                                       sentence):
    with app.test_request_context("/?lang=en"), force_locale("en"):
        mail = _registration_texts(name, world)
        url = links.manage_url(db.session.get(Registration, world.registration_id))
    assert mail.subject == subject
    assert sentence in mail.text and sentence in mail.html
    assert url in mail.text and f'href="{url}"' in mail.html
    assert "Spørsmål? post@example.org" in mail.text and '<html lang="nb">' in mail.html
    assert "14.–15. april 2027, kl. 09:00–16:00" in mail.text  # the event's dates in Oslo time (summer time)


def _notice(**kw) -> SimpleNamespace:
    values = {"new_title": "Verksted i ledelse", "old_title": "Verksted", "title_changed": True,
              "new_starts_at": utc(2027, 4, 14, 10, 0), "new_ends_at": utc(2027, 4, 14, 11, 0),
              "old_starts_at": utc(2027, 4, 14, 9, 0), "old_ends_at": utc(2027, 4, 14, 10, 0), "time_changed": True,
              "new_room": "Storsalen", "old_room": None, "room_changed": True}
    return SimpleNamespace(**{**values, **kw})


def test_the_program_emails_for_a_participant_and_for_a_speaker(app, world):
    with app.test_request_context("/?lang=en"), force_locale("en"):
        event, session = db.session.get(Event, world.event_id), db.session.get(Session, world.session_id)
        registration = db.session.get(Registration, world.registration_id)
        participant = SimpleNamespace(name="Ola Nordmann", registration=registration, speaker=None)
        speaker = SimpleNamespace(name="Kari Nordmann", registration=None,
                                  speaker=db.session.get(Speaker, world.speaker_id))
        changed = texts.write("program_changed", recipient=participant, session=session, event=event,
                              notice=_notice(), manage_url=links.manage_url(registration))
        cancelled = texts.write("session_cancelled", recipient=speaker, session=session, event=event,
                                portal_url="https://samling.example/speaker/")
    assert changed.subject == "Programendring: Verksted i ledelse – Lederkonferansen 2027"
    assert "Det er gjort en endring i programmet for Lederkonferansen 2027 som gjelder deg:" in changed.text
    assert "Tid: onsdag 14. april 2027 12:00–13:00 (før: 11:00–12:00)" in changed.text
    assert "Rom: Storsalen (før: ikke bestemt)" in changed.text
    assert cancelled.subject == "Avlyst: Verksted i ledelse – Lederkonferansen 2027"
    assert "Programposten «Verksted i ledelse» på Lederkonferansen 2027 er dessverre avlyst." in cancelled.text
    assert "Den skulle vært onsdag 14. april 2027 11:00–12:00." in cancelled.text
    assert "Foredragsholdersidene: https://samling.example/speaker/" in cancelled.text
    assert "Hei Kari Nordmann!" in cancelled.html


def test_the_speaker_emails(app, world):
    with app.test_request_context("/?lang=en"), force_locale("en"):
        speaker = db.session.get(Speaker, world.speaker_id)
        signin = texts.write("speaker_signin", speaker=speaker, url="https://samling.example/speaker/login/abc",
                             invited_by=None, events=[], hours=2, days=0)
        # The digest of the night summer time ends (31 October 2027): the day and the times in Oslo time.
        day = clock.local_datetime(date(2027, 10, 31), time(0, 0))
        change = SimpleNamespace(at=utc(2027, 10, 31, 1, 30), speaker_name="Kari Nordmann", is_profile=True,
                                 subject="", event_title=None,
                                 fields=[SimpleNamespace(label="Biografi", old="Lærer", new="Rektor")])
        digest = texts.write("speaker_digest", day=day, changes=[change], shorten=lambda v: v,
                             admin_url="https://samling.example/admin/speakers", speakers_count=1)
    assert signin.subject == "Din innloggingslenke"
    assert "Logg inn med denne lenken (den kan brukes én gang og varer i 2 timer):" in signin.text
    assert 'href="https://samling.example/speaker/login/abc"' in signin.html
    assert digest.subject == "Foredragsholdere: 1 endring 31.10.2027"
    assert "* 31.10.2027 kl. 02:30 – Kari Nordmann – profilen" in digest.text
    assert "Biografi: Lærer → Rektor" in digest.text


def test_the_survey_emails(app, world):
    with app.test_request_context("/?lang=en"), force_locale("en"):
        event = db.session.get(Event, world.event_id)
        survey = SimpleNamespace(title="Evaluering", closes_at=utc(2027, 10, 31, 1, 30), event=event)
        invitation = texts.write("survey_invitation", survey=survey, event=event, first_name="Ola",
                                 link="https://samling.example/s/abc", test=True)
        reminder = texts.write("survey_reminder", survey=survey, event=event, first_name="Ola",
                               link="https://samling.example/s/abc", test=False)
    assert invitation.subject == "[Test] Hva syntes du om Lederkonferansen 2027?"
    assert "Takk for at du var med på Lederkonferansen 2027." in invitation.text
    assert "Undersøkelsen stenger 31. oktober 2027 kl. 02:30." in invitation.text
    assert 'href="https://samling.example/s/abc"' in invitation.html
    assert reminder.subject == "Påminnelse: Hva syntes du om Lederkonferansen 2027?"
    assert "Dette er den eneste påminnelsen du får." in reminder.text


def test_a_bulk_message_keeps_the_organisers_subject_on_one_line(app, world):
    with app.test_request_context("/?lang=en"), force_locale("en"):
        registration = db.session.get(Registration, world.registration_id)
        mail = texts.write("bulk_message", subject_line="Praktisk info\r\nBcc: alle@example.org ",
                           registration=registration, event=registration.event, body="Velkommen, Ola!",
                           paragraphs=["Velkommen, Ola!"], manage_url=links.manage_url(registration))
    assert mail.subject == "Praktisk info Bcc: alle@example.org"
    assert mail.text.startswith("Velkommen, Ola!\n")
    assert "<p>Velkommen, Ola!</p>" in mail.html
    assert "Se, endre eller meld deg av:" in mail.text


def test_a_subject_template_is_one_line(app, world):
    with app.test_request_context("/"):
        event = db.session.get(Event, world.event_id)
        event.title = "Lederkonferansen\n2027"
        assert texts.subject("registration_confirmed", event=event) == "Du er påmeldt Lederkonferansen 2027"
        db.session.rollback()


def test_only_the_composer_renders_email_templates_and_forces_the_language():
    """Every e-mail is written by app/mail/texts.py; the mail templates are in one folder."""
    renders, locales = [], []
    for path in APP.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        name = str(path.relative_to(APP))
        if name != "mail/texts.py" and re.search(r"""render_template\(\s*f?["'](?:\w+/)*mail/(?!unsubscribe_page)""",
                                                  source):
            renders.append(name)
        if "with force_locale(" in source:
            locales.append(name)
    assert renders == []
    # Badges, kursbevis and calendar files are not e-mail texts; they are bokmål too, as are the names, places and
    # network descriptions peer groups are stored with (data the organiser may edit, not texts of a page).
    assert sorted(locales) == ["badges/service.py", "calendar/components.py", "calendar/service.py",
                               "certificates/service.py", "mail/texts.py", "peer_groups/network.py",
                               "peer_groups/service.py"]
    assert not (APP / "templates" / "surveys" / "mail").exists()


def test_the_queued_registration_email_is_rendered_by_the_composer_when_sent(app, world):
    from app.mail import renderers
    from app.models import OutboxMessage

    with app.app_context():
        message = db.session.query(OutboxMessage).filter_by(kind="registration.confirmed").one()
        content = renderers.content_of(message)
    assert message.subject == "Du er påmeldt Lederkonferansen 2027"
    assert "Verksted i ledelse – du har plass" in content.text
    assert [a.filename for a in content.attachments] == ["lederkonferansen-2027.ics"]
