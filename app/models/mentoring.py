"""Mentoring (issue 19): a registrant's opt-in as mentee or mentor (MentoringProfile, one per registration)
and the pairs an organiser locked or approved (MentorPair). The matching itself is app/mentoring/matching.py."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class MentoringRole(enum.StrEnum):
    MENTEE = "mentee"
    MENTOR = "mentor"


class PairStatus(enum.StrEnum):
    LOCKED = "locked"  # chosen by the organiser, kept by the next matching, not yet approved
    APPROVED = "approved"  # introduced to each other by e-mail
    ENDED = "ended"  # «avsluttet»: one of them withdrew after approval


class MentoringProfile(db.Model):
    """Opting in gives consent to share name, e-mail, phone and workplace with the person one is paired with;
    withdrawing (withdrawn_at) takes the profile out of every later matching."""

    __tablename__ = "mentoring_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), unique=True)
    role: Mapped[MentoringRole] = mapped_column(str_enum(MentoringRole, 8))
    themes: Mapped[str] = mapped_column(String(200), default="")  # comma-separated codes (app/mentoring/themes.py)
    note: Mapped[str] = mapped_column(OneLine(300), default="")
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration = relationship("Registration")

    @property
    def theme_codes(self) -> list[str]:
        return [code for code in self.themes.split(",") if code]


class MentorPair(db.Model):
    __tablename__ = "mentor_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentoring_profiles.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentoring_profiles.id", ondelete="CASCADE"), index=True)
    status: Mapped[PairStatus] = mapped_column(str_enum(PairStatus, 8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    mentee = relationship("MentoringProfile", foreign_keys=[mentee_id])
    mentor = relationship("MentoringProfile", foreign_keys=[mentor_id])
