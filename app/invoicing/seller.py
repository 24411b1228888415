"""The seller's details (one row, kept by an administrator) as the `documents.Seller` every invoice carries,
and the accounting export's mapping of VAT groups to account and VAT code."""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _

from app.audit.log import Actor, diff, record, snapshot
from app.extensions import db
from app.invoicing import InvoicingError, identifiers, money
from app.invoicing.documents import Address, Seller
from app.models import InvoiceSeller

SELLER_ID = 1
FIELDS = ("name", "org_number", "foretaksregisteret", "mva_registered", "street", "postcode", "city",
          "bank_account", "payment_terms_days", "invoice_email", "kid_enabled", "number_prefix", "accounts",
          "refund_account")
DEFAULT_ACCOUNTS = "E;0;3100;6\nS;25;3000;3\nS;15;3020;31\nS;12;3030;33\nZ;0;3200;5\nO;0;3900;7"
DEFAULT_REFUND_ACCOUNT = "1500"  # kundefordringer: the refund row of the accounting export
KID_LENGTH = 10  # the sequence number, zero-padded to 9 digits, and a MOD10 check digit


class NotConfigured(InvoicingError):
    def __init__(self) -> None:
        super().__init__(_("Selgeropplysningene er ikke fylt ut ennå (Fakturering i administrasjonen)."))


@dataclass(frozen=True)
class Account:
    account: str
    vat_code: str


def row() -> InvoiceSeller | None:
    return db.session.get(InvoiceSeller, SELLER_ID)


def current() -> tuple[InvoiceSeller, Seller]:
    """The row and the Seller it makes; NotConfigured when nobody has filled it in."""
    found = row()
    if found is None:
        raise NotConfigured()
    return found, Seller(name=found.name, org_number=found.org_number, foretaksregisteret=found.foretaksregisteret,
                         mva_registered=found.mva_registered, address=Address(found.street, found.postcode, found.city),
                         bank_account=found.bank_account, payment_terms_days=found.payment_terms_days,
                         invoice_email=found.invoice_email)


def parse_accounts(text: str) -> dict[tuple[str, Decimal], Account]:
    """"E;0;3100;6" lines → {(category, rate): Account}; every bad line named, in bokmål."""
    found, problems = {}, []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 4 or parts[0] not in ("S", "Z", "E", "O") or not all(parts[2:]):
            problems.append(_("Linje %(n)d i kontoplanen må se slik ut: kategori;sats;konto;mva-kode "
                              "(for eksempel E;0;3100;6).", n=number))
            continue
        try:
            rate = money.as_rate(parts[1])
        except InvoicingError as error:
            problems.append(_("Linje %(n)d i kontoplanen: %(problem)s", n=number, problem=error))
            continue
        found[(parts[0], rate.normalize())] = Account(parts[2], parts[3])
    if problems:
        raise InvoicingError(*problems)
    return found


def clean(values: dict) -> dict:
    """The form's values checked and normalised (org number MOD11, bank account, KID prefix), or every problem."""
    problems, out = [], dict(values)
    for key, parse in (("org_number", identifiers.org_number), ("bank_account", identifiers.bank_account)):
        try:
            out[key] = parse(values.get(key, ""))
        except InvoicingError as error:
            problems.extend(error.problems)
    if not re.fullmatch(r"[0-9]{4}", values.get("postcode") or ""):
        problems.append(_("Postnummeret må ha fire sifre."))
    out["refund_account"] = (values.get("refund_account") or "").strip() or DEFAULT_REFUND_ACCOUNT
    if not re.fullmatch(r"[0-9]{1,10}", out["refund_account"]):
        problems.append(_("Kontoen for tilbakebetalinger må være et kontonummer på høyst 10 sifre."))
    if not re.fullmatch(r"[A-Za-z0-9\-]{0,12}", values.get("number_prefix") or ""):
        problems.append(_("Prefikset for fakturanummer kan ha høyst 12 bokstaver, sifre og bindestreker."))
    try:
        parse_accounts(values.get("accounts", ""))
    except InvoicingError as error:
        problems.extend(error.problems)
    if problems:
        raise InvoicingError(*problems)
    return out


def save(values: dict, actor: Actor) -> InvoiceSeller:
    """Store the seller's details (all or nothing). Invoices already issued keep the details they were issued with."""
    values = clean(values)
    found = row()
    before = snapshot(found, FIELDS) if found else {}
    if found is None:
        found = InvoiceSeller(id=SELLER_ID)
        db.session.add(found)
    for key in FIELDS:
        setattr(found, key, values[key])
    db.session.flush()
    record(actor, "invoice_seller", SELLER_ID, "update" if before else "create", diff(before, snapshot(found, FIELDS)))
    return found
