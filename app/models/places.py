"""Counties, municipalities, venues and rooms."""
from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import OneLine


class County(db.Model):
    __tablename__ = "counties"

    number: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))

    municipalities: Mapped[list[Municipality]] = relationship(back_populates="county")


class Municipality(db.Model):
    """A kommune, keyed by its four-digit kommunenummer."""

    __tablename__ = "municipalities"

    number: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    official_name: Mapped[str] = mapped_column(String(160))
    county_number: Mapped[str] = mapped_column(ForeignKey("counties.number"), index=True)
    # A member of Kulturskolerådet (its member price applies); kept by the organisers (app.invoicing.members).
    member: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The invoice address (kept by the organisers on /admin/members): the buyer's postal address on new invoices.
    invoice_street: Mapped[str] = mapped_column(OneLine(160), default="", server_default="")
    invoice_postcode: Mapped[str] = mapped_column(String(4), default="", server_default="")
    invoice_city: Mapped[str] = mapped_column(OneLine(80), default="", server_default="")

    county: Mapped[County] = relationship(back_populates="municipalities")

    @property
    def display_name(self) -> str:
        """The official name when it carries a parallel name (e.g. 'Kárášjohka - Karasjok')."""
        return self.official_name or self.name


class Venue(db.Model):
    __tablename__ = "venues"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(OneLine(160), unique=True)
    address: Mapped[str] = mapped_column(OneLine(200), default="")
    postal_code: Mapped[str] = mapped_column(OneLine(10), default="")
    city: Mapped[str] = mapped_column(OneLine(80), default="")
    municipality_number: Mapped[str | None] = mapped_column(
        ForeignKey("municipalities.number"), index=True
    )

    municipality: Mapped[Municipality | None] = relationship()
    rooms: Mapped[list[Room]] = relationship(
        back_populates="venue", order_by="Room.name", cascade="all, delete-orphan"
    )

    @property
    def full_address(self) -> str:
        place = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.address, place) if p)


class Room(db.Model):
    __tablename__ = "rooms"
    __table_args__ = (UniqueConstraint("venue_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    venue_id: Mapped[int] = mapped_column(ForeignKey("venues.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(OneLine(120))
    capacity: Mapped[int | None] = mapped_column(Integer)

    venue: Mapped[Venue] = relationship(back_populates="rooms")
