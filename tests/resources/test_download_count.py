"""The download count holds under load: every download at once in its own thread, connection and transaction
is counted once (the count is one UPDATE … SET downloads = downloads + 1; real SQLite file or PostgreSQL)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.models import Resource
from app.resources import service
from app.resources.service import ResourceDraft

pytestmark = pytest.mark.slow


def test_100_concurrent_reads_are_100(app):
    with app.app_context(), transaction():
        resource_id = service.create(ResourceDraft("Årshjul", "", "mal", "alle", (), "Januar: budsjett"), None,
                                     SYSTEM).id

    def read(_i):
        with app.app_context():
            try:
                with transaction():
                    service.count_download(resource_id)
            finally:
                db.session.remove()

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(read, range(100)))
    with app.app_context():
        assert db.session.get(Resource, resource_id).downloads == 100
