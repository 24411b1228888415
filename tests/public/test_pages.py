from datetime import timedelta

from app.core import clock
from app.core.transaction import transaction
from app.models import EventStatus, SessionKind
from tests.conftest import count_queries


def test_index_lists_upcoming_soonest_first_then_past_latest_first(client, make):
    now = clock.now()
    later = make.event(title="Senere samling", starts_at=now + timedelta(days=60))
    sooner = make.event(title="Snart samling", starts_at=now + timedelta(days=5))
    old = make.event(title="Gammel samling", starts_at=now - timedelta(days=400))
    older = make.event(title="Eldgammel samling", starts_at=now - timedelta(days=800))
    make.event(title="Hemmelig utkast", status=EventStatus.DRAFT)

    html = client.get("/").get_data(as_text=True)

    order = [html.index(e.title) for e in (sooner, later, old, older)]
    assert order == sorted(order)
    assert html.index("Tidligere arrangementer") < html.index(old.title)
    assert "Hemmelig utkast" not in html
    assert '<html lang="nb">' in html


def test_event_page_shows_program_by_day_with_rooms_tracks_speakers_and_seats(client, make):
    event = make.event(title="Lederkonferansen test")
    track = make.track(event, name="Pedagogisk ledelse")
    speaker = make.speaker(name="Áile Gaup", organisation="Sámi allaskuvla", bio="Arbeider med samisk kulturformidling.")
    day2 = event.starts_at + timedelta(days=1)
    make.session(event, title="Dag to-foredrag", starts_at=day2, speakers=[speaker])
    make.session(event, title="Åpning", track_id=track.id, speakers=[speaker])
    make.session(event, title="Verksted A", kind=SessionKind.WORKSHOP, capacity=25,
                 starts_at=event.starts_at + timedelta(hours=2))

    response = client.get(f"/events/{event.slug}")
    html = response.get_data(as_text=True)

    assert response.status_code == 200
    assert html.index("Åpning") < html.index("Verksted A") < html.index("Dag to-foredrag")
    assert "Dag 1" in html and "Dag 2" in html
    assert "Pedagogisk ledelse" in html
    assert "Áile Gaup</a>, Sámi allaskuvla" in html
    assert f'id="speaker-{speaker.id}"' in html and "Arbeider med samisk kulturformidling." in html
    assert "25 av 25 plasser ledige" in html
    assert "Storsalen" not in html or "Rom:" in html


def test_event_page_query_count_is_bounded_for_a_large_program(app, client, make):
    event = make.event()
    speakers = [make.speaker() for _ in range(12)]
    for i in range(40):
        make.session(event, starts_at=event.starts_at + timedelta(minutes=30 * i),
                     kind=SessionKind.WORKSHOP if i % 3 else SessionKind.PLENARY, capacity=20,
                     speakers=[speakers[i % 12], speakers[(i + 5) % 12]])

    with count_queries(app) as small:
        client.get(f"/events/{event.slug}")
    for i in range(40, 80):
        make.session(event, starts_at=event.starts_at + timedelta(minutes=30 * i), speakers=[speakers[i % 12]])
    with count_queries(app) as large:
        response = client.get(f"/events/{event.slug}")

    assert response.status_code == 200
    assert len(large) == len(small)
    assert len(large) <= 6, large


def test_unknown_slug_is_a_norwegian_404(client):
    response = client.get("/events/finnes-ikke")
    assert response.status_code == 404
    assert "Vi fant ikke siden du lette etter." in response.get_data(as_text=True)


def test_draft_event_is_hidden_from_visitors(client, make):
    draft = make.event(status=EventStatus.DRAFT)
    assert client.get(f"/events/{draft.slug}").status_code == 404


def test_malformed_urls_are_404_not_500(client):
    for path in ("/events/%00", "/events/<script>", "/events/" + "x" * 500, "/api/v1/events/%C3%28",
                 "/lang/xx", "/events/a/b/c"):
        assert client.get(path).status_code == 404, path


def test_language_switch_to_english_and_back(client, make):
    event = make.event()
    response = client.get(f"/lang/en?next=/events/{event.slug}")
    assert response.status_code == 303
    assert response.headers["Location"] == f"/events/{event.slug}"
    html = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert '<html lang="en">' in html
    assert '<h2 id="program-heading">Programme</h2>' in html
    assert "Kommende arrangementer" not in client.get("/").get_data(as_text=True)
    client.get("/lang/nb")
    assert '<html lang="nb">' in client.get("/").get_data(as_text=True)


