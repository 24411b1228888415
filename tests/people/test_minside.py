"""Min side lists every registration, upcoming and past, and prefills a new registration from the profile."""
import re
from datetime import timedelta

from app.core import clock
from app.extensions import db
from app.models import Registration, RegistrationStatus
from app.registration import links
from tests.people.conftest import register


def _html(client, url="/me/"):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _input(html: str, name: str, value: str | None = None) -> str:
    """The <input> tag of this name (and value)."""
    tags = re.findall(rf'<input[^>]*\sname="{name}"[^>]*>', html)
    return next(t for t in tags if value is None or f'value="{value}"' in t)


def _section(html: str, heading_id: str) -> str:
    return re.search(rf'<section aria-labelledby="{heading_id}">(.*?)</section>', html, re.S).group(1)


def test_upcoming_and_past_with_status_manage_and_badge_links(app, client, make, signed_in):
    soon = make.event(title="Regionsamling Nord", slug="nord", starts_at=clock.now() + timedelta(days=20))
    early = make.event(title="Lederkonferansen", slug="konferansen", starts_at=clock.now() + timedelta(days=10))
    full = make.event(title="Nettverksmøte", slug="nettverk", capacity=1)
    make.event(title="Møteplass for nye ledere", slug="nye-ledere")  # open, not registered for
    register(client, full.slug, "annen@example.org", remember=False)
    for slug in (early.slug, soon.slug, full.slug):
        register(app.test_client(), slug, "Kari@Example.org", first_name="Kári")
    signed_in("kari@example.org")
    with app.app_context():
        mine = {r.event.slug: r for r in db.session.query(Registration).filter(Registration.person_id.is_not(None))}
        badge = f"/me/{links.manage_token(mine['konferansen'])}/badge.pdf"
        waiting_manage = f"/me/{links.manage_token(mine['nettverk'])}"
    html = _html(client)
    upcoming = _section(html, "upcoming-heading")
    assert re.findall(r'id="reg-\d+"><a href="/events/([a-z-]+)"', upcoming) == ["konferansen", "nord", "nettverk"]
    assert "Bekreftet" in upcoming and "Venteliste</span> (nummer 1)" in upcoming
    assert f'href="{badge}"' in upcoming and f'href="{waiting_manage}"' in upcoming
    assert upcoming.count("Navneskilt (PDF)") == 2  # not for the waiting list
    assert 'href="/events/nye-ledere/register"' in _section(html, "open-heading")
    assert "Kári Nordmann" in html

    clock.set_now(clock.now() + timedelta(days=15))  # the conference is over
    html = _html(client)
    assert re.findall(r'id="reg-\d+"><a href="/events/([a-z-]+)"', _section(html, "past-heading")) == ["konferansen"]


def test_what_is_remembered_and_why_is_on_the_form_and_on_min_side(app, client, make, signed_in):
    event = make.event()
    form = _html(client, f"/events/{event.slug}/register")
    assert "Husk meg til neste gang" in form and "Vi bruker det bare til å vise deg alle påmeldingene" in form
    assert "checked" not in _input(form, "remember_consent")  # not ticked for a stranger
    assert 'aria-describedby="remember-why"' in _input(form, "remember_consent")
    register(client, event.slug, "liv@example.org", school_size="600-999", kommune="5610", contact=True)
    signed_in("liv@example.org")
    html = _html(client)
    assert "Dette husker vi om deg, og hvorfor" in html
    assert "600–999 elever" in html and "Kárášjohka - Karasjok" in html and "4–6 år" in html
    assert " checked " in _input(html, "contact_ok")


def test_a_new_form_from_min_side_is_prefilled_and_not_after_glem_meg(app, client, make, signed_in):
    first = make.event()
    make.event(slug="neste")
    register(client, first.slug, "Sara@Example.org", first_name="Sáráh", kommune="5610", school_size="lt100",
             job_title="Kulturskoleleder")
    signed_in("sara@example.org")
    form = _html(client, "/events/neste/register")
    assert 'value="Sáráh"' in _input(form, "first_name") and 'value="sara@example.org"' in _input(form, "email")
    assert 'value="Kulturskoleleder"' in _input(form, "job_title")
    assert '<option selected value="5610">' in form
    assert " checked " in _input(form, "school_size", "lt100") and " checked " in _input(form, "remember_consent")
    assert "checked" not in _input(form, "contact_ok")

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', _html(client, "/me/forget")).group(1)
    assert client.post("/me/forget", data={"csrf_token": token}).status_code == 303
    form = _html(client, "/events/neste/register")
    assert "Sáráh" not in form and "sara@example.org" not in form


def test_min_side_needs_no_more_queries_for_more_registrations(app, client, make, signed_in):
    from sqlalchemy import event as sa_event

    events = [make.event(slug=f"e{i}") for i in range(6)]
    for e in events[:2]:
        register(app.test_client(), e.slug, "mange@example.org")
    signed_in("mange@example.org")

    def count_queries() -> int:
        seen = []
        with app.app_context():
            engine = db.engine
        listener = lambda *args: seen.append(1)  # noqa: E731
        sa_event.listen(engine, "before_cursor_execute", listener)
        try:
            _html(client)
        finally:
            sa_event.remove(engine, "before_cursor_execute", listener)
        return len(seen)

    few = count_queries()
    for e in events[2:]:
        register(app.test_client(), e.slug, "mange@example.org")
    assert count_queries() == few
    with app.app_context():
        assert db.session.query(Registration).filter(Registration.status == RegistrationStatus.CONFIRMED).count() == 6
