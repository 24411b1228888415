"""Prices of an event: the price categories a participant may register under, the add-ons with their own
quota (the conference dinner, hotel nights, excursions), and what each registration chose, frozen at the
moment it was chosen (a later price change is for new registrations only).

Money is integer øre; a VAT rate is kept in hundredths of a percent (2500 = 25 %) so it stays an integer too.
"""
from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class PriceAudience(enum.StrEnum):
    """Who a price category is for: everyone, or only people from a member / non-member kommune."""

    EVERYONE = "everyone"
    MEMBER = "member"
    NON_MEMBER = "non_member"


class AddOnKind(enum.StrEnum):
    DINNER = "dinner"
    HOTEL_NIGHT = "hotel_night"
    EXCURSION = "excursion"
    OTHER = "other"


class Vat:
    """The VAT columns a priced thing carries: category S/Z/E/O, rate, and the exemption reason for E."""

    vat_category: Mapped[str] = mapped_column(String(1), default="E")
    vat_rate_bp: Mapped[int] = mapped_column(Integer, default=0)  # hundredths of a percent
    exemption_reason: Mapped[str] = mapped_column(OneLine(200), default="")

    @property
    def vat_rate(self) -> Decimal:
        return Decimal(self.vat_rate_bp) / 100


class PriceCategory(Vat, db.Model):
    __tablename__ = "price_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(OneLine(120))
    amount_ore: Mapped[int] = mapped_column(Integer, default=0)
    audience: Mapped[PriceAudience] = mapped_column(str_enum(PriceAudience), default=PriceAudience.EVERYONE)
    valid_until: Mapped[date | None] = mapped_column(Date)  # early bird: the last Oslo day it applies
    day: Mapped[date | None] = mapped_column(Date)  # a one-day ticket: the Oslo day it is for
    access_code: Mapped[str] = mapped_column(String(64), default="")  # shown only to whoever types it
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    event = relationship("Event")

    @property
    def is_free(self) -> bool:
        return self.amount_ore == 0


class AddOn(Vat, db.Model):
    """Something extra with its own quota. A hotel night is one add-on per night (`night`), each with its rooms."""

    __tablename__ = "add_ons"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(OneLine(120))
    kind: Mapped[AddOnKind] = mapped_column(str_enum(AddOnKind), default=AddOnKind.OTHER)
    unit_price_ore: Mapped[int] = mapped_column(Integer, default=0)
    quota: Mapped[int | None] = mapped_column(Integer)  # None: no limit
    night: Mapped[date | None] = mapped_column(Date)  # a hotel night: the Oslo date of the evening
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    event = relationship("Event")


class RegistrationAddOn(Vat, db.Model):
    """An add-on a registration holds, with its price and VAT as they were when it was taken."""

    __tablename__ = "registration_add_ons"
    __table_args__ = (UniqueConstraint("registration_id", "add_on_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    add_on_id: Mapped[int] = mapped_column(ForeignKey("add_ons.id", ondelete="CASCADE"), index=True)
    quantity: Mapped[int] = mapped_column(default=1)
    name: Mapped[str] = mapped_column(OneLine(120))
    unit_price_ore: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    add_on: Mapped[AddOn] = relationship()
