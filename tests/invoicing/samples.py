"""The seller, a kommune and lines the invoicing tests build their documents from."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.invoicing.documents import Address, Buyer, CreditNote, Invoice, Line, Seller

EXEMPT_REASON = "Kurs og undervisning, merverdiavgiftsloven § 3-5"

SELLER = Seller(name="Norsk kulturskoleråd", org_number="974760673", foretaksregisteret=True, mva_registered=True,
                address=Address("Postboks 4", "7491", "Trondheim"), bank_account="86011117947",
                payment_terms_days=30, invoice_email="faktura@kulturskoleradet.no", contact_name="Økonomi")
BUYER = Buyer(name="Kárášjoga gielda / Karasjok kommune", org_number="964830533",
              address=Address("Postboks 84", "9735", "Karasjok"), reference="LK27-4411",
              contact_name="Ánne Čáhppes", email="postmottak@karasjok.kommune.no")
FEE = Line("Lederkonferansen 2027, deltakeravgift", Decimal(1), 450000, "E", Decimal(0),
           exemption_reason=EXEMPT_REASON, period_start=date(2027, 2, 3), period_end=date(2027, 2, 4))


def invoice(**changes) -> Invoice:
    values = {"number": "2027-00001", "issue_date": date(2026, 12, 2), "seller": SELLER, "buyer": BUYER,
              "lines": (FEE,)}
    values.update(changes)
    return Invoice(**values)


HOTEL = Line("Hotellnatt, enkeltrom", Decimal(1), 149000, "S", Decimal(12), unit="DAY",
             period_start=date(2027, 2, 3), period_end=date(2027, 2, 4))
DINNER = Line("Konferansemiddag", Decimal(1), 79000, "S", Decimal(25))


def credit_note(**changes) -> CreditNote:
    values = {"number": "2027-00002", "issue_date": date(2027, 1, 20), "seller": SELLER, "buyer": BUYER,
              "lines": (FEE,), "credited_number": "2027-00001", "credited_issue_date": date(2026, 12, 2)}
    values.update(changes)
    return CreditNote(**values)
