"""The registration form over HTTP: what it shows, what a good answer stores, what bad answers say."""
from __future__ import annotations

import re
from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import func, select

from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.models import (
    ChoiceStatus,
    EventStatus,
    OutboxMessage,
    Registration,
    RegistrationStatus,
    SessionChoice,
    SessionKind,
    SessionStatus,
    YearsBand,
)
from app.registration import links, service
from tests.factories import applicant
from tests.registration.conftest import errors_of, manage_path, valid_form
from tests.smtp import SmtpServer


def _count(app, model=Registration) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _only_registration(app) -> Registration:
    with app.app_context():
        reg = db.session.scalars(select(Registration)).one()
        reg.choices  # noqa: B018 - load before the context closes
        db.session.expunge(reg)
        return reg


@pytest.fixture
def workshops(make):
    """An event with a fee and two time slots of workshops; the second slot overlaps nothing."""
    event = make.event(fee_nok=4200, capacity=2)
    start = event.starts_at + timedelta(hours=3)
    a = make.session(event, title="Verksted A", kind=SessionKind.WORKSHOP, capacity=1, starts_at=start)
    b = make.session(event, title="Verksted B", kind=SessionKind.WORKSHOP, capacity=10, starts_at=start)
    c = make.session(event, title="Parallell C", kind=SessionKind.PARALLEL, capacity=10,
                     starts_at=start + timedelta(hours=2))
    plenary = make.session(event, title="Plenum", kind=SessionKind.PLENARY, starts_at=start + timedelta(hours=4))
    return event, a, b, c, plenary


# --- what the form shows ----------------------------------------------------------------------

def test_the_form_has_the_contract_field_names_and_all_357_municipalities(client, workshops):
    event, a, b, c, plenary = workshops
    html = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    names = set(re.findall(r'<(?:input|select|textarea)[^>]*\sname="([a-z_]+)"', html))
    assert names == {"csrf_token", "first_name", "last_name", "email", "phone", "organisation", "kommune",
                     "job_title", "years_as_leader", "diet", "diet_other", "accessibility_needs",
                     "health_consent", "invoice_org_number", "invoice_reference", "privacy_accepted",
                     "school_size", "remember_consent", "contact_ok", "mentoring", "mentoring_themes", "mentoring_note"}
    kommune = re.search(r'<select[^>]*name="kommune".*?</select>', html, re.S).group(0)
    options = re.findall(r'<option value="(\d{4})">([^<]+)', kommune)
    assert len(options) == 357
    assert ("5610", "Kárášjohka - Karasjok") in options
    assert [v for v, _label in options].index("1826") == 0  # Aarborte first, the Å names last
    assert options[-1][1].startswith("Å")
    assert 'autocomplete="given-name"' in html and 'autocomplete="family-name"' in html
    assert 'autocomplete="email"' in html and 'autocomplete="tel"' in html
    assert 'autocomplete="organization"' in html and 'autocomplete="organization-title"' in html
    # Sign-up sessions only, one radio group per time slot (`sessions-<slot>`) with «Ingen», with their seats.
    radios = re.findall(r'<input type="radio" name="(sessions-\d{8}T\d{4})" value="(\d*)"', html)
    assert [v for _n, v in radios] == [str(a.id), str(b.id), "", str(c.id), ""]
    assert radios[0][0] == radios[1][0] == radios[2][0] != radios[3][0] == radios[4][0]
    assert len(re.findall(r'<fieldset class="slot-choice">', html)) == 2
    assert "Bare 1 av 1 plasser igjen" in html and "10 av 10 plasser ledige" in html
    assert 'src="/static/js/kommune.js"' in html
    assert 'id="health_consent" name="health_consent" type="checkbox" value="y">' in html  # not ticked


def test_no_invoice_fields_when_the_event_is_free(client, make):
    event = make.event(fee_nok=None)
    html = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "invoice_org_number" not in html and "Faktura" not in html


# --- a good answer ----------------------------------------------------------------------------

