"""A small program with two speakers, and signing a speaker in for portal tests."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from io import BytesIO
from pathlib import Path

import pytest

from app.models import SpeakerRole
from tests.factories import csrf_from, sign_in_speaker


@dataclass
class Portal:
    event: object
    anna: object  # our signed-in speaker
    bjorn: object  # someone else
    talk: object  # Anna's session
    panel: object  # Anna with Bjørn as moderator
    other: object  # Bjørn's own session


@pytest.fixture
def portal(app, make) -> Portal:
    event = make.event(title="Lederkonferansen 2027", slug="lederkonferansen-2027",
                       contact_name="Kari Arrangør", contact_email="kari@kulturskoleradet.no")
    anna = make.speaker(name="Anna Aas", title="rektor", organisation="Aas kulturskole", email="anna@example.org",
                        bio="Rektor i Aas.")
    bjorn = make.speaker(name="Bjørn Berg", organisation="Berg kulturskole", email="bjorn@example.org",
                         bio="Bjørns bio.")
    with app.app_context():
        from app.extensions import db
        from app.models import Event, SessionSpeaker

        room_id = db.session.get(Event, event.id).venue.rooms[0].id
    talk = make.session(event, title="Ledelse i praksis", abstract="Om ledelse.", speakers=[anna], room_id=room_id)
    panel = make.session(event, title="Panelsamtale", starts_at=event.starts_at + timedelta(hours=2),
                         speakers=[anna, bjorn])
    other = make.session(event, title="Bjørns verksted", description="Bjørns tekst.", speakers=[bjorn])
    with app.app_context():
        link = db.session.get(SessionSpeaker, (panel.id, bjorn.id))
        link.role = SpeakerRole.MODERATOR
        db.session.commit()
    return Portal(event, anna, bjorn, talk, panel, other)


@pytest.fixture
def sign_in(app, client):
    """Sign a speaker in on this client (the link flow itself is tested in test_signin.py)."""
    def do(speaker) -> None:
        sign_in_speaker(app, client, speaker.id)
    return do


def csrf(client, path: str = "/speaker/") -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return csrf_from(response.get_data(as_text=True))


def upload(client, path: str, field: str, content: bytes, filename: str, **extra):
    data = {"csrf_token": csrf(client), field: (BytesIO(content), filename), **extra}
    return client.post(path, data=data, content_type="multipart/form-data")


def files_in(app, folder: str) -> set[Path]:
    directory = Path(app.config["UPLOAD_DIR"]) / folder
    return set(directory.iterdir()) if directory.is_dir() else set()
