"""Peer groups (kollegagrupper, issue 19): an event's groups of 5–8 participants and who is in which.

A group is a draft until the organiser publishes it; only a published group is printed on the badge, shown on
the manage page and listed under its programme session. A member who cancels keeps her row with `left_at` set
(the organiser's notice «Gruppe X har nå 4 deltakere») until the organiser clears the notice. The forming
itself is app/mentoring/groups.py; the rules are app/peer_groups/service.py."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class PeerGroupState(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


class PeerGroup(db.Model):
    __tablename__ = "peer_groups"
    __table_args__ = (UniqueConstraint("event_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(OneLine(80))
    place: Mapped[str] = mapped_column(OneLine(80), default="")  # the table or room, e.g. «Bord 4»
    # The programme session where the groups meet (listed under it once published).
    session_id: Mapped[int | None] = mapped_column(ForeignKey("sessions.id", ondelete="SET NULL"), index=True)
    state: Mapped[PeerGroupState] = mapped_column(str_enum(PeerGroupState, 10), default=PeerGroupState.DRAFT)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # «Fortsett som nettverk»: the small digital network series the group continues as.
    series_id: Mapped[int | None] = mapped_column(ForeignKey("series.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    session = relationship("Session")
    series = relationship("Series")
    members: Mapped[list[PeerGroupMember]] = relationship(back_populates="group", order_by="PeerGroupMember.id")

    @property
    def is_published(self) -> bool:
        return self.state == PeerGroupState.PUBLISHED

    @property
    def active_members(self) -> list[PeerGroupMember]:
        return [m for m in self.members if m.left_at is None]


class PeerGroupMember(db.Model):
    """One registration in one group: at most one row per registration (and event)."""

    __tablename__ = "peer_group_members"
    __table_args__ = (UniqueConstraint("event_id", "registration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("peer_groups.id", ondelete="CASCADE"), index=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # cancelled after the groups were made

    group: Mapped[PeerGroup] = relationship(back_populates="members")
    registration = relationship("Registration")