def test_a_good_answer_stores_the_registration_and_redirects_to_its_page(app, forms, workshops):
    event, a, b, c, _plenary = workshops
    response = forms.register(event.slug, valid_form(
        email="Kari.Nordmann@Example.org", phone="+47 912 34 567", sessions=[str(a.id), str(c.id)],
        invoice_org_number="974 760 673", invoice_reference="PO-1234", health_consent="y",
        diet=["vegetarian", "nuts"], diet_other="Alvorlig nøtteallergi", accessibility_needs="Rullestol",
    ))
    path = manage_path(response)
    reg = _only_registration(app)
    assert (reg.first_name, reg.last_name, reg.email, reg.phone) == (
        "Kari", "Nordmann", "kari.nordmann@example.org", "+47 912 34 567")
    assert (reg.organisation, reg.municipality_number, reg.job_title, reg.years_as_leader) == (
        "Lillehammer kulturskole", "3405", "Kulturskolerektor", YearsBand.Y4_6)
    assert (reg.invoice_org_number, reg.invoice_reference) == ("974760673", "PO-1234")
    assert (reg.diet, reg.diet_other, reg.accessibility_needs) == ("vegetarian,nuts", "Alvorlig nøtteallergi", "Rullestol")
    assert reg.health_consent_at is not None and reg.privacy_accepted_at is not None
    assert reg.status == RegistrationStatus.CONFIRMED
    assert sorted((ch.session_id, ch.status) for ch in reg.choices) == [
        (a.id, ChoiceStatus.CONFIRMED), (c.id, ChoiceStatus.CONFIRMED)]
    with app.app_context():
        assert path == "/me/" + links.manage_token(db.session.get(Registration, reg.id))
        assert db.session.scalar(select(OutboxMessage.kind)) == "registration.confirmed"
    sent = forms.client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Sjekk e-posten din" in sent
    assert f"Takk! Vi sender en e-post til kari.nordmann@example.org om påmeldingen til {event.title}." in sent
    assert "Du er påmeldt" in forms.client.get(path).get_data(as_text=True)


def test_without_the_consent_box_nothing_of_the_health_section_is_needed(app, forms, make):
    event = make.event()
    manage_path(forms.register(event.slug, valid_form()))
    reg = _only_registration(app)
    assert (reg.health_consent_at, reg.diet, reg.diet_other, reg.accessibility_needs) == (None, "", "", "")


def test_a_full_event_puts_the_next_one_on_the_waiting_list_and_says_so(app, forms, make):
    event = make.event(capacity=1)
    manage_path(forms.register(event.slug, valid_form(email="a@example.org")))
    path = manage_path(forms.register(event.slug, valid_form(email="b@example.org")))
    page = forms.client.get(path).get_data(as_text=True)
    assert "Du står som nummer 1 på ventelisten" in page
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage.kind).where(OutboxMessage.to_address == "b@example.org")) == (
            "registration.waitlisted")


# --- bad answers: a Norwegian message next to the field, 400, nothing stored, nothing lost ----------

BAD_FIELDS = [
    ({"first_name": ""}, "Skriv fornavnet ditt."),
    ({"first_name": "   "}, "Skriv fornavnet ditt."),
    ({"first_name": "K" * 101}, "Fornavnet kan ikke være lengre enn 100 tegn."),
    ({"last_name": ""}, "Skriv etternavnet ditt."),
    ({"last_name": "N" * 101}, "Etternavnet kan ikke være lengre enn 100 tegn."),
    ({"email": ""}, "Skriv e-postadressen din."),
    ({"email": "kari.example.org"}, "Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."),
    ({"email": "kari@"}, "Skriv en gyldig e-postadresse, for eksempel navn@kommune.no."),
    ({"email": "k" * 250 + "@example.org"}, "E-postadressen kan ikke være lengre enn 254 tegn."),
    ({"phone": "ring meg"}, "Skriv telefonnummeret med sifre, for eksempel 912 34 567 eller +47 912 34 567."),
    ({"phone": "123"}, "Skriv telefonnummeret med sifre, for eksempel 912 34 567 eller +47 912 34 567."),
    ({"organisation": ""}, "Skriv hvor du jobber, for eksempel Lillehammer kulturskole."),
    ({"organisation": "O" * 161}, "Arbeidsstedet kan ikke være lengre enn 160 tegn."),
    ({"kommune": ""}, "Velg kommunen du jobber i."),
    ({"kommune": "9999"}, "Velg kommunen fra listen."),
    ({"kommune": "Oslo"}, "Velg kommunen fra listen."),
    ({"job_title": ""}, "Skriv stillingen din, for eksempel kulturskolerektor."),
    ({"job_title": "J" * 121}, "Stillingen kan ikke være lengre enn 120 tegn."),
    ({"years_as_leader": None}, "Velg hvor lenge du har vært leder."),
    ({"years_as_leader": "100"}, "Velg hvor lenge du har vært leder."),
    ({"privacy_accepted": None}, "Du må godta personvernerklæringen for å melde deg på."),
    ({"invoice_org_number": ""}, "Skriv organisasjonsnummeret fakturaen skal til."),
    ({"invoice_org_number": "974760674"}, "Organisasjonsnummeret er ikke gyldig. Det har ni sifre, for eksempel 974 760 673."),
    ({"invoice_org_number": "97476067"}, "Organisasjonsnummeret er ikke gyldig. Det har ni sifre, for eksempel 974 760 673."),
    ({"invoice_reference": "R" * 101}, "Fakturareferansen kan ikke være lengre enn 100 tegn."),
    ({"diet": ["vegetarian", "caviar"], "health_consent": "y"}, "Velg kosthold fra listen."),
    ({"diet_other": "D" * 201, "health_consent": "y"}, "Teksten om kosthold kan ikke være lengre enn 200 tegn."),
    ({"accessibility_needs": "A" * 1001, "health_consent": "y"},
     "Teksten om tilrettelegging kan ikke være lengre enn 1000 tegn."),
    ({"diet": ["vegan"]}, "Kryss av for samtykke hvis vi skal lagre det du har skrevet om kosthold, allergier og "
                          "tilrettelegging – eller fjern det du har skrevet der."),
    ({"sessions": ["abc"]}, "Et av valgene finnes ikke i programmet. Velg på nytt fra listen."),
]


