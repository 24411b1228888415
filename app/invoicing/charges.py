"""What a registration owes now, as invoice lines (a STAND-IN: issue 17's price categories and add-ons replace
this file; only the signature `owed(registration) -> tuple[Line, ...]` is relied on by app/invoicing/service.py).

Here: the event's fee (`Event.fee_nok`, whole kroner) as one exempt line (course and conference fees are exempt
from VAT, merverdiavgiftsloven § 3-5), nothing for a cancelled or waitlisted registration or a free event.
"""
from __future__ import annotations

from decimal import Decimal

from app.invoicing.documents import Line
from app.models import Registration, RegistrationStatus

EXEMPTION_REASON = "Kurs og konferanse, unntatt etter merverdiavgiftsloven § 3-5"


def owed(registration: Registration) -> tuple[Line, ...]:
    fee = registration.event.fee_nok
    if registration.status != RegistrationStatus.CONFIRMED or not fee:
        return ()
    return (Line(f"{registration.event.title}, deltakeravgift", Decimal(1), fee * 100, "E", Decimal(0),
                 exemption_reason=EXEMPTION_REASON, note=registration.full_name),)
