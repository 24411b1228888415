"""Several processes, one truth: Samling deployed as docs/deploy.md says — gunicorn with 4 workers and a
separate outbox worker on PostgreSQL — takes a registration rush through the real form, cancellations
through the manage pages, door scans through the API and survey sending, all at once, while a gunicorn
worker and the outbox worker are killed with SIGKILL in the middle (and the outbox worker restarted).
Then a burst of 200 registrations with one poison address in the middle (`pål@bøler.example`, to an SMTP
server without SMTPUTF8), and PostgreSQL ending the outbox worker's connection while it sends.

Afterwards: every answer a client got is true in the database, no registration is half done, every
e-mail went out once (or was set aside because it no longer held, or — the poison one — failed with its
reason, shown in /admin/outbox), every check-in a scanner was told about is there, once; and the outbox
worker never exited.
"""
from __future__ import annotations

import os
import queue
import random
import re
import subprocess
import threading
import time
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select, text

from app import create_app
from app.auth.service import issue_api_token
from app.core.transaction import transaction
from app.extensions import db, limiter
from app.mail import outbox
from app.models import EventRole, Registration, Session, SessionKind, SurveyAudience, User, UserRole
from app.registration import links
from app.registration import service as registrations
from tests.factories import PASSWORD, Factory, applicant, csrf_from
from tests.smtp import SmtpServer
from tests.surveys.helpers import small_survey
from tests.system import checks
from tests.system.cluster import BIN, ROOT, Client, Deployment, create_database
from tests.system.load import Ledger, Person, cancel, door, rush, scan_jobs

BASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not BASE_URL.startswith("postgres"),
                       reason="needs PostgreSQL (TEST_DATABASE_URL): SQLite is one process's database"),
]

SEATS, WORKSHOP_SEATS, RUSH, CLIENTS, CANCEL_EVERY = 60, 12, 240, 16, 6
DOOR_PEOPLE, SECOND_DOORS, REPEATS, DOORS = 120, 30, 20, 4
FINISHED_PEOPLE = 40
BURST, POISON, UNPLUGGED = 200, "pål@bøler.example", 60


@dataclass
class World:
    rush_id: int
    rush_slug: str
    workshop_ids: list[int]
    door_id: int
    door_slug: str
    door_codes: list[str]
    staff_token: str
    finished_id: int


def build_world(app) -> World:
    """Three published events: one about to be rushed (60 seats, two workshops of 12 at the same time),
    one at the door (120 confirmed participants and a scanner's token), one that will have ended (40
    participants and a published survey for everyone confirmed)."""
    make = Factory(app)
    with app.app_context():
        event = make.event(title="Rushkonferansen", slug="rushkonferansen", capacity=SEATS)
        workshops = [make.session(event, title=f"Verksted {x}", kind=SessionKind.WORKSHOP, capacity=WORKSHOP_SEATS,
                                  starts_at=event.starts_at + timedelta(hours=2)).id for x in "AB"]
        at_door = make.event(title="Dørsamlingen", slug="dorsamlingen", capacity=None)
        with transaction():
            codes = [links.badge_code(registrations.register(at_door.id, applicant(f"dor{i}")))
                     for i in range(DOOR_PEOPLE)]
        staff = make.user(EventRole.DOOR, events=[at_door])
        with transaction():
            token = issue_api_token(db.session.get(User, staff.id))
        finished = make.event(title="Den avsluttede samlingen", slug="avsluttet", capacity=None)
        make.session(finished, title="Åpning")
        for i in range(FINISHED_PEOPLE):
            with transaction():
                registrations.register(finished.id, applicant(f"ferdig{i}"))
        small_survey(finished.id, audience=SurveyAudience.CONFIRMED)
        world = World(event.id, event.slug, workshops, at_door.id, at_door.slug, codes, token, finished.id)
        db.session.remove()
    return world


