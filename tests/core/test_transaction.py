"""The caller owns the transaction: `transaction()` commits or rolls back, services never commit, the
outbox sends after the outer commit, listeners are installed by create_app once."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app import create_app
from app.admin import accounts as people
from app.audit.log import SYSTEM, Actor
from app.core.transaction import on_commit, on_rollback, transaction
from app.extensions import db
from app.mail import outbox
from app.models import (
    ApiToken,
    AuditEntry,
    Checkin,
    Event,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    Room,
    Session,
    SessionKind,
    Survey,
    User,
    UserRole,
)
from app.program import editing, events, places
from app.registration import resend, service
from app.registration.errors import RegistrationClosed
from app.surveys import builder
from tests.factories import applicant

APP = Path(__file__).resolve().parents[2] / "app"


class Undo(Exception):
    """Raised by a test to end the outer transaction without committing."""


@pytest.fixture
def commits(app):
    """The COMMITs of a transaction that wrote something (from any session) while the test runs."""
    seen = []
    with app.app_context():
        engine = db.engine

    def on_sql(conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            conn.info["test_wrote"] = True

    def on_commit(conn):
        if conn.info.pop("test_wrote", False):
            seen.append("COMMIT")

    def on_rollback(conn):
        conn.info.pop("test_wrote", None)

    sa_event.listen(engine, "before_cursor_execute", on_sql)
    sa_event.listen(engine, "commit", on_commit)
    sa_event.listen(engine, "rollback", on_rollback)
    yield seen
    sa_event.remove(engine, "before_cursor_execute", on_sql)
    sa_event.remove(engine, "commit", on_commit)
    sa_event.remove(engine, "rollback", on_rollback)


def _count(model) -> int:
    """What is stored: counted on a connection of its own."""
    with db.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(model))


# --- transaction() ------------------------------------------------------------------------------

def test_transaction_commits_what_the_block_wrote(ctx, make, commits):
    event = make.event()
    commits.clear()
    with transaction():
        service.register(event.id, applicant(1))
    assert commits == ["COMMIT"]
    assert _count(Registration) == 1


def test_transaction_rolls_back_on_a_domain_error_and_lets_it_through(ctx, make, commits):
    event = make.event()
    commits.clear()
    with pytest.raises(RegistrationClosed), transaction():
        service.register(event.id, applicant(1))
        db.session.get(Event, event.id).title = "Endret"
        db.session.flush()
        raise RegistrationClosed("closed")
    assert commits == []
    assert _count(Registration) == 0
    assert db.session.get(Event, event.id).title != "Endret"


def test_transaction_rolls_back_on_an_unexpected_exception(ctx, make, commits):
    event = make.event()
    commits.clear()
    with pytest.raises(ZeroDivisionError), transaction():
        service.register(event.id, applicant(1))
        _ = 1 / 0
    assert commits == []
    assert (_count(Registration), _count(OutboxMessage)) == (0, 0)


def test_a_nested_transaction_commits_with_the_outer_one_only(ctx, make, commits):
    event = make.event()
    commits.clear()
    with transaction():
        with transaction():
            service.register(event.id, applicant(1))
        assert commits == []  # the inner block did not commit
        with transaction():
            service.register(event.id, applicant(2))
    assert commits == ["COMMIT"]
    assert _count(Registration) == 2


def test_an_error_in_a_nested_block_rolls_back_the_whole_transaction(ctx, make, commits):
    event = make.event()
    commits.clear()
    with pytest.raises(RuntimeError), transaction():
        service.register(event.id, applicant(1))
        with transaction():
            raise RuntimeError("inner")
    assert commits == [] and _count(Registration) == 0


def test_keep_state_commits_without_expiring(ctx, make):
    event = make.event()
    with transaction(keep_state=True):
        registration = service.register(event.id, applicant(1))
    assert "status" in registration.__dict__  # still loaded: nothing read back for the confirmation page
    assert registration.status == RegistrationStatus.CONFIRMED


# --- services never commit: one per family ---------------------------------------------------------

def _undone(work) -> None:
    with pytest.raises(Undo), transaction():
        work()
        raise Undo


def test_registration_services_do_not_commit(ctx, make, commits):
    event = make.event(capacity=1)
    ws = make.session(event, kind=SessionKind.WORKSHOP, capacity=5)
    with transaction():
        first = service.register(event.id, applicant(1))
        waiting = service.register(event.id, applicant(2))
    first_id, waiting_id = first.id, waiting.id
    commits.clear()
    actor = Actor("organiser", "Ola Arrangør", user_id=None)
    _undone(lambda: service.register(event.id, applicant(3), [ws.id], actor=actor))
    _undone(lambda: service.cancel(first_id, actor=actor))
    _undone(lambda: service.change_sessions(first_id, [ws.id]))
    _undone(lambda: service.update_details(first_id, replace(applicant(1), last_name="Ny"), actor=actor))
    _undone(lambda: service.confirm_from_waitlist(waiting_id, actor=actor))
    _undone(lambda: service.withdraw_health_consent(first_id))
    _undone(lambda: resend.send_manage_link(event.id, "deltaker1@example.org"))
    assert commits == []
    assert (_count(Registration), _count(AuditEntry), _count(OutboxMessage)) == (2, 0, 2)
    first, waiting = db.session.get(Registration, first_id), db.session.get(Registration, waiting_id)
    assert (first.status, first.last_name, first.choices) == (RegistrationStatus.CONFIRMED, applicant(1).last_name, [])
    assert (waiting.status, waiting.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)


def test_program_services_do_not_commit(ctx, make, commits):
    event = make.event(capacity=10)
    venue = make.venue()
    session = make.session(event)
    title, capacity = event.title, event.capacity
    commits.clear()
    _undone(lambda: events.update_event(event.id, replace(events.draft_of(event), capacity=20), SYSTEM))
    _undone(lambda: events.publish_event(event.id, SYSTEM))
    _undone(lambda: editing.cancel_session(event.id, session.id, SYSTEM))
    _undone(lambda: places.add_room(venue.id, "Sal B", 40, SYSTEM))
    assert commits == []
    assert _count(AuditEntry) == 0
    event = db.session.get(Event, event.id)
    assert (event.title, event.capacity) == (title, capacity)
    assert db.session.get(Session, session.id).status.value == "scheduled"
    assert db.session.scalar(select(func.count()).select_from(Room).where(Room.name == "Sal B")) == 0


def test_survey_and_account_services_do_not_commit(ctx, make, commits):
    event = make.event()
    admin = make.user(UserRole.ADMINISTRATOR, email="admin@example.org")
    commits.clear()
    _undone(lambda: builder.create_survey(event.id, title="Tilbakemelding"))
    _undone(lambda: people.create("ny@example.org", "Ny", UserRole.ADMINISTRATOR, Actor.user(admin)))
    assert commits == []
    assert _count(Survey) == 0
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "ny@example.org")) == 0


def test_door_and_account_services_do_not_commit(ctx, make, commits):
    from app.auth import service as accounts
    from app.checkin import service as checkin
    from app.registration import links

    event = make.event()
    with transaction():
        code = links.badge_code(service.register(event.id, applicant(1)))
    staff = make.user(UserRole.ADMINISTRATOR, email="dor@example.org")
    commits.clear()
    answer = []
    _undone(lambda: answer.append(checkin.scan_text(checkin.Door(event.id), code, nonce="n-1").result))
    _undone(lambda: accounts.issue_api_token(db.session.get(User, staff.id)))
    _undone(lambda: accounts.create_user("ny@example.org", UserRole.ADMINISTRATOR, "et-langt-passord"))
    assert answer == [checkin.Result.OK]
    assert commits == []
    assert (_count(Checkin), _count(ApiToken)) == (0, 0)
    assert db.session.scalar(select(func.count()).select_from(User).where(User.email == "ny@example.org")) == 0


# --- the organiser's change is audited by the service, with the actor it is given --------------------

def test_an_organisers_change_is_audited_with_its_actor_in_the_same_transaction(ctx, make):
    event = make.event()
    organiser = make.user(UserRole.ADMINISTRATOR, email="ola@example.org")
    with transaction():
        registration = service.register(event.id, applicant(1))
    rid = registration.id
    actor = Actor.user(organiser)
    with transaction():
        service.update_details(rid, replace(applicant(1), last_name="Nordmann-Ås", email="kari@example.org"),
                               actor=actor)
    with transaction():
        service.cancel(rid, actor=actor)
    with transaction():
        service.cancel(rid, actor=actor)  # already cancelled: nothing changed, nothing recorded
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.actor_type, e.actor_user_id, e.actor_label, e.entity_type, e.entity_id, e.action, e.event_id)
            for e in entries] == [
        ("administrator", organiser.id, organiser.name or "ola@example.org", "registration", rid, "update", event.id),
        ("administrator", organiser.id, organiser.name or "ola@example.org", "registration", rid, "cancel", event.id),
    ]
    assert json.loads(entries[0].changes) == {"last_name": [applicant(1).last_name, "Nordmann-Ås"],
                                              "email": [applicant(1).email, "kari@example.org"]}
    assert json.loads(entries[1].changes) == {"status": ["confirmed", "cancelled"]}


def test_a_participants_own_change_is_not_audited_as_before(ctx, make):
    event = make.event()
    with transaction():
        rid = service.register(event.id, applicant(1)).id
    with transaction():
        service.update_details(rid, replace(applicant(1), last_name="Ny"))
        service.cancel(rid)
    assert _count(AuditEntry) == 0


# --- the outbox sends after the outer commit only -------------------------------------------------

def test_the_outbox_hands_over_only_after_the_outer_commit(app, ctx, make, monkeypatch):
    event = make.event()
    handed = []
    monkeypatch.setitem(app.config, "MAIL_SEND_INLINE", True)
    monkeypatch.setattr(outbox._executor, "submit", lambda _fn, _app, ids: handed.append(list(ids)))
    with transaction():
        with transaction():
            service.register(event.id, applicant(1))
        with db.session.begin_nested():  # a released SAVEPOINT is no commit
            service.register(event.id, applicant(2))
        assert handed == []
    ids = list(db.session.scalars(select(OutboxMessage.id).order_by(OutboxMessage.id)))
    assert handed == [ids] and len(ids) == 2


def test_nothing_is_handed_over_after_a_rollback(app, ctx, make, monkeypatch):
    event = make.event()
    handed = []
    monkeypatch.setitem(app.config, "MAIL_SEND_INLINE", True)
    monkeypatch.setattr(outbox._executor, "submit", lambda _fn, _app, ids: handed.append(list(ids)))
    with pytest.raises(Undo), transaction():
        service.register(event.id, applicant(1))
        raise Undo
    with transaction():
        pass
    assert handed == []


# --- on_commit / on_rollback: what follows the transaction's fate ----------------------------------

def test_on_commit_runs_after_the_outer_commit_only(ctx, make):
    event = make.event()
    ran = []
    with transaction():
        on_commit(lambda: ran.append("commit"))
        on_rollback(lambda: ran.append("rollback"))
        with transaction():
            service.register(event.id, applicant(1))
        with db.session.begin_nested():  # a released SAVEPOINT is no commit
            pass
        assert ran == []
    assert ran == ["commit"]
    with transaction():
        pass
    assert ran == ["commit"]  # once: a later transaction does not run it again


def test_on_rollback_runs_when_the_block_fails_and_on_commit_is_dropped(ctx, make):
    event = make.event()
    ran = []
    with pytest.raises(Undo), transaction():
        service.register(event.id, applicant(1))
        on_commit(lambda: ran.append("commit"))
        on_rollback(lambda: ran.append("rollback"))
        raise Undo
    with transaction():
        pass
    assert ran == ["rollback"]


def test_a_failing_hook_is_logged_and_the_others_still_run(app, ctx, make, caplog, monkeypatch):
    monkeypatch.setattr(app.logger, "disabled", False)  # the migrations' logging.fileConfig disabled it
    event = make.event()
    ran = []
    with transaction():
        service.register(event.id, applicant(1))
        on_commit(lambda: 1 / 0)
        on_commit(lambda: ran.append("second"))
    assert ran == ["second"]
    assert "an after-commit/after-rollback hook failed" in caplog.text
    assert _count(Registration) == 1  # the commit stands


def test_on_rollback_runs_when_the_commit_itself_fails(ctx, make):
    make.user(UserRole.ADMINISTRATOR, email="ola@example.org")
    ran = []
    with pytest.raises(IntegrityError), transaction():
        on_commit(lambda: ran.append("commit"))
        on_rollback(lambda: ran.append("rollback"))
        twin = User(email="ola@example.org", role=UserRole.ADMINISTRATOR, name="Ny")
        twin.set_password("et-langt-passord")
        db.session.add(twin)  # the same e-mail again: refused at the commit's flush
    assert ran == ["rollback"]
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


# --- listeners and renderers are installed by create_app, once ------------------------------------

def test_listeners_are_installed_once_however_many_apps(app, make, monkeypatch, tmp_path):
    create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    create_app("testing", {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    handed = []
    monkeypatch.setitem(app.config, "MAIL_SEND_INLINE", True)
    monkeypatch.setattr(outbox._executor, "submit", lambda _fn, _app, ids: handed.append(list(ids)))
    event = make.event()
    with app.app_context(), transaction():
        service.register(event.id, applicant(1))
    assert len(handed) == 1


def test_no_listener_or_renderer_is_registered_as_an_import_side_effect():
    offenders = []
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^@(event\.|sa_event\.)?listens_for\(|noqa: F401\s*\(regist|^@renderer\(", text, re.M):
            offenders.append(str(path.relative_to(APP)))
    assert offenders == []


# --- services never commit: the edges that may -----------------------------------------------------

# The edges: route modules and organiser pages (any module that defines routes: it owns the request's
# transaction), the outbox worker, app/core (transaction(), the engine set-up), seeding.
EDGES = {"core/transaction.py", "core/database.py", "mail/outbox.py", "seeding/run.py"}
ROUTES = re.compile(r"(?m)^@\w*bp\.(get|post|route)\(")


def test_services_never_commit_outside_the_edges():
    committing = set()
    for path in APP.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"\.(commit|rollback)\(\)", text):
            committing.add(path.relative_to(APP).as_posix())
    routes = {path.relative_to(APP).as_posix() for path in APP.rglob("*.py")
              if ROUTES.search(path.read_text(encoding="utf-8"))}
    assert committing - EDGES - routes == set()
