"""Rate limits on sign-in, speakers' sign-in links, "send me my link again", registration and the check-in API:
each answers 429 (a Norwegian page, or JSON under /api) once its limit is used up. With
RATELIMIT_STORAGE_URI=redis://… two app processes share the count.

Flask-Limiter checks a route's own limit when the view is called, so a request the CSRF check has already
refused (cheaply, before any password is hashed or e-mail queued) is not counted; every guess is."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest

from app.checkin.api import SCAN_LIMIT
from app.registration.routes import REGISTER_LIMIT, RESEND_LIMIT, RESEND_PER_ADDRESS_LIMIT
from app.speakers.limits import UPLOAD_LIMIT
from app.speakers.routes import LINK_LIMIT, LINK_PER_ADDRESS_LIMIT
from tests.checkin.helpers import api_token
from tests.clients import anonymous_client, speaker_client, user_client
from tests.security import world as world_module
from tests.speakers import files

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")  # a database of the tests' own


def allowed_in(limit: str) -> int:
    """How many requests the first window of `limit` lets through ("20 per minute; 300 per hour" → 20)."""
    first = limit.split(";")[0].strip()
    number, _, period = first.partition(" per ")
    assert period in ("minute", "hour"), limit
    return int(number)


def assert_too_many(response, *, api: bool) -> None:
    assert response.status_code == 429, response.status_code
    if api:
        assert response.get_json()["error"] == "too_many_requests"
        assert response.get_json()["message"] == "For mange forsøk. Vent litt og prøv igjen."
    else:
        assert "For mange forsøk. Vent litt og prøv igjen." in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0


CASES = {
    # name: (path template, limit, form body)
    "sign-in": ("/login", "10 per minute", {"email": "arrangor@example.org", "password": "feil"}),
    "registration": ("/events/{slug}/register", REGISTER_LIMIT, {"first_name": ""}),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_form_answers_429_after_its_limit(app, world, rate_limits, name):
    path, limit, body = CASES[name]
    path = path.format(slug=world.slug)
    person = anonymous_client(app)
    for i in range(allowed_in(limit)):
        response = person.post(path, body)
        assert response.status_code in (200, 400), (name, i, response.status_code)
        assert "sikkerhetsnøkkel" not in response.get_data(as_text=True)
    assert_too_many(person.post(path, body), api=False)
    elsewhere = anonymous_client(app, "10.0.0.2").post(path, body)
    assert elsewhere.status_code in (200, 400), "another address is not held back"


def test_resending_my_link_is_limited_per_address_and_per_client(app, world, rate_limits):
    path = f"/events/{world.slug}/resend-link"
    person = anonymous_client(app)
    for _ in range(allowed_in(RESEND_PER_ADDRESS_LIMIT)):
        assert person.post(path, {"email": "kari@example.org"}).status_code == 303
    assert_too_many(person.post(path, {"email": "kari@example.org"}), api=False)  # nobody's inbox flooded
    assert anonymous_client(app, "10.0.0.2").post(path, {"email": "kari@example.org"}).status_code == 429
    third = anonymous_client(app, "10.0.0.3")
    for i in range(allowed_in(RESEND_LIMIT)):
        assert third.post(path, {"email": f"deltaker{i}@example.org"}).status_code == 303
    assert_too_many(third.post(path, {"email": "ny@example.org"}), api=False)


def test_speakers_sign_in_links_are_limited_per_address_and_per_client(app, rate_limits):
    person = anonymous_client(app)
    for _ in range(allowed_in(LINK_PER_ADDRESS_LIMIT)):
        assert person.post("/speaker/login", {"email": "Anna@example.org "}).status_code == 200
    assert_too_many(person.post("/speaker/login", {"email": "anna@example.org"}), api=False)
    assert anonymous_client(app, "10.0.0.2").post("/speaker/login", {"email": "anna@example.org"}).status_code == 429
    third = anonymous_client(app, "10.0.0.3")
    for i in range(allowed_in(LINK_LIMIT)):
        assert third.post("/speaker/login", {"email": f"foredragsholder{i}@example.org"}).status_code == 200
    assert_too_many(third.post("/speaker/login", {"email": "ny@example.org"}), api=False)


def test_the_checkin_api_is_limited_per_scanner(app, world, rate_limits):
    allowed = allowed_in(SCAN_LIMIT)
    assert allowed >= 300, "a busy door scans a badge every second or two"
    url = f"/api/v1/events/{world.slug}/checkins"
    device = {"Authorization": f"Bearer {api_token(app, SimpleNamespace(id=world.door_id))}"}
    second = {"Authorization": f"Bearer {api_token(app, SimpleNamespace(id=world.administrator_id))}"}
    client = app.test_client()
    for i in range(allowed):
        response = client.post(url, json={"code": "UKJENT", "nonce": f"n{i}"}, headers=device)
        assert response.status_code == 200, (i, response.get_data(as_text=True))
    assert_too_many(client.post(url, json={"code": world.badge_code, "nonce": "x"}, headers=device), api=True)
    assert_too_many(client.post(url + "/undo", json={"nonce": "n1"}, headers=device), api=True)
    ok = client.post(url, json={"code": world.badge_code, "nonce": "y"}, headers=second)
    assert ok.status_code == 200 and ok.get_json()["result"] == "ok", "another scanner is not held back"
    staff = user_client(app, world_module.STAFF)  # the scanner page: counted per signed-in user
    page = staff.client.post(url, json={"code": world.badge_code, "nonce": "z"}, headers={"X-CSRFToken": staff.token})
    assert page.status_code == 200 and page.get_json()["result"] == "already_checked_in"


def test_uploads_are_limited_per_speaker_photos_and_files_together(app, world, rate_limits):
    """Every upload decodes or sniffs a file: one count per signed-in speaker (not per address, which speakers at
    a conference share), for photos and session files together; the refusal is on the form, which keeps the rest."""
    def photo(person):
        return person.client.post("/speaker/profile", content_type="multipart/form-data",
                                  data={"csrf_token": person.token, "name": "Anna Aas",
                                        "photo": (io.BytesIO(files.png()), "a.png")})

    speaker = speaker_client(app, world.speaker_id)
    allowed = allowed_in(UPLOAD_LIMIT)
    assert 5 <= allowed <= 20, "a speaker fixing a photo and a few files is never held back"
    for i in range(allowed):
        assert photo(speaker).status_code == 303, i
    refused = photo(speaker)
    message = "Du har lastet opp mange filer på kort tid. Vent noen minutter og prøv igjen."
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert message in refused.get_data(as_text=True) and 'href="#photo"' in refused.get_data(as_text=True)
    material = speaker.client.post(f"/speaker/sessions/{world.session_id}/materials",
                                   content_type="multipart/form-data",
                                   data={"csrf_token": speaker.token, "file-file": (io.BytesIO(files.pdf()), "s.pdf"),
                                         "file-title": "Lysbilder om ledelse"})
    html = material.get_data(as_text=True)
    assert material.status_code == 429 and message in html
    assert 'value="Lysbilder om ledelse"' in html, "what the speaker typed is kept"
    assert photo(speaker_client(app, world.other_speaker_id)).status_code == 303, "another speaker is not held back"


# --- two processes, one count (Redis) ------------------------------------------------------------------

@pytest.fixture
def redis_db():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.RedisError as exc:
        pytest.skip(f"Redis is not running at {REDIS_URL} ({exc}); start it to test shared rate limits")
    prefix = f"samling-test-{uuid.uuid4().hex[:12]}"
    yield client, prefix
    keys = list(client.scan_iter(f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


PROBE_SCAN_LIMIT = "40 per minute"  # the probes' CHECKIN_RATE_LIMIT: the sharing is the point here, not the number


def _start_probe(app, prefix: str, steps: list[dict]) -> subprocess.Popen:
    spec = {"database": app.config["SQLALCHEMY_DATABASE_URI"], "storage": REDIS_URL, "prefix": prefix,
            "checkin_limit": PROBE_SCAN_LIMIT, "steps": steps}
    return subprocess.Popen([sys.executable, "-m", "tests.security.limiter_probe", json.dumps(spec)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _statuses(process: subprocess.Popen) -> list[list[int]]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def test_two_app_processes_share_the_counts_in_redis(app, world, redis_db):
    """Two processes at the same time, each with its own limiter and Redis connection: together they get
    exactly one limit's worth (Redis counts atomically), the rest is 429."""
    redis, prefix = redis_db
    links = allowed_in(LINK_PER_ADDRESS_LIMIT)  # speakers' sign-in links for one address
    scans = allowed_in(PROBE_SCAN_LIMIT)  # per scanner token
    token = api_token(app, SimpleNamespace(id=world.door_id))
    steps = [
        {"path": "/speaker/login", "times": links // 2 + 2, "form": {"email": "ukjent@example.org"}},
        {"path": f"/api/v1/events/{world.slug}/checkins", "times": scans // 2 + 1,
         "json": {"code": "UKJENT", "session_id": None}, "headers": {"Authorization": f"Bearer {token}"}},
    ]
    first, second = _start_probe(app, prefix, steps), _start_probe(app, prefix, steps)
    (links_1, scans_1), (links_2, scans_2) = _statuses(first), _statuses(second)
    assert set(links_1 + links_2) == {200, 429} and (links_1 + links_2).count(200) == links
    assert set(scans_1 + scans_2) == {200, 429} and (scans_1 + scans_2).count(200) == scans
    assert any(prefix in key.decode() for key in redis.scan_iter(f"*{prefix}*"))