def test_language_switch_never_redirects_off_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/lang/en", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_strict_security_headers_on_pages(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_no_inline_script_or_style_in_pages(client, make):
    event = make.event()
    make.session(event)
    for path in ("/", f"/events/{event.slug}", "/login"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and "<style" not in html and ' style="' not in html, path


def test_nul_bytes_anywhere_are_a_clear_400(client):
    assert client.get("/?q=%00").status_code == 400
    response = client.get("/api/v1/events?upcoming=%00")
    assert response.status_code == 400 and response.get_json()["error"] == "bad_request"


def test_the_cached_article_shows_live_seats_token_and_registration_phase(app, client, make, frozen_now):
    """The event page's article is cached per program version (app/public/fragments.py); what changes
    without a new version (seats, the visitor's CSRF token, the registration window) still shows at once."""
    import re

    from app.extensions import db
    from app.registration import service
    from tests.factories import applicant

    event = make.event(title="Bufret samling", capacity=3)
    workshop = make.session(event, title="Verksted B", kind=SessionKind.WORKSHOP, capacity=2,
                            starts_at=event.starts_at + timedelta(hours=2))
    def seats(html):  # the event's and the workshop's seats as shown: (state, words) each
        return [(state, re.sub(r"\s+", " ", words).strip()) for state, words in re.findall(
            r'<span class="seats seats-(\w+)"><span class="seats-sign" aria-hidden="true">.</span>([^<]*)</span>', html)]

    def button(html):
        return re.search(r'<a class="button button-primary" href="/events/[^"]+/register">([^<]*)</a>', html).group(1)

    first = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert seats(first) == [("free", "3 ledige plasser"), ("free", "2 av 2 plasser ledige")]
    assert button(first) == "Meld deg på"

    def register(n):
        with app.app_context():  # registrations change no program version
            for _ in range(n):
                with transaction():
                    service.register(event.id, applicant(email=f"p{next(people)}@example.org"), [workshop.id])
            db.session.remove()

    people = iter(range(10))
    register(2)
    second = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert seats(second) == [("few", "Bare 1 plass igjen"),
                             ("full", "Fullt – venteliste. Ingen står på ventelisten ennå.")]
    assert button(second) == "Meld deg på"

    register(2)  # the last seat, then the first on the waiting list
    full = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert seats(full) == [("full", "Fullt – du kan melde deg på ventelisten. 1 står på ventelisten."),
                           ("full", "Fullt – venteliste. 1 står på ventelisten.")]
    assert button(full) == "Sett meg på ventelisten"

    # Each visitor's own token in the resend form, and the form works with it.
    token = re.search(r'name="csrf_token" value="([^"]+)"', full).group(1)
    assert "<!--" not in token
    other = app.test_client().get(f"/events/{event.slug}").get_data(as_text=True)
    assert re.search(r'name="csrf_token" value="([^"]+)"', other).group(1) != token
    response = client.post(f"/events/{event.slug}/resend-link", data={"csrf_token": token, "email": "p0@example.org"})
    assert response.status_code == 303

    # The window closes: the page says so at once, without a program change.
    frozen_now(event.registration_closes_at + timedelta(minutes=1))
    closed = client.get(f"/events/{event.slug}").get_data(as_text=True)
    assert "Meld deg på</a>" not in closed and "Påmeldingen er ikke åpen." in closed and seats(closed) == [
        ("full", "Fullt – venteliste. 1 står på ventelisten.")]  # the workshop's seats; the event's only while open


def test_the_cached_article_follows_the_registration_phase_with_the_cache_kept(app, client, make, frozen_now):
    """The phase is in the article's cache key and handed to its template: moving the clock over the
    window's edges changes the article without a new program version and without emptying the cache."""
    from app.program.cache import fragments

    opens, closes = clock.parse_local("2027-03-01T09:00"), clock.parse_local("2027-04-01T12:00")
    event = make.event(slug="fasene", starts_at=clock.parse_local("2027-04-14T09:00"),
                       registration_opens_at=opens, registration_closes_at=closes)
    url = f"/events/{event.slug}"
    register = f'href="{url}/register">Meld deg på</a>'
    opens_later = "Påmeldingen er ikke åpen. Den åpner 1. mars 2027 kl. 09:00."
    not_open = "Påmeldingen er ikke åpen."
    calendar = f'{url}/calendar.ics" download'

    def article():
        html = client.get(url).get_data(as_text=True)
        return register in html, opens_later in html, not_open in html, calendar in html

    def phases_cached():
        return sorted(key[-1].value for key in fragments._data if key[:2] == ("event-article", event.id))

    frozen_now(opens - timedelta(seconds=1))
    assert article() == (False, True, True, True)
    frozen_now(opens)
    assert article() == (True, False, False, True)
    frozen_now(closes)
    assert article() == (False, False, True, True)
    frozen_now(event.ends_at + timedelta(seconds=1))
    assert article() == (False, False, False, False)
    assert phases_cached() == ["closed", "not_yet_open", "open", "past"]  # one article per phase, all kept
    frozen_now(opens)  # back inside the window: the cached open article again
    assert article() == (True, False, False, True)


def test_the_cached_article_templates_never_read_the_clock():
    import re
    from pathlib import Path

    templates = Path(__file__).parents[2] / "app" / "templates"
    for name in ("public/_event_body.html", "public/_program.html", "registration/_resend_link.html",
                 "calendar/_event_box.html", "_macros/events.html"):
        text = re.sub(r"\{#.*?#\}", "", (templates / name).read_text(), flags=re.DOTALL)
        assert "now()" not in text and "clock" not in text and "is_past" not in text, name
        assert "registration_open()" not in text, name
