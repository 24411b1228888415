"""Organisers see what speakers changed (old → new, when), and get one digest e-mail a day."""
from __future__ import annotations

from datetime import date, time
from io import BytesIO

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.mail.outbox import deliver_due
from app.models import Event, EventRole, OutboxMessage, Session, Speaker, User, UserRole
from app.speakers import changes, materials, service
from tests.smtp import SmtpServer
from tests.speakers import files

DAY = date(2027, 3, 10)


def _at(day: date, hour: int, minute: int):
    return clock.local_datetime(day, time(hour, minute))


def _profile(speaker, **kw):
    values = {f: getattr(speaker, f) for f in service.PROFILE_FIELDS} | kw
    with transaction():
        service.update_profile(speaker, service.ProfileValues(**values))


def _session(speaker, session, **kw):
    values = {f: getattr(session, f) for f in service.SESSION_FIELDS} | kw
    with transaction():
        service.update_session(speaker, session, service.SessionValues(**values))


@pytest.fixture
def history(app, portal, frozen_now):
    """Anna edits on 10 March (Oslo time), late into the evening; Bjørn just after midnight."""
    with app.app_context():
        event = db.session.get(Event, portal.event.id)  # Lederkonferansen in April, open for changes in March
        event.speaker_deadline = _at(date(2027, 4, 1), 12, 0)
        event.starts_at, event.ends_at = _at(date(2027, 4, 14), 9, 0), _at(date(2027, 4, 15), 16, 0)
        db.session.commit()
        anna = db.session.get(Speaker, portal.anna.id)
        bjorn = db.session.get(Speaker, portal.bjorn.id)
        frozen_now(_at(DAY, 10, 15))
        _profile(anna, bio="Ny bio.")
        frozen_now(_at(DAY, 11, 0))
        with transaction():
            service.set_photo(anna, BytesIO(files.png()))
        frozen_now(_at(DAY, 23, 30))  # 22:30 UTC: still 10 March in Oslo
        _session(anna, db.session.get(Session, portal.talk.id), title="Ledelse i teori og praksis")
        frozen_now(_at(DAY, 23, 45))
        with transaction():
            materials.add_material_link(anna, db.session.get(Session, portal.talk.id), "https://example.org/video",
                                        "Video")
        frozen_now(_at(date(2027, 3, 11), 0, 10))
        _profile(bjorn, organisation="Ny arbeidsgiver")
        db.session.remove()
    return portal


def test_changes_since_lists_who_what_old_and_new(app, history):
    with app.app_context(), force_locale("nb"):
        found = changes.changes_since(_at(DAY, 0, 0), _at(date(2027, 3, 11), 0, 0))
        fields = [[(str(f.label), f.old and str(f.old), f.new and str(f.new)) for f in c.fields] for c in found]
    assert [(c.speaker_name, c.subject, c.event_title, clock.oslo(c.at).strftime("%H:%M")) for c in found] == [
        ("Anna Aas", "Anna Aas", None, "10:15"),
        ("Anna Aas", "Anna Aas", None, "11:00"),
        ("Anna Aas", "Ledelse i teori og praksis", "Lederkonferansen 2027", "23:30"),
        ("Anna Aas", "Ledelse i teori og praksis", "Lederkonferansen 2027", "23:45"),
    ]
    assert fields == [
        [("Kort biografi", "Rektor i Aas.", "Ny bio.")],
        [("Bilde", None, "nytt bilde")],
        [("Tittel", "Ledelse i praksis", "Ledelse i teori og praksis")],
        [("Presentasjoner og lenker", None, "Video <https://example.org/video>")],
    ]
    assert found[0].is_profile and not found[2].is_profile and found[2].event_id == history.event.id


def test_changes_for_one_speaker_newest_first(app, history):
    with app.app_context():
        bjorn = changes.changes_for_speaker(history.bjorn.id, newest_first=True)
        anna = changes.changes_for_speaker(history.anna.id, newest_first=True)
    assert [(c.subject, [(f.field, f.old, f.new) for f in c.fields]) for c in bjorn] == [
        ("Bjørn Berg", [("organisation", "Berg kulturskole", "Ny arbeidsgiver")])]
    assert [clock.oslo(c.at).strftime("%H:%M") for c in anna] == ["23:45", "23:30", "11:00", "10:15"]


def test_organiser_changes_are_not_speaker_changes(app, portal):
    from app.audit.log import Actor, record

    with app.app_context():
        organiser = User(email="org@example.org", role=UserRole.ADMINISTRATOR, password_hash="x")
        db.session.add(organiser)
        db.session.flush()
        record(Actor.user(organiser), "session", portal.talk.id, "update", {"title": ["a", "b"]})
        db.session.commit()
        assert changes.changes_since(_at(DAY, 0, 0)) == []