@pytest.mark.parametrize(("bad", "message"), BAD_FIELDS, ids=[str(b) [:40] for b, _m in BAD_FIELDS])
def test_bad_input_gets_a_norwegian_message_and_nothing_is_stored(app, forms, workshops, bad, message):
    event = workshops[0]
    data = valid_form(invoice_org_number="974760673", first_name="Åse Marit", organisation="Kárášjohka kulturskole")
    data.update(bad)
    data = {k: v for k, v in data.items() if v is not None}
    response = forms.register(event.slug, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert errors_of(html) == [message]
    assert "Noe må rettes før du kan gå videre" in html
    assert _count(app) == 0 and _count(app, OutboxMessage) == 0
    # What the user typed is still there.
    for name in ("first_name", "organisation"):
        if name not in bad:
            assert f'name="{name}"' in html and f'value="{data[name]}"' in html


def test_overlapping_sessions_are_refused_naming_both(app, forms, workshops):
    event, a, b, _c, _plenary = workshops
    response = forms.register(event.slug, valid_form(invoice_org_number="974760673", sessions=[str(a.id), str(b.id)]))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True)) == [
        "Du kan bare velge én sesjon om gangen: «Verksted A» og «Verksted B» går samtidig. Velg én av dem."]
    # The ticked boxes stay ticked.
    html = response.get_data(as_text=True)
    assert f'value="{a.id}" id="session-{a.id}" aria-describedby="session-{a.id}-info" checked' in html
    assert _count(app) == 0


def test_a_session_of_another_event_is_refused(app, forms, make, workshops):
    event = workshops[0]
    other = make.event()
    foreign = make.session(other, kind=SessionKind.WORKSHOP, capacity=5)
    response = forms.register(event.slug, valid_form(invoice_org_number="974760673", sessions=[str(foreign.id)]))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True)) == [
        "Et av valgene finnes ikke i programmet til dette arrangementet. Velg på nytt fra listen."]
    assert _count(app) == 0 and _count(app, SessionChoice) == 0


def test_a_plenary_or_cancelled_session_cannot_be_chosen(app, forms, make, workshops):
    event, a, _b, _c, plenary = workshops
    response = forms.register(event.slug, valid_form(invoice_org_number="974760673", sessions=[str(plenary.id)]))
    assert errors_of(response.get_data(as_text=True)) == [
        "«Plenum» kan ikke velges: den er avlyst eller har ikke egen påmelding."]
    with app.app_context():
        from app.models import Session
        db.session.get(Session, a.id).status = SessionStatus.CANCELLED
        db.session.commit()
    response = forms.register(event.slug, valid_form(invoice_org_number="974760673", sessions=[str(a.id)]))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True)) == [
        "«Verksted A» kan ikke velges: den er avlyst eller har ikke egen påmelding."]
    assert _count(app) == 0


def test_missing_csrf_token_is_refused_in_norwegian(app, forms, make):
    event = make.event()
    response = forms.register(event.slug, valid_form(), csrf=False)
    assert response.status_code == 400
    assert "Skjemaet var utløpt eller manglet sikkerhetsnøkkel." in response.get_data(as_text=True)
    assert _count(app) == 0


