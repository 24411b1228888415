"""`flask surveys send-due`: invitations at the right moment, to the right people, never twice."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core import clock
from app.extensions import db
from app.mail import outbox
from app.models import Checkin, OutboxMessage, SurveyAudience, SurveyInvitation
from app.surveys import answering, sending
from app.surveys.cli import send_due
from tests.smtp import SmtpServer
from tests.surveys.helpers import after_event, answer, gathering, invitation_tokens, small_survey

ROOT = Path(__file__).resolve().parents[2]


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _invitation_messages(app, kind="survey.invitation"):
    with app.app_context():
        rows = db.session.execute(select(OutboxMessage.to_address, OutboxMessage.dedupe_key)
                                  .where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)).all()
        db.session.remove()
        return rows


def test_invitations_wait_until_two_hours_after_the_event_and_go_to_checked_in_people(app, make, smtp):
    g = gathering(app, make, people=5, checked_in=3)
    with app.app_context():
        survey = small_survey(g.event_id)
        after_event(g, hours=1.99)
        assert send_due().invited == 0
        after_event(g, hours=2)
        report = send_due()
        assert (report.invited, report.reminded) == (3, 0)
        assert outbox.deliver_due().sent == 3
        tokens = invitation_tokens(survey.id)
        db.session.remove()
    received = smtp.wait_for(3)
    assert sorted(m["To"] for m in received) == sorted(f"deltaker{g.event_id}-{i}@example.org" for i in range(3))
    body = SmtpServer.text_of(received[0])
    assert "Svar her (tar noen få minutter):" in body
    assert "Svarene er anonyme" in body
    links = {line.strip() for m in received for line in SmtpServer.text_of(m).splitlines() if "/survey/" in line}
    assert links == {f"http://samling.test/survey/{t}" for t in tokens.values()}
    assert _subject(received[0]).startswith("Hva syntes du om Testkonferansen")


def test_each_surveys_invitations_are_committed_before_the_next_survey_is_sent(app, make, monkeypatch):
    # One transaction per batch: the outbox can deliver the first survey's mail while the next is written.
    first, second = gathering(app, make, people=2), gathering(app, make, people=3)
    committed = []
    invite = sending.invite

    def watched(survey_id: int) -> int:
        with db.engine.connect() as other:  # what another process (the outbox worker) sees now
            committed.append(other.scalar(select(func.count()).select_from(OutboxMessage)))
        return invite(survey_id)

    monkeypatch.setattr(sending, "invite", watched)
    with app.app_context():
        small_survey(first.event_id)
        small_survey(second.event_id)
        after_event(max(first, second, key=lambda g: g.ends_at))
        assert send_due().invited == 5
        db.session.remove()
    assert committed == [0, 2]


def test_the_organiser_may_choose_every_confirmed_participant(app, make):
    g = gathering(app, make, people=5, checked_in=1)
    with app.app_context():
        small_survey(g.event_id, audience=SurveyAudience.CONFIRMED)
        after_event(g)
        assert send_due().invited == 5
        db.session.remove()


def test_an_undone_check_in_does_not_count(app, make):
    g = gathering(app, make, people=2, checked_in=2)
    with app.app_context():
        checkin = db.session.scalar(select(Checkin).where(Checkin.registration_id == g.registration_ids[0]))
        checkin.undone_at = checkin.scanned_at + timedelta(minutes=1)
        db.session.commit()
        small_survey(g.event_id)
        after_event(g)
        assert send_due().invited == 1
        db.session.remove()


def test_sessions_to_rate_come_from_check_ins_else_choices_else_plenaries(app, make):
    g = gathering(app, make, people=3)
    r_scanned, r_plain, r_chose = g.registration_ids  # 0 and 2 chose the workshop
    with app.app_context():
        db.session.add(Checkin(event_id=g.event_id, registration_id=r_scanned, session_id=g.workshop_id,
                               scanned_at=clock.now()))
        db.session.commit()
        survey = small_survey(g.event_id)
        after_event(g)
        send_due()
        carried = {inv.registration_id: inv.session_ids for inv in db.session.scalars(
            select(SurveyInvitation).where(SurveyInvitation.survey_id == survey.id))}
        db.session.remove()
    opening, closing = g.plenary_ids
    assert carried == {r_scanned: [g.workshop_id], r_plain: [opening, closing],
                       r_chose: [opening, g.workshop_id, closing]}


def test_send_due_twice_at_the_same_moment_sends_each_invitation_once(app, make, smtp):
    g = gathering(app, make, people=12)
    with app.app_context():
        small_survey(g.event_id)
        db.session.remove()
    after_event(g)
    start = threading.Barrier(2)

    def run(_):
        with app.app_context():
            try:
                start.wait()
                return send_due().invited
            finally:
                db.session.remove()

    with ThreadPoolExecutor(2) as pool:
        assert sorted(pool.map(run, range(2))) == [0, 12]
    with app.app_context():
        assert outbox.deliver_due().sent == 12
        assert send_due().invited == 0
        assert outbox.deliver_due().sent == 0
        db.session.remove()
    received = smtp.wait_for(12)
    assert len(received) == 12
    assert sorted(m["To"] for m in received) == sorted(f"deltaker{g.event_id}-{i}@example.org" for i in range(12))


def test_the_unique_outbox_key_stops_a_second_queueing_even_without_the_lock(app, make):
    """As if another process had just queued one invitation (and its lock were gone): that person is skipped,
    everyone else is invited, and the run does not fail."""
    g = gathering(app, make, people=3)
    with app.app_context():
        survey = small_survey(g.event_id)
        outbox.queue(kind="survey.invitation", to="x@example.org", subject="s", text="t",
                     dedupe_key=f"survey-invite:{survey.id}:{g.registration_ids[1]}")
        db.session.commit()
        after_event(g)
        assert send_due().invited == 2
        invited = set(db.session.scalars(select(SurveyInvitation.registration_id)))
        assert invited == {g.registration_ids[0], g.registration_ids[2]}
        db.session.remove()


@pytest.mark.slow
def test_two_send_due_processes_at_the_same_moment_queue_each_invitation_once(app, make, database_url, smtp):
    """Two real `flask surveys send-due` processes against the same database at once."""
    now = clock.now()
    clock.set_now(now - timedelta(days=5))
    g = gathering(app, make, people=20, starts_at=now - timedelta(days=2))  # ended 18 hours ago
    clock.set_now(None)
    with app.app_context():
        small_survey(g.event_id)
        db.session.remove()
    env = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development", "MAIL_SEND_INLINE": "0",
           "TOKEN_SECRET": app.config["TOKEN_SECRET"], "SECRET_KEY": "x", "FLASK_APP": "wsgi.py",
           "BASE_URL": app.config["BASE_URL"]}
    flask = [sys.executable, "-m", "flask", "surveys", "send-due"]
    procs = [subprocess.Popen(flask, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    counts = sorted(int(out.split("invited ")[1].split(",")[0]) for out, _err in outputs)
    assert sum(counts) == 20, outputs
    rows = _invitation_messages(app)
    assert len(rows) == 20 and len({key for _to, key in rows}) == 20
    with app.app_context():
        assert outbox.deliver_due().sent == 20
        db.session.remove()
    assert len(smtp.wait_for(20)) == 20


def test_one_reminder_only_to_those_who_have_not_answered(app, make, smtp):
    g = gathering(app, make, people=4)
    with app.app_context():
        survey = small_survey(g.event_id)
        overall = next(q.id for q in survey.questions if q.key == "overall")
        after_event(g)
        send_due()
        tokens = invitation_tokens(survey.id)
        answer(tokens[g.registration_ids[0]], {f"q{overall}": ["5"]})
        answer(tokens[g.registration_ids[3]], {f"q{overall}": ["4"]})
        outbox.deliver_due()
        smtp.messages.clear()
        clock.set_now(clock.now() + timedelta(hours=71))
        assert send_due().reminded == 0
        clock.set_now(clock.now() + timedelta(hours=1))
        assert send_due().reminded == 2
        assert send_due().reminded == 0
        clock.set_now(clock.now() + timedelta(days=5))
        assert send_due().reminded == 0
        assert outbox.deliver_due().sent == 2
        db.session.remove()
    received = smtp.wait_for(2)
    assert sorted(m["To"] for m in received) == sorted(
        f"deltaker{g.event_id}-{i}@example.org" for i in (1, 2))
    assert all(_subject(m).startswith("Påminnelse: Hva syntes du om") for m in received)
    assert "Dette er den eneste påminnelsen du får." in SmtpServer.text_of(received[0])


def test_nothing_is_sent_for_a_draft_or_after_closing_and_the_last_answers_are_stored_at_closing(app, make):
    g = gathering(app, make, people=3)
    with app.app_context():
        survey = small_survey(g.event_id)
        overall = next(q.id for q in survey.questions if q.key == "overall")
        after_event(g)
        send_due()
        tokens = invitation_tokens(survey.id)
        answer(tokens[g.registration_ids[0]], {f"q{overall}": ["5"]})
        clock.set_now(survey.closes_at)
        report = send_due()
        assert (report.invited, report.reminded, report.flushed) == (0, 0, 1)
        assert answering.pending_count(survey.id) == 0
        db.session.remove()


def test_the_cli_reports_what_it_did(app, make):
    g = gathering(app, make, people=2)
    with app.app_context():
        small_survey(g.event_id)
        db.session.remove()
    after_event(g)
    result = app.test_cli_runner().invoke(args=["surveys", "send-due"])
    assert result.exit_code == 0
    assert result.output.strip() == "invited 2, reminded 0, stored 0 pooled answer(s)"
    again = app.test_cli_runner().invoke(args=["surveys", "send-due"])
    assert again.output.strip() == "invited 0, reminded 0, stored 0 pooled answer(s)"
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
        assert json.loads(db.session.scalar(select(SurveyInvitation.session_ids_json).limit(1)))
        db.session.remove()


def test_send_due_under_make_run_delivers_everything_it_queued_before_it_exits(app, make, database_url, smtp):
    """`make run` sends e-mail inline (MAIL_SEND_INLINE, the development default) and has no outbox worker: a real
    `flask surveys send-due` process from cron must not exit with its invitations still queued."""
    now = clock.now()
    clock.set_now(now - timedelta(days=5))
    g = gathering(app, make, people=12, starts_at=now - timedelta(days=2))  # ended 18 hours ago
    clock.set_now(None)
    with app.app_context():
        small_survey(g.event_id)
        db.session.remove()
    env = {**os.environ, "DATABASE_URL": database_url, "APP_ENV": "development", "MAIL_SEND_INLINE": "1",
           "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": str(smtp.port),
           "TOKEN_SECRET": app.config["TOKEN_SECRET"], "SECRET_KEY": "x", "FLASK_APP": "wsgi.py",
           "BASE_URL": app.config["BASE_URL"]}
    done = subprocess.run([sys.executable, "-m", "flask", "surveys", "send-due"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "invited 12" in done.stdout and "sent 12" in done.stdout, done.stdout
    with app.app_context():
        statuses = db.session.scalars(select(OutboxMessage.status).where(OutboxMessage.kind == "survey.invitation"))
        assert sorted(s.value for s in statuses) == ["sent"] * 12
        db.session.remove()
    assert len(smtp.messages) == 12
