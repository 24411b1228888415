"""A speaker's sign-in link signs in exactly one browser, even when six press the button at the same
moment (real concurrent requests, each in its own thread, browser and database connection)."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import select

from app.core.transaction import transaction
from app.extensions import db
from app.models import OutboxMessage, Speaker, SpeakerLoginToken
from app.speakers import signin
from tests.clients import csrf_of

BROWSERS = 6


def _link(app, speaker_id: int) -> str:
    """The sign-in link's token, read from the queued e-mail (only its hash is stored)."""
    with app.test_request_context():
        with transaction():
            signin.send_link(db.session.get(Speaker, speaker_id))
        text = db.session.scalars(select(OutboxMessage.body_text)).one()
        db.session.remove()
    return text.split("/speaker/login/", 1)[1].split()[0]


def test_six_simultaneous_presses_of_one_link_sign_in_one_browser(app, make):
    speaker = make.speaker(name="Máret Sara", email="maret@example.org")
    token = _link(app, speaker.id)
    path = f"/speaker/login/{token}"
    browsers = [app.test_client() for _ in range(BROWSERS)]
    tokens = [csrf_of(b) for b in browsers]
    start = threading.Barrier(BROWSERS)

    def press(i: int):
        start.wait()
        return browsers[i].post(path, data={"csrf_token": tokens[i]}).status_code

    with ThreadPoolExecutor(BROWSERS) as pool:
        statuses = sorted(pool.map(press, range(BROWSERS)))
    assert statuses == [303] + [410] * (BROWSERS - 1)
    signed_in = [b for b in browsers if b.get("/speaker/").status_code == 200]
    assert len(signed_in) == 1
    with app.app_context():
        rows = list(db.session.scalars(select(SpeakerLoginToken)))
        assert len(rows) == 1 and rows[0].used_at is not None
