"""Organisation numbers (MOD11), bank accounts, KID (MOD10 and MOD11) and invoice numbers."""
from __future__ import annotations

import pytest

from app.invoicing import InvoicingError
from app.invoicing.identifiers import (
    bank_account,
    format_bank_account,
    format_org_number,
    invoice_number,
    is_bban,
    is_iban,
    is_kid,
    is_org_number,
    make_kid,
    org_number,
    vat_number,
)


@pytest.mark.parametrize("number", ["974760673", "964830533", "923609016", "991825827"])
def test_valid_org_numbers(number):
    assert is_org_number(number)


@pytest.mark.parametrize("number", ["974760672", "974760674", "123456789", "97476067", "9747606730", "97476067a", ""])
def test_invalid_org_numbers(number):
    assert not is_org_number(number)


def test_org_number_as_typed():
    assert org_number("974 760 673") == "974760673"
    assert org_number("NO 974760673 MVA") == "974760673"
    assert org_number("974.760.673") == "974760673"
    assert vat_number("974760673") == "NO974760673MVA"
    assert format_org_number("974760673") == "974 760 673"


@pytest.mark.parametrize(("typed", "message"), [
    ("", "Skriv inn organisasjonsnummeret (9 sifre)."),
    ("97476067", "Organisasjonsnummeret må ha 9 sifre."),
    ("974760672", "Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
])
def test_org_number_refused_in_norwegian(typed, message):
    with pytest.raises(InvoicingError) as refused:
        org_number(typed)
    assert refused.value.problems == (message,)


def test_an_org_number_whose_check_digit_would_be_ten_is_never_valid():
    # 00000104: 1·4 + 0·3 + 4·2 = 12, remainder 1, check digit 11 − 1 = 10: no ninth digit makes it valid
    assert not any(is_org_number(f"00000104{d}") for d in "0123456789")


def test_bank_accounts():
    assert is_bban("86011117947")
    assert not is_bban("86011117948")
    assert is_iban("NO9386011117947")
    assert not is_iban("NO9486011117947")
    assert bank_account("8601 11 17947") == "86011117947"
    assert bank_account("no93 8601 1117 947") == "NO9386011117947"
    assert format_bank_account("86011117947") == "8601 11 17947"
    assert format_bank_account("NO9386011117947") == "NO93 8601 1117 947"
    with pytest.raises(InvoicingError) as refused:
        bank_account("8601 11 17948")
    assert refused.value.problems == ("Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke).",)


def test_kid_mod10_luhn():
    assert make_kid(7992739871, method="mod10") == "79927398713"  # the textbook Luhn example
    assert make_kid(42, length=8) == "00000422"
    assert is_kid("79927398713")
    assert not is_kid("79927398710")
    assert not is_kid("1")  # a KID has 2–25 digits


def test_kid_mod11():
    assert make_kid(1234567890, method="mod11") == "12345678903"
    assert is_kid("12345678903", "mod11")
    assert not is_kid("12345678904", "mod11")
    assert make_kid(1, length=4, method="mod11") == "0019"
    # remainder 1 gives the check "-", as the banks' KID specification allows
    assert make_kid(6, method="mod11") == "6-"  # 6·2 = 12 → remainder 1
    assert is_kid("6-", "mod11")
    with pytest.raises(InvoicingError) as refused:
        make_kid(123456, length=5)
    assert refused.value.problems == ("Tallet er for langt for KID-lengden.",)


def test_invoice_numbers():
    assert invoice_number(42, prefix="2027-") == "2027-00042"
    assert invoice_number(7) == "00007"
    assert invoice_number(123456, width=5) == "123456"
    with pytest.raises(InvoicingError):
        invoice_number(0)
    with pytest.raises(InvoicingError):
        invoice_number(1, prefix="LK 27")
