"""A group registration: one contact person signs up several colleagues from one kommune, with one payer."""
from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.types import HashedToken, OneLine


class RegistrationGroup(HashedToken, db.Model):
    """The contact's group: the page `/group/<token>` (only the token's hash is stored; the contact gets the
    link by e-mail when the group is made). Each colleague is a Registration with `group_id` set."""

    __tablename__ = "registration_groups"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    contact_name: Mapped[str] = mapped_column(OneLine(200), default="")
    contact_email: Mapped[str | None] = mapped_column(String(254))
    contact_phone: Mapped[str] = mapped_column(OneLine(40), default="")
    municipality_number: Mapped[str | None] = mapped_column(ForeignKey("municipalities.number"))
    organisation: Mapped[str] = mapped_column(OneLine(160), default="")
    # One payer and one buyer reference for every colleague (copied onto each registration too).
    invoice_org_number: Mapped[str] = mapped_column(String(9), default="")
    invoice_reference: Mapped[str] = mapped_column(OneLine(100), default="")

    event = relationship("Event")
    municipality = relationship("Municipality")
    registrations = relationship("Registration", back_populates="group", order_by="Registration.id")
