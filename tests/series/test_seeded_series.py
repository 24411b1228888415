"""The seeded regional gatherings and digital network meetings belong to series with members."""
from __future__ import annotations

from sqlalchemy import select

from app.extensions import db
from app.models import Event, Series
from app.seeding.run import seed_all


def test_seeded_series_have_their_events_and_members(ctx):
    added = seed_all()
    assert (added["series"], added["series events"], added["series members"]) == (5, 5, 9)
    nord = db.session.scalar(select(Series).where(Series.slug == "ledernettverk-nord"))
    assert {(m.name, m.municipality_number, m.show_in_member_list) for m in nord.members} == {
        ("Áile Čállá", "5601", True), ("Máret Ŋuorra", "5636", True), ("Per Olsen", "1804", False)}
    event = db.session.scalar(select(Event).where(Event.slug == "nettverksmote-digitalt-2027-02"))
    assert event.series.slug == "digitalt-nettverk"
    assert seed_all() == {}
