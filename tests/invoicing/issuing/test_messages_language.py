"""The invoicing domain's messages are bokmål by default and English with the English locale: an invalid
organisation number (MOD11) on the seller's form, and a payer the rules refuse when the batch is issued."""
from __future__ import annotations

import pytest

from app.core.transaction import transaction
from app.models import UserRole
from app.registration import service as registrations
from tests.clients import signed_in
from tests.factories import applicant
from tests.invoicing.issuing.conftest import SELLER_VALUES

BAD_ORG = {**SELLER_VALUES, "org_number": "974 760 674", "kid_enabled": "y"}  # the check digit is 3


@pytest.fixture
def admin(client, login, make):
    return signed_in(client, login, make.user(UserRole.ADMINISTRATOR).email)


def test_an_invalid_org_number_is_refused_in_norwegian_by_default(admin):
    response = admin.post("/admin/invoicing/seller", BAD_ORG)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)." in html
    assert "The organisation number is not valid" not in html


def test_an_invalid_org_number_is_refused_in_english_with_the_english_locale(admin):
    response = admin.post("/admin/invoicing/seller?lang=en", BAD_ORG)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The organisation number is not valid (the check digit does not match)." in html
    assert "kontrollsifferet stemmer ikke" not in html


def test_a_refused_batch_names_the_problem_in_the_readers_language(app, admin, make, seller_details):
    event = make.event(fee_nok=1000, slug="lk27")
    with app.app_context(), transaction():
        registrations.register(event.id, applicant(1, invoice_org_number="123456789", invoice_reference="R",
                                                   municipality_number="5610"))
    norwegian = admin.post("/admin/events/lk27/invoices/batch").get_data(as_text=True)
    assert "123 456 789 / R: Betalerens organisasjonsnummer er ikke gyldig (9 sifre med riktig kontrollsiffer)." in norwegian
    english = admin.post("/admin/events/lk27/invoices/batch?lang=en").get_data(as_text=True)
    assert "123 456 789 / R: The payer&#39;s organisation number is not valid (9 digits with the right check digit)." in english
