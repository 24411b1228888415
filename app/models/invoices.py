"""Invoices and credit notes as issued (never changed), their payments, the seller's details and the number
series. The issued document itself is kept as frozen JSON (`document`), so its PDF and EHF XML can be made again
byte for byte; the columns beside it are what lists, matching and reminders search by."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class InvoiceKind(enum.StrEnum):
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"


class InvoicingMode(enum.StrEnum):
    AT_REGISTRATION = "registration"  # each payer's invoice as soon as a registration owes something
    BATCH = "batch"  # one batch after the registration deadline, issued by an organiser


class InvoiceSeller(db.Model):
    """The seller's details on every invoice: one row (id 1), kept by an administrator."""

    __tablename__ = "invoice_seller"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(OneLine(160))
    org_number: Mapped[str] = mapped_column(String(9))
    foretaksregisteret: Mapped[bool] = mapped_column(default=False)
    mva_registered: Mapped[bool] = mapped_column(default=False)
    street: Mapped[str] = mapped_column(OneLine(160), default="")
    postcode: Mapped[str] = mapped_column(String(4), default="")
    city: Mapped[str] = mapped_column(OneLine(80), default="")
    bank_account: Mapped[str] = mapped_column(String(34))
    payment_terms_days: Mapped[int] = mapped_column(Integer, default=30)
    invoice_email: Mapped[str] = mapped_column(String(254), default="")
    kid_enabled: Mapped[bool] = mapped_column(default=True)
    number_prefix: Mapped[str] = mapped_column(String(20), default="")
    # The accounting export's mapping: one line per VAT group, "category;rate;account;VAT code" (E;0;3100;6).
    accounts: Mapped[str] = mapped_column(Text, default="")
    refund_account: Mapped[str] = mapped_column(String(10), default="1500", server_default="1500")  # refunds' rows
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)


class InvoiceSeries(db.Model):
    """The one number series: the last number taken, read under a row lock by whoever issues the next."""

    __tablename__ = "invoice_series"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class EventInvoicing(db.Model):
    """An event's choice of when its invoices are issued (none: in a batch)."""

    __tablename__ = "event_invoicing"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    mode: Mapped[InvoicingMode] = mapped_column(str_enum(InvoicingMode, 16), default=InvoicingMode.BATCH)


invoice_registrations = Table(
    "invoice_registrations", db.metadata,
    Column("invoice_id", ForeignKey("invoices.id", ondelete="CASCADE"), primary_key=True),
    Column("registration_id", ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Invoice(db.Model):
    __tablename__ = "invoices"
    __table_args__ = (Index("ix_invoices_payer", "event_id", "payer_org_number", "buyer_reference"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    kind: Mapped[InvoiceKind] = mapped_column(str_enum(InvoiceKind, 16))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    payer_org_number: Mapped[str] = mapped_column(String(9))
    buyer_reference: Mapped[str] = mapped_column(OneLine(100))
    buyer_name: Mapped[str] = mapped_column(OneLine(160))
    buyer_email: Mapped[str] = mapped_column(String(254), default="")
    issue_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date] = mapped_column(Date)
    kid: Mapped[str] = mapped_column(String(25), default="", index=True)
    total_net: Mapped[int] = mapped_column(Integer)  # øre
    total_vat: Mapped[int] = mapped_column(Integer)
    total_payable: Mapped[int] = mapped_column(Integer)  # the invoice total with VAT (BT-112), before any prepaid
    document: Mapped[str] = mapped_column(Text)  # app.invoicing.stored: the frozen document, as JSON
    credited_invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoices.id"), unique=True)
    paid_amount: Mapped[int] = mapped_column(Integer, default=0)
    paid_at: Mapped[date | None] = mapped_column(Date)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminder_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    event = relationship("Event")
    credited: Mapped[Invoice | None] = relationship(remote_side=[id], foreign_keys=[credited_invoice_id],
                                                    back_populates="credit_note")
    credit_note: Mapped[Invoice | None] = relationship(foreign_keys=[credited_invoice_id], back_populates="credited",
                                                       uselist=False)
    registrations = relationship("Registration", secondary=invoice_registrations, order_by="Registration.id")
    payments: Mapped[list[InvoicePayment]] = relationship(back_populates="invoice", order_by="InvoicePayment.id",
                                                          cascade="all, delete-orphan")
    refunds: Mapped[list[InvoiceRefund]] = relationship(back_populates="credit_note", order_by="InvoiceRefund.id",
                                                        cascade="all, delete-orphan")

    @property
    def is_credit_note(self) -> bool:
        return self.kind == InvoiceKind.CREDIT_NOTE

    @property
    def outstanding(self) -> int:
        """What is left to pay: the total less every payment, those carried from a credited invoice (the document's
        prepaid amount, BT-113) included."""
        return self.total_payable - self.paid_amount


class InvoicePayment(db.Model):
    """A payment to an invoice: marked by hand or matched from an imported bank or ledger file."""

    __tablename__ = "invoice_payments"
    __table_args__ = (UniqueConstraint("invoice_id", "amount", "paid_on", "source"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    amount: Mapped[int] = mapped_column(Integer)  # øre
    paid_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))  # "manual", "import", or "carried" (from a credited invoice)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    invoice: Mapped[Invoice] = relationship(back_populates="payments")


class InvoiceRefund(db.Model):
    """Money to pay back to a payer: what they had paid on an invoice that a credit note cancelled, beyond what
    the invoice issued in its place bills, or a payment that came in to it later (app.invoicing.refunds).
    Recorded against that credit note; marked refunded (with the date) by an arrangør."""

    __tablename__ = "invoice_refunds"

    id: Mapped[int] = mapped_column(primary_key=True)
    credit_note_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)  # øre, > 0
    refunded_on: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    credit_note: Mapped[Invoice] = relationship(back_populates="refunds")
