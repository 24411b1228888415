"""The Fakturaer tab and the seller's details as an organiser uses them: what is shown, downloaded, queued and
stored, and bad input refused in Norwegian with nothing changed."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.audit.log import SYSTEM
from app.core import clock
from app.core.transaction import transaction
from app.extensions import db
from app.invoicing import service
from app.models import Event, EventRole, Invoice, InvoicePayment, InvoiceSeller, OutboxMessage, UserRole
from app.registration import service as registrations
from tests.clients import signed_in
from tests.factories import applicant
from tests.invoicing.issuing.conftest import KOMMUNE_ORG, SELLER_VALUES

NO_SUCH = "Fant ingen faktura"


@pytest.fixture
def billed(app, make, seller_details):
    """An event with two payers, invoiced: 2027-00001 (two people, 9 000 kr), 2027-00002 (one, 4 500 kr)."""
    event = make.event(fee_nok=4500, title="Lederkonferansen 2027", slug="lk27")
    with app.app_context():
        with transaction():
            for n, ref in ((1, "LK27-1"), (2, "LK27-1"), (3, "LK27-2")):
                registrations.register(event.id, applicant(n, invoice_org_number=KOMMUNE_ORG, invoice_reference=ref,
                                                           municipality_number="5610"))
        with transaction():
            service.issue_batch(db.session.get(Event, event.id), SYSTEM)
        db.session.remove()
    return event


@pytest.fixture
def admin(client, login, make):
    return signed_in(client, login, make.user(UserRole.ADMINISTRATOR).email)


def _invoice(number: str) -> Invoice:
    db.session.expire_all()
    return service.by_number(number)


def test_the_list_shows_each_document_with_payer_amount_and_status(app, admin, billed):
    html = admin.html("/admin/events/lk27/invoices")
    assert "2027-00001" in html and "2027-00002" in html
    assert "kr\u00a09\u00a0000,00" in html and "kr\u00a04\u00a0500,00" in html
    assert html.count(">Ubetalt<") == 2
    assert "Kárášjohka kommune" in html


def test_pdf_and_xml_download_at_the_contract_urls(app, admin, billed):
    pdf = admin.get("/admin/invoices/2027-00001.pdf")
    assert (pdf.status_code, pdf.mimetype, pdf.data[:5]) == (200, "application/pdf", b"%PDF-")
    xml = admin.get("/admin/invoices/2027-00001.xml")
    assert (xml.status_code, xml.mimetype) == (200, "application/xml")
    assert b"<cbc:ID>2027-00001</cbc:ID>" in xml.data
    assert admin.get("/admin/invoices/2027-99999.pdf").status_code == 404


def test_a_batch_zip_holds_the_pdf_and_xml_of_each_document(app, admin, billed):
    today = clock.oslo(clock.now()).date().isoformat()
    response = admin.get(f"/admin/events/lk27/invoices.zip?date={today}")
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert names == ["faktura-2027-00001.pdf", "faktura-2027-00001.xml", "faktura-2027-00002.pdf",
                     "faktura-2027-00002.xml"]


def test_the_batch_button_issues_what_is_owed_and_says_so(app, admin, billed):
    with app.app_context(), transaction():
        registrations.register(billed.id, applicant(4, invoice_org_number=KOMMUNE_ORG, invoice_reference="LK27-3",
                                                    municipality_number="5610"))
    response = admin.post("/admin/events/lk27/invoices/batch", follow_redirects=True)
    assert "1 dokument er laget." in response.get_data(as_text=True)
    response = admin.post("/admin/events/lk27/invoices/batch", follow_redirects=True)
    assert "Ingen nye fakturaer" in response.get_data(as_text=True)


def test_sending_queues_the_pdf_for_the_payers_invoice_address(app, admin, billed):
    response = admin.post("/admin/invoices/2027-00001/send", {"email": "faktura@karasjok.kommune.no"})
    assert response.status_code == 303
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "invoice.sent")).one()
        assert (message.to_address, message.subject) == ("faktura@karasjok.kommune.no",
                                                         "Faktura 2027-00001 fra Norsk kulturskoleråd")
        assert '"filename": "faktura-2027-00001.pdf"' in message.attachments
        assert "KID: 0000000018" in message.body_text
        assert _invoice("2027-00001").buyer_email == "faktura@karasjok.kommune.no"


def test_marking_paid_by_hand(app, admin, billed):
    assert admin.post("/admin/invoices/2027-00002/paid").status_code == 303
    with app.app_context():
        invoice = _invoice("2027-00002")
        assert (invoice.paid_amount, invoice.paid_at) == (450_000, clock.oslo(clock.now()).date())
    assert ">Betalt<" in admin.html("/admin/events/lk27/invoices")


def _import(admin, text: str):
    return admin.post("/admin/events/lk27/invoices/payments", content_type="multipart/form-data",
                      data={"file": (io.BytesIO(text.encode("utf-8")), "bank.csv")})


def test_a_payments_file_is_matched_by_kid_or_number_and_the_rest_is_shown(app, admin, billed):
    response = _import(admin, "KID;Beløp;Dato\n0000000018;9 000,00;15.01.2027\n2027-00002;4000,00;16.01.2027\n"
                              "999999;120,00;16.01.2027\n")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 betaling stemte med fakturaen." in html
    assert "Rad 3: kr\u00a04\u00a0000,00 til faktura 2027-00002, som hadde kr\u00a04\u00a0500,00 utestående." in html
    assert "Rad 4: «999999», kr\u00a0120,00, 16.01.2027 – ingen faktura" in html
    with app.app_context():
        assert (_invoice("2027-00001").paid_amount, _invoice("2027-00002").paid_amount) == (900_000, 400_000)
    again = _import(admin, "0000000018;9 000,00;15.01.2027\n").get_data(as_text=True)
    assert "Allerede registrert" in again
    with app.app_context():
        assert _invoice("2027-00001").paid_amount == 900_000


def test_a_payments_file_with_an_unreadable_row_is_refused_whole(app, admin, billed):
    response = _import(admin, "0000000018;9 000,00;15.01.2027\n2027-00002;fire tusen;16.01.2027\n")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Filen ble ikke importert – ingenting er lagret" in html
    assert "Rad 2: beløpet eller datoen kan ikke leses" in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(InvoicePayment)) == 0


def test_the_overdue_list_and_its_reminder(app, admin, billed):
    clock.set_now(clock.now() + timedelta(days=31))
    admin.post("/admin/invoices/2027-00001/send", {"email": "faktura@karasjok.kommune.no"})
    html = admin.html("/admin/events/lk27/invoices/overdue")
    assert "2 forfalte fakturaer" in html
    assert admin.post("/admin/invoices/2027-00001/remind").status_code == 303
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "invoice.reminder")).one()
        assert message.subject == "Purring: faktura 2027-00001 fra Norsk kulturskoleråd"
        assert "Utestående: kr\u00a09\u00a0000,00" in message.body_text
        assert _invoice("2027-00001").reminder_sent_at is not None


def test_the_accounting_export_has_one_row_per_line_with_account_and_vat_code(app, admin, billed):
    with app.app_context(), transaction():
        registrations.cancel(db.session.scalar(select(Invoice).where(Invoice.number == "2027-00002"))
                             .registrations[0].id, actor=SYSTEM)
    response = admin.get("/admin/events/lk27/invoices/accounting.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data[3:].decode()), delimiter=";"))
    assert rows[0][:2] == ["Nummer", "Type"] and rows[0][-2:] == ["Konto", "Mva-kode"]
    assert [(r[0], r[1], r[8], r[10], r[11], r[13], r[14]) for r in rows[1:]] == [
        ("2027-00001", "Faktura", "Deltaker1 Nordmann", "4500,00", "E", "3100", "6"),
        ("2027-00001", "Faktura", "Deltaker2 Nordmann", "4500,00", "E", "3100", "6"),
        ("2027-00002", "Faktura", "Deltaker3 Nordmann", "4500,00", "E", "3100", "6"),
        ("2027-00003", "Kreditnota", "Deltaker3 Nordmann", "-4500,00", "E", "3100", "6")]
    book = load_workbook(io.BytesIO(admin.get("/admin/events/lk27/invoices/accounting.xlsx").data))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert [(v[0], float(v[10])) for v in values[1:]] == [("2027-00001", 4500.0), ("2027-00001", 4500.0),
                                                         ("2027-00002", 4500.0), ("2027-00003", -4500.0)]


def test_seller_details_are_checked_and_nothing_is_stored_when_refused(app, admin, make):
    page = admin.html("/admin/invoicing/seller")
    assert "E;0;3100;6" in page  # the default accounts
    bad = {**SELLER_VALUES, "org_number": "974 760 674", "bank_account": "1234 56 78901",
           "foretaksregisteret": "y", "mva_registered": "y", "kid_enabled": "y"}
    response = admin.post("/admin/invoicing/seller", bad)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)." in html
    assert "Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke)." in html
    with app.app_context():
        assert db.session.get(InvoiceSeller, 1) is None
    good = {**bad, "org_number": "974 760 673", "bank_account": "NO93 8601 1117 947"}
    assert admin.post("/admin/invoicing/seller", good).status_code == 303
    with app.app_context():
        stored = db.session.get(InvoiceSeller, 1)
        assert (stored.org_number, stored.bank_account, stored.foretaksregisteret) == ("974760673", "NO9386011117947",
                                                                                     True)


def test_lesetilgang_sees_and_downloads_but_changes_nothing(app, client, login, make, billed):
    viewer = signed_in(client, login, make.user(EventRole.VIEWER, events=[billed]).email)
    html = viewer.html("/admin/events/lk27/invoices")
    assert "2027-00001" in html and "Lag fakturaer nå" not in html and "Marker som betalt" not in html
    assert viewer.get("/admin/invoices/2027-00001.pdf").status_code == 200
    assert viewer.post("/admin/invoices/2027-00001/paid").status_code == 403
    assert viewer.post("/admin/events/lk27/invoices/batch").status_code == 403


def test_a_credited_invoice_cannot_be_marked_paid(app, admin, billed):
    with app.app_context(), transaction():
        registrations.cancel(service.by_number("2027-00002").registrations[0].id, actor=SYSTEM)
    response = admin.post("/admin/invoices/2027-00002/paid", follow_redirects=True)
    assert "Fakturaen har ikke noe utestående å betale (betalt, kreditert eller en kreditnota)." in \
        response.get_data(as_text=True)
    with app.app_context():
        assert _invoice("2027-00002").paid_amount == 0
    assert ">Kreditert<" in admin.html("/admin/events/lk27/invoices")


def test_the_list_links_a_credit_note_and_the_invoice_it_credits_without_a_query_per_row(app, admin, billed):
    from tests.conftest import count_queries

    def cancel_one_of(number: str) -> None:
        with app.app_context(), transaction():
            registrations.cancel(db.session.scalar(select(Invoice).where(Invoice.number == number))
                                 .registrations[0].id, actor=SYSTEM)

    def rows_of(html: str) -> dict[str, str]:
        return {number: re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip().replace("\u00a0", " ")
                for number, row in re.findall(r'<tr>\s*<th scope="row"><a [^>]*>([0-9-]+)</a>(.*?)</tr>', html, re.S)}

    cancel_one_of("2027-00002")  # 2027-00003 credits it; nothing is owed any more
    with count_queries(app) as three:
        rows = rows_of(admin.html("/admin/events/lk27/invoices"))
    assert "Kreditert med 2027-00003" in rows["2027-00002"]
    assert "Kreditnota for 2027-00002" in rows["2027-00003"]
    assert "−kr 4 500,00 – Kreditnota" in rows["2027-00003"]  # no due day on a credit note
    assert "Ubetalt" in rows["2027-00001"] and "med 2027" not in rows["2027-00001"]
    cancel_one_of("2027-00001")  # 2027-00004 credits it, 2027-00005 bills the one left
    with count_queries(app) as five:
        rows = rows_of(admin.html("/admin/events/lk27/invoices"))
    assert "Kreditnota for 2027-00001" in rows["2027-00004"] and "Ubetalt" in rows["2027-00005"]
    assert len(five) == len(three)


def test_the_import_names_each_matched_payment(app, admin, billed):
    html = _import(admin, "0000000018;9 000,00;15.01.2027\n").get_data(as_text=True)
    assert ("Rad 1: kr\u00a09\u00a0000,00 til faktura 2027-00001 fra Kárášjohka kommune – betalt." in html)
