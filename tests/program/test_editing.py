"""Changing sessions: revisions, audit entries with old → new values, and the change notices recorded for review."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.audit.log import Actor
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    AuditEntry,
    EventStatus,
    NoticeStatus,
    OutboxMessage,
    ProgramNotice,
    Session,
    SessionKind,
    UserRole,
)
from app.program import editing
from app.program.errors import Invalid

H = timedelta(hours=1)


@pytest.fixture
def actor(make):
    return Actor.user(make.user(UserRole.ADMINISTRATOR, email="kari@example.org"))


def _entries(session_id):
    return [(e.action, json.loads(e.changes)) for e in db.session.scalars(
        select(AuditEntry).where(AuditEntry.entity_type == "session", AuditEntry.entity_id == session_id)
        .order_by(AuditEntry.id))]


def test_moving_raises_the_revision_audits_old_and_new_and_records_a_notice(ctx, make, actor):
    venue = make.venue(rooms=[("Storsalen", 300), ("Mjøsa", 60)])
    event = make.event(venue_id=venue.id)
    rooms = {r.name: r for r in venue.rooms}
    ws = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, room_id=rooms["Mjøsa"].id, capacity=40)

    with transaction():
        editing.move_session(event.id, ws.id, event.starts_at + 2 * H, rooms["Storsalen"].id, actor)

    session = db.session.get(Session, ws.id)
    assert session.revision == 1
    [(action, changes)] = _entries(ws.id)
    assert action == "move"
    assert changes == {
        "starts_at": [event.starts_at.isoformat(), (event.starts_at + 2 * H).isoformat()],
        "ends_at": [(event.starts_at + H).isoformat(), (event.starts_at + 3 * H).isoformat()],
        "revision": ["0", "1"],
        "room": ["Mjøsa", "Storsalen"],
    }
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.actor_type, entry.actor_label, entry.actor_user_id, entry.event_id) == (
        "administrator", actor.label, actor.user_id, event.id)
    notice = db.session.scalar(select(ProgramNotice))
    assert (notice.status, notice.old_room, notice.new_room) == (NoticeStatus.PENDING, "Mjøsa", "Storsalen")
    assert (notice.old_starts_at, notice.new_starts_at) == (event.starts_at, event.starts_at + 2 * H)
    assert db.session.scalar(select(OutboxMessage)) is None  # nothing is sent before the review


def test_a_second_change_updates_the_same_notice_and_changing_back_removes_it(ctx, make, actor):
    event = make.event()
    ws = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP)
    draft = editing.draft_of(db.session.get(Session, ws.id))
    with transaction():
        editing.update_session(event.id, ws.id, draft.__class__(**{**draft.__dict__, "title": "Verksted om ledelse"}), actor)
    with transaction():
        editing.move_session(event.id, ws.id, event.starts_at + H, None, actor)
    [notice] = db.session.scalars(select(ProgramNotice)).all()
    assert (notice.old_title, notice.new_title) == ("Verksted", "Verksted om ledelse")
    assert (notice.old_starts_at, notice.new_starts_at) == (event.starts_at, event.starts_at + H)
    assert db.session.get(Session, ws.id).revision == 2

    with transaction():
        editing.move_session(event.id, ws.id, event.starts_at, None, actor)
    with transaction():
        editing.update_session(event.id, ws.id, draft, actor)
    assert db.session.scalars(select(ProgramNotice)).all() == []
    assert db.session.get(Session, ws.id).revision == 4  # the feeds still saw four changes


def test_other_edits_keep_the_revision_and_drafts_get_no_notices(ctx, make, actor):
    event = make.event(status=EventStatus.DRAFT)
    ws = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP)
    draft = editing.draft_of(db.session.get(Session, ws.id))
    with transaction():
        editing.update_session(event.id, ws.id, draft.__class__(**{**draft.__dict__, "abstract": "Ny omtale"}), actor)
    assert db.session.get(Session, ws.id).revision == 0
    assert _entries(ws.id) == [("update", {"abstract": ["", "Ny omtale"]})]
    with transaction():
        editing.move_session(event.id, ws.id, event.starts_at + H, None, actor)
    assert db.session.get(Session, ws.id).revision == 1
    assert db.session.scalars(select(ProgramNotice)).all() == []


def test_an_edit_that_changes_nothing_is_not_logged(ctx, make, actor):
    event = make.event()
    ws = make.session(event)
    with transaction():
        editing.update_session(event.id, ws.id, editing.draft_of(db.session.get(Session, ws.id)), actor)
    assert _entries(ws.id) == []


def test_invalid_drafts_are_refused_with_field_codes(ctx, make, actor):
    event = make.event()
    other = make.event()
    foreign_track = make.track(other)
    bad = editing.SessionDraft(" ", SessionKind.WORKSHOP, event.starts_at, event.starts_at, capacity=-1,
                               track_id=foreign_track.id)
    with pytest.raises(Invalid) as err:
        with transaction():
            editing.create_session(event.id, bad, actor)
    assert err.value.errors == {"title": "required", "ends_at": "ends_before_starts", "capacity": "negative",
                                "track_id": "unknown"}
    assert db.session.scalars(select(Session)).all() == []
