"""A new leader (under one year as leader) finds the start package: on the page after registering, in the
confirmation e-mail, on the new-leaders series' page, and in a welcome e-mail sent once per person across events
(through the outbox and a real SMTP server). An experienced leader's answers carry none of it."""
from __future__ import annotations

from email.header import decode_header, make_header

from sqlalchemy import func, select

from app.audit.log import SYSTEM
from app.core.transaction import transaction
from app.extensions import db
from app.mail import optout, outbox
from app.models import OutboxMessage, OutboxStatus, Registration, SeriesKind
from app.registration import service as registrations
from app.resources import service as resources
from app.resources import welcome
from app.resources.service import ResourceDraft
from app.series import service as series
from tests.registration.conftest import manage_path, valid_form
from tests.smtp import SmtpServer

START = "/ressurser?for=nye-ledere"
START_ABSOLUTE = "http://samling.test" + START


def _subject(message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def _html_of(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    return ""


def _library(app):
    with app.app_context(), transaction():
        for title, audience in (("Sjekkliste for de første 100 dagene", "nye-ledere"),
                                ("Årshjul for rektor", "alle")):
            resources.create(ResourceDraft(title, "Kort om den.", "sjekkliste", audience, (), "- [ ] Punkt"),
                             None, SYSTEM)
        series.create(series.SeriesDraft("Møteplass for nye ledere", "nye-ledere", SeriesKind.NEW_LEADERS), SYSTEM)


def _welcomes(app) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == welcome.KIND)))


def test_a_new_leader_is_shown_the_start_package_and_welcomed_once(app, forms, make, smtp):
    _library(app)
    first, second = make.event(title="Lederkonferansen 2030"), make.event(title="Nettverkssamling Nord")
    response = forms.register(first.slug, valid_form(email="Aile.Sara@Example.org", first_name="Áile",
                                                     years_as_leader="lt1"))
    manage_path(response)
    assert response.headers["Location"] == f"/events/{first.slug}/registered?for=nye-ledere"
    page = forms.client.get(response.headers["Location"]).get_data(as_text=True)
    # beside the footer's link on every page, the page's own
    assert page.count(f'href="{START}"') == 2 and "Ny som leder i kulturskolen?" in page

    # the same person at another event, the address written otherwise: no second welcome
    manage_path(forms.register(second.slug, valid_form(email="aile.sara@EXAMPLE.org", first_name="Áile",
                                                       years_as_leader="lt1")))
    assert len(_welcomes(app)) == 1
    with app.app_context(), transaction():  # the library as it is when the welcome is sent
        resources.create(ResourceDraft("Mal for medarbeidersamtale", "", "mal", "nye-ledere", (), "Tekst"),
                         None, SYSTEM)
    with app.app_context():
        assert outbox.deliver_due().sent == 3
    received = smtp.wait_for(3)
    by_subject = {_subject(m): m for m in received}
    assert sorted(by_subject) == ["Du er påmeldt Lederkonferansen 2030", "Du er påmeldt Nettverkssamling Nord",
                                  "Velkommen som kulturskoleleder"]
    confirmation = SmtpServer.text_of(by_subject["Du er påmeldt Lederkonferansen 2030"])
    assert "Startpakken for nye ledere har sjekklister, maler og prosessbeskrivelser:\r\n" + START_ABSOLUTE \
        in confirmation
    assert f'href="{START_ABSOLUTE}"' in _html_of(by_subject["Du er påmeldt Lederkonferansen 2030"])

    mail = by_subject["Velkommen som kulturskoleleder"]
    text = SmtpServer.text_of(mail).replace("\r\n", "\n")
    assert mail["To"] == "aile.sara@example.org"
    assert text.startswith("Hei Áile!\n\nVelkommen som kulturskoleleder! Du meldte deg på Lederkonferansen 2030")
    assert ("- Mal for medarbeidersamtale\n  http://samling.test/ressurser/mal-for-medarbeidersamtale\n"
            "\n- Sjekkliste for de første 100 dagene: Kort om den.\n"
            "  http://samling.test/ressurser/sjekkliste-for-de-forste-100-dagene\n") in text
    assert "Årshjul" not in text  # for everyone, not the start package
    assert "Hele startpakken: " + START_ABSOLUTE in text
    assert "- Møteplass for nye ledere\n  http://samling.test/series/nye-ledere\n" in text
    with app.app_context():
        unsubscribe = optout.url_for_address("aile.sara@example.org")
    assert "Meld deg av:\n" + unsubscribe in text and f'href="{unsubscribe}"' in _html_of(mail)
    assert mail["List-Unsubscribe"].strip() == f"<{unsubscribe}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Auto-Submitted"] == "auto-generated"


