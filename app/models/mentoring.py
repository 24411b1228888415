"""Mentoring (issue 19): a leader's opt-in as mentee or mentor (MentoringProfile), the pairs an organiser locked
or approved (MentorPair, with its «mentorlunsj» session) and the three-month follow-up (MentoringFollowup). The
matching itself is app/mentoring/matching.py.

One profile per leader: a remembered leader's (`person_id`, given on a registration form with «Husk meg» or on
Min side) carries across events; a leader who is not remembered has one per registration (`registration_id`).
Exactly one of the two is set (app/mentoring/service.py: opt_in)."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
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


class FollowupAnswer(enum.StrEnum):
    YES = "yes"  # «ja»
    NO = "no"  # «nei»
    PLANNED = "planned"  # «planlagt»


class MentoringProfile(db.Model):
    """Opting in gives consent to share name, e-mail, phone and workplace with the person one is paired with;
    withdrawing (withdrawn_at) takes the profile out of every later matching."""

    __tablename__ = "mentoring_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"),
                                                        unique=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), unique=True)
    role: Mapped[MentoringRole] = mapped_column(str_enum(MentoringRole, 8))
    themes: Mapped[str] = mapped_column(String(200), default="")  # comma-separated codes (app/mentoring/themes.py)
    note: Mapped[str] = mapped_column(OneLine(300), default="")
    consented_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    registration = relationship("Registration")
    person = relationship("Person")

    @property
    def leader(self):
        """Who opted in, with their name, workplace, e-mail, kommune, school size and years as leader: the
        remembered Person, or the Registration."""
        return self.person if self.person_id is not None else self.registration

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
    # The «mentorlunsj»: a session of the conference programme the organiser gave the pair.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"))

    mentee = relationship("MentoringProfile", foreign_keys=[mentee_id])
    mentor = relationship("MentoringProfile", foreign_keys=[mentor_id])
    session = relationship("Session")


class MentoringFollowup(db.Model):
    """«Har dere møttes?» about three months after approval: one question to each of the two, answered once
    through its own link (salt and digest, app/core/tokens.py). The organiser sees only the counts, k ≥ 5."""

    __tablename__ = "mentoring_followups"
    __table_args__ = (UniqueConstraint("pair_id", "profile_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("mentor_pairs.id", ondelete="CASCADE"))
    profile_id: Mapped[int] = mapped_column(ForeignKey("mentoring_profiles.id", ondelete="CASCADE"), index=True)
    token_salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    answer: Mapped[FollowupAnswer | None] = mapped_column(str_enum(FollowupAnswer, 8))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    pair = relationship("MentorPair")
    profile = relationship("MentoringProfile")