def _organisers(make):
    make.user(UserRole.ADMINISTRATOR, email="kari@kulturskoleradet.no")
    make.user(UserRole.ADMINISTRATOR, email="ola@kulturskoleradet.no")
    make.user(EventRole.DOOR, email="dor@kulturskoleradet.no")
    gone = make.user(UserRole.ADMINISTRATOR, email="sluttet@kulturskoleradet.no")
    with make.app.app_context():
        db.session.get(User, gone.id).active = False
        db.session.commit()


def test_daily_digest_goes_once_to_each_active_organiser(app, make, history, smtp, frozen_now):
    _organisers(make)
    frozen_now(_at(date(2027, 3, 11), 7, 0))
    runner = app.test_cli_runner()

    first = runner.invoke(args=["speakers", "digest"])  # yesterday, in Oslo
    again = runner.invoke(args=["speakers", "digest", "--date", "2027-03-10"])
    assert first.exit_code == 0 and again.exit_code == 0, first.output + again.output
    assert first.output.strip() == ("4 speaker change(s) on 2027-03-10: digest queued for 2 organiser(s), "
                                    "already queued earlier for 0.")
    assert "queued for 0 organiser(s), already queued earlier for 2." in again.output

    with app.app_context():
        keys = sorted(db.session.scalars(select(OutboxMessage.dedupe_key)))
        ids = {u.email: u.id for u in db.session.scalars(select(User))}
        deliver_due()
    assert keys == sorted(f"speaker-digest:2027-03-10:{ids[e]}" for e in ("kari@kulturskoleradet.no", "ola@kulturskoleradet.no"))
    messages = smtp.wait_for(2)
    assert sorted(m["To"] for m in messages) == ["kari@kulturskoleradet.no", "ola@kulturskoleradet.no"]
    assert messages[0]["Subject"] == "Foredragsholdere: 4 endringer 10.03.2027"
    text = SmtpServer.text_of(messages[0]).replace("\r\n", "\n")
    assert text.startswith("Dette endret foredragsholderne 10. mars 2027 (4 endringer, 1 foredragsholder):\n\n")
    assert "* 10.03.2027 kl. 10:15 – Anna Aas – profilen\n  Kort biografi: Rektor i Aas. → Ny bio." in text
    assert "  Bilde: (tomt) → nytt bilde" in text
    assert ("* 10.03.2027 kl. 23:30 – Anna Aas – sesjonen «Ledelse i teori og praksis» (Lederkonferansen 2027)\n"
            "  Tittel: Ledelse i praksis → Ledelse i teori og praksis") in text
    assert "Bjørn" not in text and "Ny arbeidsgiver" not in text  # 11 March in Oslo: tomorrow's digest
    html = next(p for p in messages[0].walk() if p.get_content_type() == "text/html").get_payload(decode=True).decode().replace("\r\n", "\n")
    assert "<td>Kort biografi</td>\n      <td>Rektor i Aas.</td>\n      <td>Ny bio.</td>" in html


def test_a_run_that_races_another_leaves_the_others_digest(app, make, history, frozen_now, monkeypatch):
    # Both runs read "nothing queued yet"; the other one stored its keys first: ours hits the unique key,
    # rolls back, and says the digest was queued already.
    from app.speakers import digest

    _organisers(make)
    frozen_now(_at(date(2027, 3, 11), 7, 0))
    runner = app.test_cli_runner()
    assert runner.invoke(args=["speakers", "digest"]).exit_code == 0
    monkeypatch.setattr(digest, "already_queued", lambda keys: set())
    raced = runner.invoke(args=["speakers", "digest"])
    assert raced.exit_code == 0, raced.output
    assert raced.output.strip() == ("4 speaker change(s) on 2027-03-10: digest queued for 0 organiser(s), "
                                    "already queued earlier for 2.")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2


def test_no_changes_no_digest(app, make, portal):
    make.user(UserRole.ADMINISTRATOR)
    result = app.test_cli_runner().invoke(args=["speakers", "digest", "--date", "2027-03-10"])
    assert result.output.strip() == "No speaker changes on 2027-03-10; nothing to send."
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage)).all() == []


def test_long_values_are_shortened_in_the_digest():
    from app.speakers.digest import shorten

    assert shorten("a" * 300) == "a" * 300
    assert shorten("a" * 301) == "a" * 299 + "…"
    assert shorten(None) is None
