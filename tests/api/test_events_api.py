from datetime import timedelta

from app.core import clock
from app.models import EventStatus, SessionKind


def test_events_list_upcoming_soonest_first_then_past_latest_first(client, make):
    now = clock.now()
    far = make.event(slug="far", starts_at=now + timedelta(days=90))
    near = make.event(slug="near", starts_at=now + timedelta(days=3))
    past = make.event(slug="past", starts_at=now - timedelta(days=30))
    older = make.event(slug="older", starts_at=now - timedelta(days=300))
    make.event(slug="draft", status=EventStatus.DRAFT)
    make.event(slug="cancelled", status=EventStatus.CANCELLED)

    body = client.get("/api/v1/events").get_json()
    assert [e["slug"] for e in body] == [near.slug, far.slug, past.slug, older.slug]

    upcoming = client.get("/api/v1/events?upcoming=1").get_json()
    assert [e["slug"] for e in upcoming] == [near.slug, far.slug]


def test_event_fields_and_oslo_offsets(client, make):
    event = make.event(slug="lk", capacity=120, starts_at=clock.parse_local("2030-04-10T09:00"),
                       registration_closes_at=clock.parse_local("2030-04-01T00:00"))
    summary = client.get("/api/v1/events").get_json()[0]
    assert set(summary) == {"slug", "title", "kind", "starts_at", "ends_at", "venue", "capacity", "registered",
                            "waitlisted", "seats_left", "registration_open", "series"}
    assert summary["series"] is None
    assert summary["starts_at"] == "2030-04-10T09:00:00+02:00"
    assert summary["capacity"] == 120 and summary["registered"] == 0 and summary["seats_left"] == 120
    assert summary["registration_open"] is True
    assert summary["kind"] == "conference"
    assert event.slug == summary["slug"]


def test_event_detail_has_sessions_with_speakers(client, make):
    event = make.event(starts_at=clock.parse_local("2030-01-15T10:00"))
    speaker = make.speaker(name="Ánde Ŋuorra-Đávvet")
    track = make.track(event, name="Strategisk ledelse")
    ws = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, capacity=30, speakers=[speaker],
                      track_id=track.id)
    body = client.get(f"/api/v1/events/{event.slug}").get_json()
    assert body["slug"] == event.slug
    assert body["sessions"] == [{
        "id": ws.id, "title": "Verksted", "kind": "workshop",
        "starts_at": "2030-01-15T10:00:00+01:00", "ends_at": "2030-01-15T11:00:00+01:00",
        "room": None, "track": "Strategisk ledelse", "speakers": ["Ánde Ŋuorra-Đávvet"],
        "capacity": 30, "registered": 0, "seats_left": 30,
    }]


def test_unknown_or_draft_event_is_a_json_404(client, make):
    draft = make.event(status=EventStatus.DRAFT)
    for slug in ("nope", draft.slug):
        response = client.get(f"/api/v1/events/{slug}")
        assert response.status_code == 404
        assert response.get_json() == {"error": "not_found", "message": "Vi fant ikke siden du lette etter."}


def test_openapi_describes_the_event_endpoints(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/events", "/events/{slug}"} <= set(spec["paths"])
    assert spec["servers"][0]["url"] == "http://samling.test/api/v1"


def test_healthz_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_healthz_503_when_database_is_down(tmp_path):
    from app import create_app

    broken = create_app("testing", {"SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                                     "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"connect_timeout": 1}}})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] == "error"