# --- duplicates and closed events ---------------------------------------------------------------

def test_the_form_does_not_tell_whether_an_address_is_registered(app, forms, make, smtp):
    """Issue 14, 14: the same answer for a new address and a registered one; the registration stays as
    it was and its holder gets the link to it by e-mail (and not more than a few times an hour)."""
    from app.mail.outbox import deliver_due

    event = make.event()
    new = forms.register(event.slug, valid_form(email="kari@example.org"))
    path = manage_path(new)
    first_page = forms.client.get(new.headers["Location"]).get_data(as_text=True)
    assert f"Takk! Vi sender en e-post til kari@example.org om påmeldingen til {event.title}." in first_page
    before = {c.key: getattr(_only_registration(app), c.key) for c in Registration.__table__.columns}
    again = forms.register(event.slug, valid_form(email="KARI@example.org ", first_name="Mallory",
                                                  organisation="Noen andre"))
    assert (again.status_code, again.headers["Location"]) == (new.status_code, new.headers["Location"])
    assert forms.client.get(again.headers["Location"]).get_data(as_text=True) == first_page  # the very same page
    after = _only_registration(app)
    assert {c.key: getattr(after, c.key) for c in Registration.__table__.columns} == before
    with app.app_context():
        deliver_due()
        db.session.remove()
    confirmation, already = smtp.wait_for(2)
    assert already["To"] == "kari@example.org"
    assert str(make_header(decode_header(already["Subject"]))) == f"Du er allerede påmeldt {event.title}"
    body = SmtpServer.text_of(already)
    assert "Du er allerede påmeldt, og vi har ikke endret noe på påmeldingen din." in body
    assert path in body  # the link to the registration the address has
    # Someone keeps trying: the answer stays the same, the holder's inbox is spared after three.
    for _ in range(4):
        assert forms.register(event.slug, valid_form(email="kari@example.org")).headers["Location"] == (
            new.headers["Location"])
    assert _count(app) == 1 and _count(app, OutboxMessage) == 1 + 3


def test_registering_again_after_cancelling_brings_the_same_registration_back(app, forms, make):
    from app.registration import service

    event = make.event()
    manage_path(forms.register(event.slug, valid_form()))
    reg_id = _only_registration(app).id
    with app.app_context():
        with transaction():
            service.cancel(reg_id)
    manage_path(forms.register(event.slug, valid_form()))
    reg = _only_registration(app)
    assert (reg.id, reg.status) == (reg_id, RegistrationStatus.CONFIRMED)


@pytest.mark.parametrize(("change", "message"), [
    ({"status": EventStatus.CANCELLED}, "er avlyst. Det er ikke mulig å melde seg på."),
    ({"registration_closes_at": clock.now() - timedelta(days=1)}, "Påmeldingen til {title} er stengt."),
    ({"registration_opens_at": clock.now() + timedelta(days=3)}, "Påmeldingen til {title} åpner "),
    ({"starts_at": clock.now() - timedelta(days=3), "ends_at": clock.now() - timedelta(days=2)},
     "er over. Det er ikke mulig å melde seg på lenger."),
])
def test_a_closed_event_says_why_and_stores_nothing(app, forms, client, make, change, message):
    event = make.event(**change)
    page = client.get(f"/events/{event.slug}/register")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert message.format(title=event.title) in text and "Ingenting er lagret." in text
    assert 'name="first_name"' not in text
    token = forms.token(f"/events/{event.slug}")
    response = client.post(f"/events/{event.slug}/register", data={**valid_form(), "csrf_token": token})
    assert response.status_code == 400
    assert message.format(title=event.title) in response.get_data(as_text=True)
    assert _count(app) == 0


def test_a_draft_event_is_not_found(app, forms, client, make):
    event = make.event(status=EventStatus.DRAFT)
    response = client.get(f"/events/{event.slug}/register")
    assert response.status_code == 404
    assert "Vi fant ikke arrangementet." in response.get_data(as_text=True)
    token = forms.token("/login")
    assert client.post(f"/events/{event.slug}/register", data={**valid_form(), "csrf_token": token}).status_code == 404
    assert _count(app) == 0


def test_a_malformed_slug_is_404(client):
    assert client.get("/events/Not_A_Slug!/register").status_code == 404


# --- rate limit -------------------------------------------------------------------------------