def test_an_experienced_leader_gets_no_start_package(app, forms, make, smtp):
    _library(app)
    event = make.event(title="Lederkonferansen 2030")
    response = forms.register(event.slug, valid_form(email="erfaren@example.org", years_as_leader="gt10"))
    manage_path(response)
    assert response.headers["Location"] == f"/events/{event.slug}/registered"
    page = forms.client.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count(f'href="{START}"') == 1 and "Ny som leder i kulturskolen?" not in page  # the footer's
    with app.app_context():
        assert outbox.deliver_due().sent == 1
    (mail,) = smtp.wait_for(1)
    assert "/ressurser" not in SmtpServer.text_of(mail) and "/ressurser" not in _html_of(mail)
    assert _welcomes(app) == []


def test_a_new_leader_on_the_waiting_list_is_welcomed_when_given_a_place(app, forms, make):
    event = make.event(capacity=1)
    manage_path(forms.register(event.slug, valid_form(email="first@example.org")))
    manage_path(forms.register(event.slug, valid_form(email="ny@example.org", years_as_leader="lt1")))
    assert _welcomes(app) == []  # on the waiting list: not yet
    with app.app_context(), transaction():
        first = db.session.scalar(select(Registration).where(Registration.email == "first@example.org"))
        registrations.cancel(first.id)  # the seat goes to the new leader
    assert [m.to_address for m in _welcomes(app)] == ["ny@example.org"]


def test_an_address_that_opted_out_is_not_welcomed(app, forms, make, smtp):
    event = make.event()
    with app.app_context(), transaction():
        optout.opt_out(optout.token_for("nei@example.org"))
    manage_path(forms.register(event.slug, valid_form(email="nei@example.org", years_as_leader="lt1")))
    with app.app_context():
        report = outbox.deliver_due()
    assert (report.sent, report.superseded) == (1, 1)
    assert [_subject(m) for m in smtp.wait_for(1)] == [f"Du er påmeldt {event.title}"]
    assert [m.status for m in _welcomes(app)] == [OutboxStatus.SUPERSEDED]


def test_queue_once_leaves_an_earlier_message_with_the_key_alone(app):
    with app.app_context(), transaction():
        first = outbox.queue(kind="x", to="a@example.org", subject="A", text="a", dedupe_key="k:1", once=True)
        again = outbox.queue(kind="x", to="a@example.org", subject="B", text="b", dedupe_key="k:1", once=True)
        assert first is not None and again is None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_the_new_leaders_series_links_to_the_start_package(app, client):
    with app.app_context(), transaction():
        series.create(series.SeriesDraft("Møteplass for nye ledere", "nye-ledere", SeriesKind.NEW_LEADERS), SYSTEM)
        series.create(series.SeriesDraft("Nettverk Nord", "nord", SeriesKind.REGIONAL_NETWORK), SYSTEM)
    assert client.get("/series/nye-ledere").get_data(as_text=True).count(f'href="{START}"') == 2  # and the footer
    assert client.get("/series/nord").get_data(as_text=True).count(f'href="{START}"') == 1
