"""Issuing a batch of 300 invoices: each one's EHF XML and PDF, as the batch after the registration deadline
makes them (no database: the documents are values; reading the registrations is the registration bench's).

- "300 invoices, XML + PDF": one pass over the batch (300 invoices of 1–5 participants with a dinner and hotel
  nights: E, 12 % and 25 % lines), the sum of the 300; goal: < 30 s of CPU for the batch (one pass, not a median:
  a batch takes tens of seconds; CPU, because the wall clock of this shared machine depends on its load);
- per invoice: median and p95 over those 300, and the XML alone per invoice, for information.
CPU ms/req is this process's CPU: for the batch row the whole batch, for the others one invoice.
"""
from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from app.invoicing import ehf, identifiers, pdf
from app.invoicing.documents import Address, Buyer, Invoice, Line, Seller
from benchmarks.harness import Env, Result, Stats

N = 300
GOAL_CPU_MS = 30_000  # 100 ms of CPU per invoice; wall-clock time depends on what else the machine runs
SELLER = Seller(name="Norsk kulturskoleråd", org_number="974760673", foretaksregisteret=True, mva_registered=True,
                address=Address("Postboks 4", "7491", "Trondheim"), bank_account="86011117947",
                payment_terms_days=30, invoice_email="faktura@kulturskoleradet.no")
FEE = Line("Lederkonferansen 2027, deltakeravgift", Decimal(1), 450000, "E", Decimal(0),
           exemption_reason="Kurs og undervisning, merverdiavgiftsloven § 3-5")
HOTEL = Line("Hotellnatt", Decimal(1), 149000, "S", Decimal(12), unit="DAY",
             period_start=date(2027, 2, 3), period_end=date(2027, 2, 4))
DINNER = Line("Konferansemiddag", Decimal(1), 79000, "S", Decimal(25))


def _org_number(i: int) -> str:
    """The i-th valid organisation number from 940 000 000 on (a made-up kommune's)."""
    n = 94_000_000 + i * 7
    while True:
        candidate = f"{n:08d}"
        for d in "0123456789":
            if identifiers.is_org_number(candidate + d):
                return candidate + d
        n += 1


def batch() -> list[Invoice]:
    invoices = []
    for i in range(N):
        people = 1 + i % 5
        lines = []
        for p in range(people):
            name = f"Deltaker {p + 1} fra Kommune {i + 1}"
            lines += [replace(FEE, note=name), replace(DINNER, note=name),
                      replace(HOTEL, note=name, quantity=Decimal(1 + p % 2))]
        buyer = Buyer(name=f"Kommune {i + 1}", org_number=_org_number(i),
                      address=Address(f"Rådhusgata {i + 1}", f"{1000 + i:04d}", "Bygda"), reference=f"LK27-{i:04d}")
        invoices.append(Invoice(number=identifiers.invoice_number(i + 1, prefix="2027-"),
                                issue_date=date(2026, 12, 2) + timedelta(days=i % 3), seller=SELLER, buyer=buyer,
                                lines=tuple(lines), kid=identifiers.make_kid(i + 1, length=9)))
    return invoices


def _issue(doc: Invoice) -> int:
    return len(ehf.to_xml(doc)) + len(pdf.render(doc))


def _one_pass(invoices: list[Invoice], make) -> tuple[Stats, Stats, int]:
    """Time each invoice of one pass over the batch: (per invoice, the whole batch as one sample, bytes)."""
    durations, cpu, size = [], [], 0
    for doc in invoices:
        start, start_cpu = time.perf_counter(), time.process_time()
        size += make(doc)
        durations.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    whole = Stats(sum(durations) * 1000, sum(durations) * 1000, 1, sum(cpu) * 1000)
    return Stats.of(durations, cpu), whole, size


def run(env: Env) -> list[Result]:
    invoices = batch()
    for doc in invoices[:5]:
        _issue(doc)  # warm-up: fonts registered, modules imported
    each, whole, size = _one_pass(invoices, _issue)
    xml_each, xml_whole, _ = _one_pass(invoices, lambda doc: len(ehf.to_xml(doc)))
    return [
        Result(f"{N} invoices issued, EHF XML + PDF (one batch)", whole, goal=f"CPU < {GOAL_CPU_MS / 1000:g} s",
               met=whole.cpu_ms < GOAL_CPU_MS,
               note=f"one pass; {size / N / 1024:.0f} KiB XML + PDF per invoice, 3–15 lines each"),
        Result("one invoice of that batch, EHF XML + PDF", each, note=f"median and p95 over the {N}"),
        Result("one invoice, EHF XML alone", xml_each, note=f"{N} in {xml_whole.median_ms:.0f} ms"),
    ]