def test_registration_posts_are_rate_limited(app, forms, make, rate_limits):
    event = make.event()
    token = forms.token(f"/events/{event.slug}/register")
    statuses = [forms.client.post(f"/events/{event.slug}/register",
                                  data={**valid_form(email=f"p{i}@example.org"), "csrf_token": token}).status_code
                for i in range(21)]
    assert statuses == [303] * 20 + [429]
    last = forms.client.post(f"/events/{event.slug}/register", data={**valid_form(email="x@example.org"),
                                                                    "csrf_token": token})
    assert "For mange forsøk. Vent litt og prøv igjen." in last.get_data(as_text=True)
    assert _count(app) == 20
    assert forms.client.get(f"/events/{event.slug}/register").status_code == 200  # reading is never limited


def test_every_error_shows_at_once_including_the_session_choice(app, forms, workshops):
    event, a, b, _c, _plenary = workshops
    response = forms.register(event.slug, valid_form(first_name="", invoice_org_number="974760673",
                                                     sessions=[str(a.id), str(b.id)]))
    assert response.status_code == 400
    assert errors_of(response.get_data(as_text=True)) == [
        "Skriv fornavnet ditt.",
        "Du kan bare velge én sesjon om gangen: «Verksted A» og «Verksted B» går samtidig. Velg én av dem.",
    ]
    assert _count(app) == 0


# --- a full event, and the workshops per time slot (issue 15) ---------------------------------

def test_a_full_event_says_so_before_the_form_is_filled_in(app, client, make):
    event = make.event(capacity=1)
    open_form = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert ">Meld meg på</button>" in open_form and "ventelisten" not in open_form
    with app.app_context():
        for i in range(3):
            with transaction():
                service.register(event.id, applicant(i))
        db.session.remove()
    html = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert '<span class="seats seats-full">' in html
    assert "Fullt – du kan melde deg på ventelisten. 2 står på ventelisten." in text
    assert "Fyll ut skjemaet, så står du på ventelisten." in text
    assert ">Sett meg på ventelisten</button>" in html and ">Meld meg på</button>" not in html
    assert "har du uansett" not in text  # no promise of an event seat that is not there


def test_workshops_are_one_radio_group_per_slot_with_none_and_a_folded_description(app, forms, make):
    event = make.event()
    start = event.starts_at + timedelta(hours=3)
    a = make.session(event, title="Verksted A", kind=SessionKind.WORKSHOP, capacity=5, starts_at=start,
                     description="Vi øver på **medarbeidersamtaler** – á č đ ŋ š ŧ ž.")
    b = make.session(event, title="Verksted B", kind=SessionKind.WORKSHOP, capacity=5, starts_at=start)
    c = make.session(event, title="Parallell C", kind=SessionKind.PARALLEL, starts_at=start + timedelta(hours=2))
    html = forms.client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    groups = re.findall(r'<input type="radio" name="(sessions-[^"]+)" value="" id="[^"]+" checked>', html)
    assert len(set(groups)) == 2  # two slots, each with «Ingen» ticked until something is chosen
    first_slot, second_slot = groups
    assert re.search(rf'name="{first_slot}" value="{a.id}"', html) and re.search(rf'name="{first_slot}" value="{b.id}"', html)
    assert re.search(rf'name="{second_slot}" value="{c.id}"', html)
    details = re.search(r'<details class="session-details">(.*?)</details>', html, re.S).group(1)
    assert "<strong>medarbeidersamtaler</strong>" in details and "á č đ ŋ š ŧ ž" in details
    assert html.count('<details class="session-details">') == 1  # only the one with a text

    # The radio groups post one id per slot («Ingen» posts nothing); the contract's `sessions` still works.
    path = manage_path(forms.register(event.slug, valid_form(email="a@example.org", **{
        first_slot: str(b.id), second_slot: ""})))
    with app.app_context():
        reg = links.by_manage_token(path.rsplit("/", 1)[1])
        assert [ch.session_id for ch in reg.choices] == [b.id]
        db.session.remove()
    manage_path(forms.register(event.slug, valid_form(email="b@example.org", sessions=[str(a.id), str(c.id)])))
    with app.app_context():
        assert sorted(db.session.scalars(select(SessionChoice.session_id).join(Registration).where(
            Registration.email == "b@example.org"))) == sorted([a.id, c.id])
        db.session.remove()
    # The manage page ticks the chosen one in its slot, «Ingen» in the other.
    page = forms.client.get(path).get_data(as_text=True)
    assert re.search(rf'name="{first_slot}" value="{b.id}" id="session-{b.id}" [^>]*checked>', page)
    assert re.search(rf'name="{second_slot}" value="" id="[^"]+" checked>', page)
