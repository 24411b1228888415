from __future__ import annotations

import pytest

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.models import JoinedVia, SeriesKind
from app.series import service


@pytest.fixture
def series(app):
    """A public regional network with no members and no events (its id)."""
    with app.app_context(), transaction():
        found = service.create(service.SeriesDraft("Regionalt ledernettverk Nord", "nettverk-nord",
                                                   SeriesKind.REGIONAL_NETWORK, "Fire møter i året."), SYSTEM)
        db.session.flush()
        return found.id


def add_member(app, series_id: int, name: str, email: str, **kw):
    with app.app_context(), transaction():
        member = service.join(series_id, service.MemberDraft(name, email, **kw), JoinedVia.ORGANISER, SYSTEM).member
        return member.id, service.member_token(member)
