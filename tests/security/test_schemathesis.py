"""schemathesis against /api/v1/openapi.json, in-process through the WSGI app: every operation, with valid and
invalid data, never answers 500, and every answer (status, content type, body, headers) is what the document says.
The check-in operations are called with a scanner device's bearer token. Half the calls name the real event.

(schemathesis' own pytest plugin does not run under pytest 9 yet, so each operation's strategies are drawn with
hypothesis here; `test_every_operation_of_the_description_is_tested` keeps this list complete.)"""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.models import EventRole, SessionKind
from tests.checkin.helpers import api_token, enrol
from tests.security.strategies import EXAMPLES, IN_CI

OPERATIONS = [
    ("GET", "/events"),
    ("GET", "/events/{slug}"),
    ("POST", "/events/{slug}/checkins"),
    ("POST", "/events/{slug}/checkins/undo"),
    ("GET", "/events/{slug}/checkins/roster"),
    ("GET", "/events/{slug}/checkins/counts"),
]


def _outside_utc(body: object) -> bool:
    """A body whose `scanned_at` is a valid date-time that UTC cannot hold."""
    value = body.get("scanned_at") if isinstance(body, dict) else None
    try:
        datetime.fromisoformat(value).astimezone(UTC)
    except OverflowError:
        return True
    except (TypeError, ValueError):
        return False
    return False


@pytest.fixture
def api_world(app, make):
    """A published event with a plenary and a workshop, a participant, and door staff with a device token."""
    event = make.event(slug="lederkonferansen-2027", title="Lederkonferansen 2027")
    plenary = make.session(event, title="Åpning", speakers=[make.speaker(name="Anna Aas")])
    workshop = make.session(event, title="Verksted", kind=SessionKind.WORKSHOP, capacity=20,
                            starts_at=event.starts_at + timedelta(hours=2))
    participant = enrol(app, event, "api", sessions=[workshop.id])
    staff = make.user(EventRole.DOOR, email="dor@example.org", events=[event])
    return SimpleNamespace(slug=event.slug, session_ids=[plenary.id, workshop.id], code=participant.code,
                           token=api_token(app, staff))


def test_every_operation_of_the_description_is_tested(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    described = {(method.upper(), path) for path, item in spec["paths"].items() for method in item}
    assert described == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_the_api_does_what_its_description_says(app, api_world, method, path):
    operation = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)[path][method]
    cases = st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                      operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    headers = {"Authorization": f"Bearer {api_world.token}"} if "/checkins" in path else {}

    @given(case=cases, real_event=st.booleans())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=IN_CI,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    def call(case, real_event):
        if real_event and "slug" in (case.path_parameters or {}):
            case.path_parameters["slug"] = api_world.slug  # half the calls about a real event
        if isinstance(case.body, dict) and case.body.get("code") == "":
            case.body["code"] = api_world.code  # an empty code stands for a real badge
        # A schema cannot say which session ids exist (one that is not the event's is a clear 404,
        # `invalid_session`), nor that a `scanned_at` must fit in UTC (0001-01-01T00:00:00+14:00 does not: a 400);
        # a NUL byte in the URL is refused everywhere; every other refusal of schema-valid data fails here as
        # schemathesis' own check would.
        response = case.call_and_validate(headers=headers, excluded_checks=[positive_data_acceptance])
        if case.meta.generation.mode.is_positive and response.status_code == 400:
            nul_in_url = any("\x00" in str(value) for part in (case.path_parameters, case.query) if part
                             for value in part.values())
            assert nul_in_url or _outside_utc(case.body), (repr(case.body), response.text)

    call()
