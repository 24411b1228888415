"""The event workspace: every organiser page of an event — found in the URL map, not listed by hand — shows the
eight tabs with the right one current, and breadcrumbs from «Arrangementer» to the page."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus, QuestionKind, Registration, Survey, SurveyQuestion
from app.registration import service
from app.surveys import builder
from tests.factories import applicant

TABS = ["Oversikt", "Program", "Påmeldinger", "E-post", "Navneskilt", "Innsjekk", "Tilbakemeldinger", "Fakturaer",
        "Innstillinger"]

# Which tab each part of an event's back-office URL belongs to (the first path segment after the slug).
# A new page under a segment not named here fails the walk until it is given its tab.
TAB_OF_SEGMENT = {
    "": "Oversikt", "cancel": "Oversikt",
    "program": "Program", "sessions": "Program", "notices": "Program", "tracks": "Program",
    "registrations": "Påmeldinger", "exports": "Påmeldinger", "catering": "Påmeldinger",
    "mail": "E-post", "surveys": "Tilbakemeldinger",
    "badges": "Navneskilt", "checkins": "Innsjekk", "invoices": "Fakturaer",
    "settings": "Innstillinger", "copy": "Innstillinger", "prices": "Innstillinger",
    "add-on-lists": "Påmeldinger", "certificates": "Påmeldinger",
    "peer-groups": "Påmeldinger",
    "reminders": "Påmeldinger",
}
FILES = (".pdf", ".csv", ".xlsx", ".json", ".ics", ".zip")


@pytest.fixture
def workspace(app, make):
    """An event with one of everything an organiser page can be about."""
    venue = make.venue(name="Scandic Hamar", rooms=[("Salen", 100)])
    event = make.event(title="Ledersamling Innlandet", venue_id=venue.id, capacity=30)
    track = make.track(event, name="Ledelse")
    speaker = make.speaker(name="Kari Nordmann")
    session = make.session(event, title="Åpning", speakers=[speaker])
    with app.app_context():
        service.register(event.id, applicant(1))
        registration_id = db.session.scalar(select(Registration.id))
        survey = builder.create_survey(event.id, title="Evaluering")
        question = SurveyQuestion(survey=survey, kind=QuestionKind.TEXT, text="Hva var best?")
        db.session.add(question)
        db.session.commit()
        survey_id, question_id = survey.id, question.id
    return {"slug": event.slug, "session_id": session.id, "registration_id": registration_id, "track_id": track.id,
            "survey_id": survey_id, "question_id": question_id, "title": event.title}


def _event_pages(app):
    """Every GET page of one event's back office: /admin/events/<slug>/… and an event survey's pages."""
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.rule.endswith(FILES) or "fmt" in rule.arguments or hasattr(
                app.view_functions[rule.endpoint], "moved_to"):  # an old URL: tests/admin/test_moved_urls.py
            continue
        if rule.rule.startswith("/admin/events/<slug:slug>") or (
                rule.rule.startswith("/admin/surveys/") and rule.arguments & {"survey_id", "slug"}):
            yield rule


def _url(rule, values) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:\w+:)?{name}>", str(values[name]), path)
    return path


def _expected_tab(path: str, slug: str) -> str:
    if path.startswith("/admin/surveys/"):
        return "Tilbakemeldinger"
    rest = path.removeprefix(f"/admin/events/{slug}/").split("/")
    two = "/".join(rest[:2])
    return TAB_OF_SEGMENT[two] if two in TAB_OF_SEGMENT else TAB_OF_SEGMENT[rest[0]]


def _tabs(html: str) -> list[tuple[str, bool]]:
    nav = re.search(r'<nav class="event-nav" aria-label="Arrangementets sider">(.*?)</nav>', html, re.S).group(1)
    return [(label, bool(current)) for current, label in
            re.findall(r'<a href="[^"]+"( aria-current="page")?>([^<]+)</a>', nav)]


def _crumbs(html: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumbs" aria-label="Brødsmuler">\s*<ol>(.*?)</ol>', html, re.S).group(1)
    return [re.sub(r"<.*?>", "", item).strip() for item in re.findall(r"<li>(.*?)</li>", nav, re.S)]


def test_every_organiser_page_of_an_event_shows_the_eight_tabs_and_breadcrumbs(app, admin, workspace):
    walked = []
    for rule in _event_pages(app):
        path = _url(rule, workspace)
        response = admin.get(path)
        assert response.status_code == 200, (rule.endpoint, path, response.status_code)
        html = response.get_data(as_text=True)
        tabs = _tabs(html)
        assert [label for label, _ in tabs] == TABS, rule.endpoint
        assert [label for label, current in tabs if current] == [_expected_tab(path, workspace["slug"])], rule.endpoint
        crumbs = _crumbs(html)
        assert crumbs[:2] == ["Arrangementer", workspace["title"]], rule.endpoint
        assert html.count('<span aria-current="page">') >= 1, rule.endpoint
        walked.append(rule.endpoint)
    # The walk found the pages the brief names (and so cannot silently find none).
    assert {"admin.event", "program_organiser.program", "program_organiser.edit_session", "program_organiser.notices", "program_organiser.tracks",
            "registration_organiser.registrations", "registration_organiser.registration", "registration_organiser.exports", "registration_organiser.catering_summary",
            "registration_organiser.bulk_email", "surveys_organiser.edit", "surveys_organiser.preview", "surveys_organiser.results_page",
            "checkin_organiser.overview", "badges_organiser.sheet_form", "program_organiser.edit_event", "program_organiser.copy_event",
            "surveys_organiser.for_event", "invoicing_organiser.invoices", "invoicing_organiser.overdue",
            "invoicing_organiser.payments_form", "certificates_organiser.page", "reminders_organiser.page"} <= set(walked)


def test_breadcrumbs_and_sub_pages_name_where_the_page_sits(admin, workspace):
    slug = workspace["slug"]
    html = admin.html(f"/admin/events/{slug}/sessions/{workspace['session_id']}")
    assert _crumbs(html) == ["Arrangementer", "Ledersamling Innlandet", "Program", "Åpning"]
    assert '<span aria-current="page">Åpning</span>' in html
    sub = re.search(r'<nav class="event-subnav" aria-label="Program">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', sub) == [
        (f"/admin/events/{slug}/program", ' aria-current="page"', "Programmet"),
        (f"/admin/events/{slug}/notices", "", "Programendringer"),
        (f"/admin/events/{slug}/tracks", "", "Spor"),
    ]
    html = admin.html(f"/admin/events/{slug}/exports")
    assert _crumbs(html) == ["Arrangementer", "Ledersamling Innlandet", "Påmeldinger", "Lister og eksport"]
    assert f'<a href="/admin/events/{slug}/exports" aria-current="page">Lister og eksport</a>' in html
    html = admin.html(f"/admin/events/{slug}/")
    assert _crumbs(html) == ["Arrangementer", "Ledersamling Innlandet"]
    html = admin.html(f"/admin/surveys/{workspace['survey_id']}/results")
    assert _crumbs(html) == ["Arrangementer", "Ledersamling Innlandet", "Tilbakemeldinger", "Evaluering"]


def test_the_email_tab_links_the_events_own_sent_mail(app, admin, workspace):
    slug = workspace["slug"]
    html = admin.html(f"/admin/events/{slug}/mail")
    sub = re.search(r'<nav class="event-subnav" aria-label="E-post">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', sub) == [
        (f"/admin/events/{slug}/mail", ' aria-current="page"', "Skriv e-post"),
        (f"/admin/outbox?event={slug}", "", "Sendte e-poster"),
    ]
    html = admin.html(f"/admin/outbox?event={slug}")
    assert [label for label, current in _tabs(html) if current] == ["E-post"]
    assert _crumbs(html) == ["Arrangementer", "Ledersamling Innlandet", "E-post", "Sendte e-poster"]
    with app.app_context():
        mail_to = {m for m in db.session.scalars(select(Registration.email))}
    assert all(address in html for address in mail_to)
    everything = admin.html("/admin/outbox")
    assert 'class="event-nav"' not in everything and "<h1>Utsendinger</h1>" in everything


def test_survey_templates_stay_in_the_back_office_layout(app, admin, workspace):
    with app.app_context():
        template = db.session.scalar(select(Survey).where(Survey.is_template.is_(True)))
        if template is None:
            template = builder.create_survey(None, title="Mal")
            template.is_template = True
            db.session.commit()
        template_id = template.id
    html = admin.html(f"/admin/surveys/{template_id}")
    assert 'class="event-nav"' not in html
    assert '<a href="/admin/surveys/" aria-current="page">Undersøkelser</a>' in html
    html = admin.html("/admin/surveys/")
    assert "<h1>Undersøkelser</h1>" in html and 'class="event-nav"' not in html


def _section(html: str, heading_id: str) -> str:
    return re.search(rf'<section aria-labelledby="{heading_id}"[^>]*>(.*?)</section>', html, re.S).group(1)


def _items(section: str) -> list[str]:
    return [re.sub(r"\s+", " ", re.sub(r"<.*?>", "", li)).strip() for li in re.findall(r"<li[^>]*>(.*?)</li>", section, re.S)]


def test_the_cockpit_shows_seats_what_is_due_and_the_checklist(app, admin, make):
    event = make.event(title="Nettverkssamling Vest", capacity=2, venue_id=None, is_online=False,
                       contact_email="vest@example.org")
    speaker = make.speaker(name="Anne Aas", bio="", photo_path=None)
    session = make.session(event, title="Åpning", speakers=[speaker])
    with app.app_context():
        for i in range(3):
            service.register(event.id, applicant(i))
        db.session.add(OutboxMessage(kind="registration.confirmed", to_address="feil@example.org", subject="Velkommen",
                                     body_text="Hei", event_id=event.id, status=OutboxStatus.FAILED))
        db.session.commit()
    html = admin.html(f"/admin/events/{event.slug}/")
    assert re.search(r"<dt>Påmeldt</dt><dd>2 / 2</dd>.*<dt>Venteliste</dt><dd>1</dd>.*<dt>Ledige plasser</dt><dd>0</dd>",
                     html, re.S)
    assert "Påmeldinger per dag" in html and '<th scope="col">Dag</th>' in html  # the chart's table
    due = _section(html, "due-heading")
    assert _items(due) == [
        "1 e-post om arrangementet kunne ikke sendes. Se grunnen og prøv igjen",
        "Anne Aas mangler biografi og bilde. Rediger foredragsholderen Anne Aas",
        "«Åpning» har ikke rom. Velg rom – Åpning",
    ]
    assert f'href="/admin/outbox?event={event.slug}&amp;status=failed"' in due
    assert f'href="/admin/speakers/{speaker.id}"' in due
    assert f'href="/admin/events/{event.slug}/sessions/{session.id}"' in due
    checklist = _section(html, "checklist-heading")
    assert _items(checklist) == [
        "✓ Datoer: i orden",
        "! Sted: Mangler sted (eller kryss av for digitalt arrangement). Rett opp – Sted",
        "✓ Program: i orden",
        "✓ Påmeldingsperiode: i orden",
        "! E-posttekster: Mangler kontaktperson. Rett opp – E-posttekster",
        "✓ Personverntekst: i orden",
    ]
    assert checklist.count(f'href="/admin/events/{event.slug}/settings"') == 2


def test_the_team_page_sits_under_settings_beside_details_and_copy(admin, make):
    event = make.event()
    html = admin.html(f"/admin/events/{event.slug}/settings/team")
    sub = re.search(r'<nav class="event-subnav" aria-label="Innstillinger">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'>([^<]+)</a>', sub) == ["Detaljer", "Team", "Priser og tillegg", "Kopier"]
    assert f'<a href="/admin/events/{event.slug}/settings/team" aria-current="page">Team</a>' in sub