def send_surveys(deployment: Deployment, engine, world: World, ledger: Ledger, invited: list[int]) -> None:
    """The finished event's end moves into the past; then the cron line runs twice at the same moment, and
    once more after."""
    time.sleep(1.0)
    with engine.begin() as conn:
        conn.execute(text("UPDATE events SET starts_at = now() - interval '2 days', ends_at = now() - interval "
                          "'1 day', registration_closes_at = now() - interval '3 days' WHERE id = :id"),
                     {"id": world.finished_id})
    ledger.note("the finished event ended yesterday; surveys send-due ×2 at once")
    command = [str(BIN / "flask"), "--app", "wsgi.py", "surveys", "send-due"]
    runs = [subprocess.Popen(command, cwd=ROOT, env=deployment.env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True) for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    outputs.append(deployment.flask("surveys", "send-due"))
    for output in outputs:
        found = re.search(r"invited (\d+)", output)
        assert found, output
        invited.append(int(found.group(1)))
    ledger.note(f"surveys send-due invited {invited}")


def crash(deployment: Deployment, engine, ledger: Ledger, rng: random.Random) -> None:
    """SIGKILL a gunicorn worker; SIGKILL the outbox worker in the middle of sending (the queue is
    going down while messages are waiting) and restart it; later SIGKILL another gunicorn worker."""
    time.sleep(1.5)
    victim = rng.choice(deployment.worker_pids())
    deployment.kill(victim)
    ledger.note(f"SIGKILL gunicorn worker {victim}")
    deadline, last, queued = time.monotonic() + 30, None, 0
    with engine.connect() as conn:
        while time.monotonic() < deadline:
            queued = conn.execute(text("SELECT count(*) FROM outbox_messages WHERE status = 'queued'")).scalar()
            conn.commit()
            if last is not None and 5 <= queued < last:
                break
            last = queued
            time.sleep(0.01)
    deployment.kill(deployment.outbox)
    ledger.note(f"SIGKILL outbox worker while sending, {queued} message(s) waiting")
    time.sleep(1.0)
    deployment.start_outbox()
    ledger.note("outbox worker restarted")
    time.sleep(2.0)
    victim = rng.choice(deployment.worker_pids())
    deployment.kill(victim)
    ledger.note(f"SIGKILL gunicorn worker {victim}")


def manage_token_of(world: World):
    """The token of the link a rush registration's e-mail carries (read where the e-mail gets it: the
    database, since the outbox may send it later than the participant wants to cancel)."""
    app = current_app._get_current_object()

    def token_of(email: str) -> str:
        with app.app_context():
            try:
                registration = db.session.scalar(select(Registration).where(
                    Registration.event_id == world.rush_id, Registration.email == email))
                return links.manage_token(registration)
            finally:
                db.session.remove()
    return token_of


def run_everything(deployment: Deployment, world: World, ledger: Ledger) -> list[int]:
    rng = random.Random(2027)
    people = [Person(n, ((), (world.workshop_ids[0],), (world.workshop_ids[1],))[n % 3]) for n in range(RUSH)]
    to_cancel: queue.Queue = queue.Queue()
    scans: queue.Queue = queue.Queue()
    for job in scan_jobs(world.door_codes, deployment.base_url, rng, SECOND_DOORS, REPEATS):
        scans.put(job)
    invited: list[int] = []
    base = deployment.base_url
    rushers = [threading.Thread(target=rush, args=(base, world.rush_slug, people[i::CLIENTS], ledger, to_cancel,
                                                   CANCEL_EVERY)) for i in range(CLIENTS)]
    cancellers = [threading.Thread(target=cancel, args=(base, to_cancel, ledger, manage_token_of(world)))
                  for _ in range(2)]
    others = [threading.Thread(target=door, args=(base, world.door_slug, world.staff_token, scans, ledger))
              for _ in range(DOORS)]
    others += [threading.Thread(target=send_surveys, args=(deployment, db.engine, world, ledger, invited)),
               threading.Thread(target=crash, args=(deployment, db.engine, ledger, rng))]
    for thread in rushers + cancellers + others:
        thread.start()
    for thread in rushers:
        thread.join()
    for _ in cancellers:
        to_cancel.put(None)
    for thread in cancellers + others:
        thread.join()
    return invited


def one_program_everywhere(deployment: Deployment, world: World) -> int:
    """Every worker has built the event page and the API answer; a workshop is renamed (through the ORM, in
    this process, as the back office would); every worker shows the new name at once: program caches are
    keyed by the version in the database, not by anything one process remembers."""
    paths = [f"/events/{world.rush_slug}", f"/api/v1/events/{world.rush_slug}"]
    clients = [Client(deployment.base_url) for _ in range(12)]
    for client in clients:
        for path in paths:
            assert "Verksted A" in client.get(path).text
    workshop = db.session.get(Session, world.workshop_ids[0])
    workshop.title = "Verksted A: Å lede sammen"
    db.session.commit()
    for client in clients:
        for path in paths:
            assert "Verksted A: Å lede sammen" in client.get(path).text, path
    return len(clients) * len(paths) * 2


def poison_in_a_burst(app, deployment: Deployment, smtp: SmtpServer) -> dict:
    """200 registrations through the form at once, the 101st with an address the SMTP server cannot take
    (no SMTPUTF8): the outbox worker goes on with the others, and the failure is shown in /admin/outbox."""
    make = Factory(app)
    with app.app_context():
        event = make.event(title="Burstsamlingen", slug="burstsamlingen", capacity=None)
        event_id, slug = event.id, event.slug
        organiser = make.user(UserRole.ADMINISTRATOR).email
    people = [Person(10_000 + n, (), POISON if n == BURST // 2 else "") for n in range(BURST)]
    ledger, never = Ledger(), queue.Queue()
    threads = [threading.Thread(target=rush, args=(deployment.base_url, slug, people[i::CLIENTS], ledger,
                                                   never, 1_000_003)) for i in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not ledger.unexpected and len(ledger.registered) == BURST, ledger.unexpected
    statuses = wait_for_the_outbox(deployment)
    assert deployment.outbox.poll() is None, "the outbox worker exited:\n" + deployment.log_tail("outbox")
    figures = checks.burst(smtp, event_id, BURST, POISON)
    admin = Client(deployment.base_url)
    form = admin.get("/login")
    assert admin.post_form("/login", [("csrf_token", csrf_from(form.text)), ("email", organiser),
                                      ("password", PASSWORD)]).status == 303
    page = admin.get("/admin/outbox?status=failed").text
    assert POISON in page and "Mottakerens e-postserver støtter ikke æ/ø/å i adressen" in page
    admin.close()
    return figures | {"burst_outbox": statuses}


def worker_loses_its_database(app, deployment: Deployment, ledger: Ledger) -> dict:
    """60 messages at once; while the worker sends them, PostgreSQL ends its connection (pg_terminate_backend).
    The worker reconnects and sends the rest; it does not exit."""
    with app.app_context():
        for n in range(UNPLUGGED):
            outbox.queue(kind="test", to=f"unplugged{n}@example.org", subject="Hei", text="Hei")
        db.session.commit()
        db.session.remove()
    ended, deadline = 0, time.monotonic() + 30
    with db.engine.connect() as conn:
        while not ended and time.monotonic() < deadline:
            sent = conn.execute(text("SELECT count(*) FROM outbox_messages WHERE to_address LIKE 'unplugged%' "
                                     "AND status = 'sent'")).scalar()
            if sent >= 5:
                ended = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                          "WHERE application_name = :name"), {"name": deployment.OUTBOX_NAME}).scalar()
            conn.commit()
            time.sleep(0.01)
    assert ended, "the outbox worker's connection was not found"
    ledger.note(f"pg_terminate_backend on the outbox worker's connection ({ended}) after {sent} sent")
    statuses = wait_for_the_outbox(deployment)
    assert deployment.outbox.poll() is None, "the outbox worker exited:\n" + deployment.log_tail("outbox")
    return {"unplugged_outbox": statuses}


def wait_for_the_outbox(deployment: Deployment, timeout: float = 180) -> dict[str, int]:
    deadline = time.monotonic() + timeout
    while True:
        with db.engine.connect() as conn:
            statuses = dict(conn.execute(text("SELECT status, count(*) FROM outbox_messages GROUP BY status")).all())
        if not statuses.get("queued") and not statuses.get("sending"):
            return statuses
        if time.monotonic() > deadline:
            raise AssertionError(f"the outbox did not drain: {statuses}\n{deployment.log_tail('outbox')}")
        time.sleep(0.5)


@pytest.mark.timeout(900)  # ~2–3 minutes on a quiet machine; CI machines are shared
def test_several_processes_one_truth(tmp_path):
    started = time.monotonic()
    smtp = SmtpServer().start()
    database_url, drop = create_database(BASE_URL)
    deployment = Deployment(database_url, tmp_path, smtp.port)
    enabled = limiter.enabled
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": deployment.secret,
                                 "TOKEN_SECRET": deployment.secret, "BASE_URL": deployment.base_url,
                                 "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True}})
    limiter.enabled = enabled  # create_app re-reads the limiter's switch; the rest of the suite keeps its own
    ledger = Ledger()
    try:
        deployment.flask("db", "upgrade")
        deployment.flask("seed")
        world = build_world(app)
        deployment.start_gunicorn()
        deployment.start_outbox()
        ready = time.monotonic()
        with app.app_context():
            invited = run_everything(deployment, world, ledger)
            busy = time.monotonic() - ready
            statuses = wait_for_the_outbox(deployment)
            pages = one_program_everywhere(deployment, world)
            phase = time.monotonic()
            burst = poison_in_a_burst(app, deployment, smtp)
            burst |= worker_loses_its_database(app, deployment, ledger)
            burst["seconds"] = round(time.monotonic() - phase, 1)
            deployment.stop()
            figures = checks.everything(world, ledger, smtp, invited,
                                        seats=SEATS, workshop_seats=WORKSHOP_SEATS, door_people=DOOR_PEOPLE,
                                        finished_people=FINISHED_PEOPLE, outbox_kills=2, poisoned={POISON})
            figures["burst"] = burst
            db.session.remove()
            db.engine.dispose()
        figures.update(load_seconds=round(busy, 1), total_seconds=round(time.monotonic() - started, 1),
                       outbox=statuses, unanswered=dict(ledger.unanswered),
                       program_pages_checked=pages)
        print("\nseveral processes, one truth:", figures, *ledger.events, sep="\n  ")
    finally:
        deployment.stop()
        smtp.stop()
        drop()
