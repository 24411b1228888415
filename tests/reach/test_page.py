"""Rekkevidde: exact counts on a small fixture — kommuner reached per fylke, the check-in rule, the year
boundary in Oslo time — and the exports."""
from __future__ import annotations

import pytest

from app.core import clock
from app.models import EventKind, UserRole
from app.reach import service
from tests.reach.world import build, register

ADMIN = "admin@example.org"


@pytest.fixture
def world(app, make, frozen_now):
    return build(app, make, frozen_now)


def test_kommuner_reached_per_fylke_with_the_checkin_rule(app, world):
    with app.app_context():
        reach = service.reach(service.period(2027))
    counties = {c.name: (c.reached, c.total, c.reached_before) for c in reach.counties}
    assert counties["Oslo"] == (1, 1, 0)
    assert counties["Vestland"][0] == 1 and counties["Vestland"][2] == 1
    assert counties["Finnmark"][0] == 1  # Alta checked in; Hammerfest registered but not checked in
    assert counties["Rogaland"][0] == 0 and counties["Rogaland"][2] == 1
    assert (reach.total, reach.reached, reach.reached_before) == (357, 3, 2)
    assert ("5603", "Hammerfest", "Finnmark") in reach.not_reached and len(reach.not_reached) == 354


def test_the_year_starts_at_midnight_in_oslo(app, make, frozen_now):
    frozen_now(clock.parse_local("2026-12-01T12:00"))
    # 31 December 23:30 UTC is already 1 January 00:30 in Oslo: the next year.
    new_year = make.event(starts_at=clock.parse_local("2027-01-01T00:30"), registration_closes_at=None,
                          change_deadline=None)
    last_evening = make.event(starts_at=clock.parse_local("2026-12-31T23:30"), registration_closes_at=None,
                              change_deadline=None)
    with app.app_context():
        register(new_year.id, "oslo", "0301")
        register(last_evening.id, "bergen", "4601")
        assert new_year.starts_at.year == 2026  # stored in UTC
        in_2027 = service.reach(service.period(2027))
        in_2026 = service.reach(service.period(2026))
    assert (in_2027.reached, in_2027.reached_before) == (1, 1)
    assert [c.name for c in in_2027.counties if c.reached] == ["Oslo"]
    assert [c.name for c in in_2026.counties if c.reached] == ["Vestland"]


def test_school_year_runs_august_to_july(app, world):
    with app.app_context():
        autumn = service.reach(service.period(2027, school=True))  # Aug 2027 – Jul 2028: the regional only
        spring = service.reach(service.period(2026, school=True))  # Aug 2026 – Jul 2027: the conference
    assert autumn.reached == 1 and autumn.by_event_kind == {EventKind.REGIONAL: 1}
    assert spring.reached == 2 and spring.by_event_kind == {EventKind.CONFERENCE: 2}


@pytest.fixture
def admin(make, login):
    make.user(UserRole.ADMINISTRATOR, email=ADMIN)
    login(ADMIN)


def test_the_page_shows_the_map_with_labels_and_the_table(app, client, world, admin):
    response = client.get("/admin/reach?year=2027")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "3 av 357 kommuner nådd" in html and "året før: 2" in html
    assert '<th scope="row">Oslo</th><td class="num">1</td><td class="num">1</td><td class="num">100 %</td>' in html
    assert 'font-weight="bold" fill="#ffffff">100 %</text>' in html  # the share printed on Oslo's tile
    assert "<li>Hammerfest <span" in html and "<li>Alta <span" not in html
    assert "<th scope=\"row\">Konferanse</th><td class=\"num\">2</td>" in html


def test_csv_has_the_bom_semicolons_and_the_numbers(app, client, world, admin):
    response = client.get("/admin/reach.csv?year=2027")
    assert response.status_code == 200
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").split("\r\n")
    assert lines[0] == "Fylke;Kommuner;Nådd;Andel;Nådd året før"
    assert "Oslo;1;1;100 %;0" in lines and "Hele landet;357;3;1 %;2" in lines
    assert "5603;Hammerfest;Finnmark" in lines
    xlsx = client.get("/admin/reach.xlsx?year=2027")
    assert xlsx.status_code == 200 and xlsx.get_data()[:2] == b"PK"


def test_bounded_queries(app, client, world, admin):
    from tests.conftest import count_queries

    with count_queries(app) as statements:
        assert client.get("/admin/reach?year=2027").status_code == 200
    assert len(statements) <= 15


def test_kommuner_reached_per_school_size_and_years_band(app, make, frozen_now):
    """Per band, each kommune once however many of its leaders came; a registration without the band is left out
    of that table only."""
    frozen_now(clock.parse_local("2027-01-05T12:00"))
    event = make.event(starts_at=clock.parse_local("2027-03-01T10:00"), registration_closes_at=None,
                       change_deadline=None)
    with app.app_context():
        register(event.id, "a", "0301", school_size="300-599", years_as_leader="lt1")
        register(event.id, "b", "0301", school_size="300-599", years_as_leader="lt1")  # the same kommune
        register(event.id, "c", "4601", school_size="lt100", years_as_leader="gt10")
        register(event.id, "d", "1103", school_size=None, years_as_leader=None)
        reach = service.reach(service.period(2027))
    assert {str(k): v for k, v in reach.by_school_size.items()} == {"300-599": 1, "lt100": 1}
    assert {str(k): v for k, v in reach.by_years.items()} == {"lt1": 1, "gt10": 1}
    assert reach.reached == 3
