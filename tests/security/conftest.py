"""The world every security test walks, and its people, each in a browser of their own."""
from __future__ import annotations

import pytest

from tests.clients import SignedIn, anonymous_client, speaker_client, user_client
from tests.factories import sign_in_person
from tests.security import world as world_module
from tests.security.world import World


@pytest.fixture
def world(app, make) -> World:
    return world_module.build(app, make)


@pytest.fixture
def people(app, world) -> dict[str, SignedIn]:
    """role → the browser of that role (a participant's links are her keys; she is signed in to Min side)."""
    participant = anonymous_client(app)
    sign_in_person(app, participant.client, world.person_id)
    return {
        "anonymous": anonymous_client(app),
        "participant": participant,
        "speaker": speaker_client(app, world.speaker_id),
        "door": user_client(app, world_module.STAFF),
        "viewer": user_client(app, world_module.VIEWER),
        "arranger": user_client(app, world_module.ARRANGER),
        "administrator": user_client(app, world_module.ORGANISER),
    }
