"""The invoice and the credit note as frozen values: what the EHF XML and the PDF are made from.

`check(document)` refuses, with every problem in bokmål, what must not become an invoice: a bad organisation
number, a missing buyer reference, a payer outside Norway, a VAT category the seller cannot use. `ehf.to_xml`
and `pdf.render` call it before they make anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property

from flask_babel import gettext as _

from app.invoicing import InvoicingError, identifiers, money

CATEGORIES = {"S": "Standard sats", "Z": "Nullsats", "E": "Fritatt for mva.", "O": "Utenfor mva.-området"}


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str
    country: str = "NO"
    additional: str = ""


@dataclass(frozen=True)
class Seller:
    name: str
    org_number: str
    foretaksregisteret: bool
    mva_registered: bool
    address: Address
    bank_account: str  # BBAN (11 digits) or IBAN, normalised by identifiers.bank_account
    payment_terms_days: int
    invoice_email: str
    contact_name: str = ""
    phone: str = ""


@dataclass(frozen=True)
class Buyer:
    """The payer: a kommune (or another Norwegian organisation); its org number is its PEPPOL address (0192)."""
    name: str
    org_number: str
    address: Address
    reference: str  # BuyerReference (BT-10): the reference the person gave
    contact_name: str = ""
    email: str = ""


@dataclass(frozen=True)
class Line:
    description: str
    quantity: Decimal
    unit_price: int  # øre, without VAT
    vat_category: str  # S, Z, E or O
    vat_rate: Decimal
    exemption_reason: str | None = None  # required for E
    unit: str = "EA"  # UN/ECE rec. 20: EA each, DAY a day/night
    period_start: date | None = None
    period_end: date | None = None
    note: str = ""

    @property
    def net(self) -> int:
        return money.line_net(Decimal(self.quantity), self.unit_price)

    @property
    def priced(self) -> money.PricedLine:
        return money.PricedLine(self.net, self.vat_category, Decimal(self.vat_rate), self.exemption_reason)


@dataclass(frozen=True, kw_only=True)
class Invoice:
    number: str
    issue_date: date
    seller: Seller
    buyer: Buyer
    lines: tuple[Line, ...]
    due_date: date | None = None  # default: issue date + the seller's payment terms
    currency: str = "NOK"
    order_reference: str = ""  # BT-13, the buyer's order number if any
    delivery_date: date | None = None  # when the conference took place (BT-72)
    kid: str = ""
    note: str = ""
    prepaid: int = 0  # øre already paid (BT-113): what was paid on the invoice this one replaces
    prepaid_invoice: str = ""  # the number of that invoice

    kind = "invoice"
    type_code = "380"

    @property
    def due(self) -> date:
        return self.due_date or self.issue_date + timedelta(days=self.seller.payment_terms_days)

    @cached_property
    def totals(self) -> money.Totals:
        return money.totals((line.priced for line in self.lines), prepaid=self.prepaid)


@dataclass(frozen=True, kw_only=True)
class CreditNote(Invoice):
    credited_number: str = field(default="")
    credited_issue_date: date | None = None

    kind = "credit_note"
    type_code = "381"


def problems(doc: Invoice) -> list[str]:
    """Every reason `doc` must not be issued, in bokmål; empty when it may."""
    found: list[str] = []
    seller, buyer = doc.seller, doc.buyer
    if not identifiers.is_org_number(seller.org_number):
        found.append(_("Selgerens organisasjonsnummer er ikke gyldig."))
    if not identifiers.is_org_number(buyer.org_number):
        found.append(_("Betalerens organisasjonsnummer er ikke gyldig (9 sifre med riktig kontrollsiffer)."))
    if not buyer.reference.strip():
        found.append(_("Fakturaen mangler betalerens referanse (bestillerreferanse)."))
    if buyer.address.country != "NO" or seller.address.country != "NO":
        found.append(_("Betaleren og selgeren må ha adresse i Norge."))
    if not buyer.name.strip() or not seller.name.strip():
        found.append(_("Fakturaen mangler navn på selger eller betaler."))
    if not (identifiers.is_bban(seller.bank_account) or identifiers.is_iban(seller.bank_account)):
        found.append(_("Selgerens kontonummer er ikke gyldig."))
    if doc.currency != "NOK":
        found.append(_("Fakturaer lages bare i norske kroner."))
    if doc.kid and not (identifiers.is_kid(doc.kid, "mod10") or identifiers.is_kid(doc.kid, "mod11")):
        found.append(_("KID-nummeret har feil kontrollsiffer."))
    if doc.due < doc.issue_date:
        found.append(_("Forfallsdatoen kan ikke være før fakturadatoen."))
    if isinstance(doc, CreditNote) and not (doc.credited_number and doc.credited_issue_date):
        found.append(_("Kreditnotaen må vise til fakturaen den krediterer (nummer og dato)."))
    if not doc.lines:
        found.append(_("Fakturaen har ingen linjer."))
    found.extend(_line_problems(doc))
    return list(dict.fromkeys(found))


def _line_problems(doc: Invoice) -> list[str]:
    found = []
    categories = {line.vat_category for line in doc.lines}
    for line in doc.lines:
        rate = Decimal(line.vat_rate)
        if not line.description.strip():
            found.append(_("Hver fakturalinje må ha en beskrivelse."))
        if Decimal(line.quantity) <= 0 or line.unit_price < 0:
            found.append(_("Antall må være større enn null og prisen kan ikke være negativ."))
        if line.vat_category not in CATEGORIES:
            found.append(_("Ukjent momskategori (bruk S, Z, E eller O)."))
        elif line.vat_category == "S" and rate <= 0:
            found.append(_("En linje med standard sats (S) må ha en momssats over null."))
        elif line.vat_category != "S" and rate != 0:
            found.append(_("Linjer med nullsats, fritak eller utenfor mva.-området har sats 0."))
        if line.vat_category == "E" and not (line.exemption_reason or "").strip():
            found.append(_("En momsfritatt linje (E) må ha fritaksgrunnen."))
        if line.period_start and line.period_end and line.period_end < line.period_start:
            found.append(_("En linjes periode slutter før den begynner."))
    if "O" in categories and len(categories) > 1:
        found.append(_("Linjer utenfor mva.-området (O) kan ikke stå på samme faktura som andre momskategorier."))
    if "O" in categories and doc.seller.mva_registered:
        found.append(_("En mva.-registrert selger kan ikke fakturere utenfor mva.-området (O)."))
    if categories & {"S", "Z"} and not doc.seller.mva_registered:
        found.append(_("Bare en mva.-registrert selger kan beregne moms (S eller Z)."))
    if "E" in categories and not (doc.seller.mva_registered or doc.seller.foretaksregisteret):
        found.append(_("Momsfritatte linjer (E) krever at selgeren er mva.-registrert eller i Foretaksregisteret."))
    try:
        doc.totals  # noqa: B018 (the E lines of one rate must share their reason)
    except InvoicingError as error:
        found.extend(error.problems)
    return found


def check(doc: Invoice) -> None:
    """Refuse `doc` with every problem (InvoicingError) before any XML or PDF is made."""
    found = problems(doc)
    if found:
        raise InvoicingError(*found)
