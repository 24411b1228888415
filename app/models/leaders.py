"""A leader across events: one `Person` per e-mail address (compared case-insensitively), kept only with
their consent to be remembered; their registrations point at them (Registration.person_id). Min side is
opened with an e-mailed single-use link (PersonLoginToken) and a server-side sign-in per browser
(PersonSignIn), the mechanism of app.core.email_signin."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.registrations import SchoolSize, YearsBand
from app.models.types import HashedToken, OneLine, UTCDateTime, str_enum


class Person(db.Model):
    """What a leader agreed we remember, to prefill their next registration and show them Min side."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)  # always stored lower-cased
    first_name: Mapped[str] = mapped_column(OneLine(100), default="")
    last_name: Mapped[str] = mapped_column(OneLine(100), default="")
    organisation: Mapped[str] = mapped_column(OneLine(160), default="")
    municipality_number: Mapped[str | None] = mapped_column(ForeignKey("municipalities.number"))
    job_title: Mapped[str] = mapped_column(OneLine(120), default="")
    years_as_leader: Mapped[YearsBand | None] = mapped_column(str_enum(YearsBand, 8))
    school_size: Mapped[SchoolSize | None] = mapped_column(str_enum(SchoolSize, 8))
    # Consents, dated: to be remembered across events (the row exists only with it), and to be invited to
    # other offers (None: not given, or withdrawn).
    remember_consent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    contact_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # first signed in through an e-mailed link
    # The personal feed of all their events (/me/calendar/<token>.ics): salt and lookup digest (app.core.tokens).
    feed_salt: Mapped[str | None] = mapped_column(String(32))
    feed_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    municipality = relationship("Municipality")

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PersonLoginToken(db.Model):
    """A single-use, expiring link to Min side; only its hash is stored."""

    __tablename__ = "person_login_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person = relationship("Person")


class PersonSignIn(HashedToken, db.Model):
    """One browser signed in to Min side; signing out revokes it."""

    __tablename__ = "person_sign_ins"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
