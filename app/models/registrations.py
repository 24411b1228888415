"""Registrations, the sessions each participant chose, and their places in the queues."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class RegistrationStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    CANCELLED = "cancelled"


class YearsBand(enum.StrEnum):
    """Years as a culture-school leader, in the leader survey's five bands."""

    LT1 = "lt1"
    Y1_3 = "1-3"
    Y4_6 = "4-6"
    Y7_10 = "7-10"
    GT10 = "gt10"


class SchoolSize(enum.StrEnum):
    """Pupils in the leader's kulturskole, in five bands."""

    LT100 = "lt100"
    S100_299 = "100-299"
    S300_599 = "300-599"
    S600_999 = "600-999"
    GT1000 = "gt1000"


class ParticipantRole(enum.StrEnum):
    """The role printed on the badge band."""

    PARTICIPANT = "participant"  # deltaker
    SPEAKER = "speaker"  # foredragsholder
    ORGANISER = "organiser"  # arrangør
    STAFF = "staff"  # stab


class ChoiceStatus(enum.StrEnum):
    CONFIRMED = "confirmed"  # holds a seat in the session
    WAITLISTED = "waitlisted"  # in the session's queue
    PENDING = "pending"  # the registration itself is on the event's waiting list


class Registration(db.Model):
    __tablename__ = "registrations"
    __table_args__ = (
        UniqueConstraint("event_id", "email"),
        Index("ix_registrations_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    status: Mapped[RegistrationStatus] = mapped_column(str_enum(RegistrationStatus))
    waitlist_position: Mapped[int | None] = mapped_column()
    role: Mapped[ParticipantRole] = mapped_column(str_enum(ParticipantRole), default=ParticipantRole.PARTICIPANT)
    # Registered by a contact person together with colleagues (app/registration/groups.py).
    group_id: Mapped[int | None] = mapped_column(ForeignKey("registration_groups.id", ondelete="SET NULL"),
                                                 index=True)

    # Who. E-mail is stored lower-cased; all of these are emptied when the registration is anonymised.
    first_name: Mapped[str] = mapped_column(OneLine(100), default="")
    last_name: Mapped[str] = mapped_column(OneLine(100), default="")
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(OneLine(40), default="")
    organisation: Mapped[str] = mapped_column(OneLine(160), default="")
    job_title: Mapped[str] = mapped_column(OneLine(120), default="")
    # Kept after anonymisation, for counts per kommune, years-as-leader band and school size.
    municipality_number: Mapped[str | None] = mapped_column(ForeignKey("municipalities.number"), index=True)
    years_as_leader: Mapped[YearsBand | None] = mapped_column(str_enum(YearsBand, 8))
    school_size: Mapped[SchoolSize | None] = mapped_column(str_enum(SchoolSize, 8))
    # The leader across events (app.people), only with their consent to be remembered; unlinked by «Glem meg».
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)

    # Invoice, when the event has a fee.
    invoice_org_number: Mapped[str] = mapped_column(String(9), default="")
    invoice_reference: Mapped[str] = mapped_column(OneLine(100), default="")
    # The price category chosen and its price as it was then (app.invoicing.prices): what this registration
    # owes does not change when the organiser changes the category later. None: the event has no categories.
    price_category_id: Mapped[int | None] = mapped_column(ForeignKey("price_categories.id", ondelete="SET NULL"))
    price_name: Mapped[str] = mapped_column(OneLine(120), default="", server_default="")
    price_ore: Mapped[int | None] = mapped_column(Integer)
    price_vat_category: Mapped[str] = mapped_column(String(1), default="", server_default="")
    price_vat_rate_bp: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    price_exemption_reason: Mapped[str] = mapped_column(OneLine(200), default="", server_default="")

    # Consent and the optional health section (diet, allergies, accessibility): visible to
    # organisers only, deleted after the event or when consent is withdrawn.
    privacy_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    health_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    diet: Mapped[str] = mapped_column(String(200), default="")  # comma-separated diet codes
    diet_other: Mapped[str] = mapped_column(OneLine(200), default="")
    accessibility_needs: Mapped[str] = mapped_column(Text, default="")

    # Tokens (app/core/tokens.py): a salt per purpose and the digest used to look the token up.
    manage_salt: Mapped[str] = mapped_column(String(32))
    manage_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    feed_salt: Mapped[str] = mapped_column(String(32))
    feed_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    badge_salt: Mapped[str] = mapped_column(String(32))
    badge_code_hash: Mapped[str] = mapped_column(String(64), unique=True)

    # Added to a session's revision for the SEQUENCE of the .ics files e-mailed to this participant,
    # raised whenever sessions leave their program without changing themselves (a dropped workshop,
    # the registration cancelled): so their calendar takes the METHOD:CANCEL (app.calendar.attachments).
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    health_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    event = relationship("Event")
    municipality = relationship("Municipality")
    group = relationship("RegistrationGroup", back_populates="registrations")
    choices: Mapped[list[SessionChoice]] = relationship(
        back_populates="registration", cascade="all, delete-orphan", order_by="SessionChoice.id"
    )
    add_ons = relationship("RegistrationAddOn", cascade="all, delete-orphan", order_by="RegistrationAddOn.id")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED

    @property
    def diet_codes(self) -> list[str]:
        return [c for c in self.diet.split(",") if c]


class SessionChoice(db.Model):
    """A participant's sign-up for a workshop or parallel session."""

    __tablename__ = "session_choices"
    __table_args__ = (
        UniqueConstraint("registration_id", "session_id"),
        Index("ix_session_choices_session_status", "session_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    status: Mapped[ChoiceStatus] = mapped_column(str_enum(ChoiceStatus))
    waitlist_position: Mapped[int | None] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    registration: Mapped[Registration] = relationship(back_populates="choices")
    session = relationship("Session")
