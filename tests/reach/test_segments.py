"""The segments hold exactly the people who agreed to be contacted: no consent, opted out and withdrawn are left
out; each address once; bounded queries. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""
from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Person
from app.people import identity
from app.reach.segments import Segment, SegmentKind, recipients
from tests.conftest import count_queries
from tests.reach.segment_world import build


@pytest.fixture
def world(app, make, frozen_now):
    return build(app, make, frozen_now)


def _emails(app, kind: SegmentKind, value) -> list[str]:
    with app.app_context():
        return sorted(r.email for r in recipients(Segment(kind, str(value))))


def test_not_reached_this_year_leaves_out_the_reached_kommune_and_those_without_one(app, world):
    assert _emails(app, SegmentKind.NOT_REACHED, 2027) == ["aslat@example.org", "per@example.org",
                                                            "siri@example.org"]
    # In 2026 nothing was reached: Kari from Oslo is in too.
    assert _emails(app, SegmentKind.NOT_REACHED, 2026) == ["aslat@example.org", "kari@example.org",
                                                            "per@example.org", "siri@example.org"]


def test_new_leaders_under_one_year_and_under_four(app, world):
    assert _emails(app, SegmentKind.NEW_LEADERS, "lt1") == ["aslat@example.org", "kari@example.org",
                                                            "uten-kommune@example.org"]
    assert _emails(app, SegmentKind.NEW_LEADERS, "lt4") == ["aslat@example.org", "kari@example.org",
                                                            "per@example.org", "uten-kommune@example.org"]


def test_a_fylke_and_a_school_size(app, world):
    assert _emails(app, SegmentKind.COUNTY, "56") == ["aslat@example.org", "siri@example.org"]
    assert _emails(app, SegmentKind.COUNTY, "03") == ["kari@example.org"]
    assert _emails(app, SegmentKind.SCHOOL_SIZE, "lt100") == ["aslat@example.org", "siri@example.org"]
    assert _emails(app, SegmentKind.SCHOOL_SIZE, "gt1000") == []


def test_a_series_members_who_take_its_mail_once_each(app, world):
    """Ingrid twice (two cases of one address) is one; «Stille» does not take the mail; Nils has a profile
    without the consent, Trekt withdrew it, Olga opted out: left out."""
    with app.app_context():
        found = recipients(Segment(SegmentKind.SERIES, str(world.series_id)))
    assert [(r.email, r.name) for r in found] == [("aslat@example.org", "Áslat Čuđđe"),
                                                  ("ingrid@example.org", "Ingrid")]
    assert {r.member_of for r in found} == {world.series_id}
    assert _emails(app, SegmentKind.SERIES, world.other_series_id) == []


def test_withdrawing_the_consent_removes_a_person_at_once(app, world):
    assert "siri@example.org" in _emails(app, SegmentKind.COUNTY, "56")
    with app.app_context():
        identity.set_contact_ok(db.session.query(Person).filter_by(email="siri@example.org").one(), False)
        db.session.commit()
    assert _emails(app, SegmentKind.COUNTY, "56") == ["aslat@example.org"]


def test_left_out_people_are_in_no_segment(app, world):
    every = set()
    for kind, value in ((SegmentKind.NOT_REACHED, 2027), (SegmentKind.NEW_LEADERS, "lt4"),
                        (SegmentKind.COUNTY, "56"), (SegmentKind.SCHOOL_SIZE, "lt100"),
                        (SegmentKind.SERIES, world.series_id)):
        every |= set(_emails(app, kind, value))
    assert every.isdisjoint({"nils@example.org", "olga@example.org", "trekt@example.org",
                             "stille@example.org"})


def test_a_segment_is_read_with_a_bounded_number_of_queries(app, world):
    with count_queries(app) as statements, app.app_context():
        recipients(Segment(SegmentKind.NOT_REACHED, "2027"))
    assert len(statements) == 2  # the people, the opt-outs


def test_not_reached_in_a_school_year_counts_from_august(app, world):
    """The conference of March 2027 is in the school year 2026/27: Kari from Oslo is reached in it, though not in
    the calendar year 2026."""
    assert "kari@example.org" in _emails(app, SegmentKind.NOT_REACHED, 2026)
    assert _emails(app, SegmentKind.NOT_REACHED, "2026s") == ["aslat@example.org", "per@example.org",
                                                               "siri@example.org"]
