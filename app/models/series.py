"""Series and networks: a regional network, a digital network, a meeting place for new leaders; their members.

A member is known by a lower-cased e-mail, a name and a kommune. When that e-mail is a remembered person's
(app.models.leaders.Person, who ticked «Husk meg»), the member points at them (`person_id`): Min side lists the
person's series, and withdrawing a consent there acts on the memberships (app.series.members).
The member's own link (the series page with the member list and their choices) is a token derived from
`token_salt`.
"""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class SeriesKind(enum.StrEnum):
    REGIONAL_NETWORK = "regional_network"
    DIGITAL_NETWORK = "digital_network"
    NEW_LEADERS = "new_leaders"
    OTHER = "other"


class JoinedVia(enum.StrEnum):
    REGISTRATION = "registration"
    INVITATION = "invitation"
    ORGANISER = "organiser"


class Series(db.Model):
    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(OneLine(200))
    kind: Mapped[SeriesKind] = mapped_column(str_enum(SeriesKind, 20))
    description: Mapped[str] = mapped_column(Text, default="")
    public: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    members: Mapped[list[SeriesMember]] = relationship(
        back_populates="series", order_by="SeriesMember.name", cascade="all, delete-orphan"
    )


class SeriesMember(db.Model):
    __tablename__ = "series_members"
    __table_args__ = (UniqueConstraint("series_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254))  # lower-cased
    name: Mapped[str] = mapped_column(OneLine(200))
    municipality_number: Mapped[str | None] = mapped_column(ForeignKey("municipalities.number"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("persons.id", ondelete="SET NULL"), index=True)
    role: Mapped[str] = mapped_column(OneLine(120), default="")
    show_in_member_list: Mapped[bool] = mapped_column(default=False)
    mail_ok: Mapped[bool] = mapped_column(default=True)  # invitations to the series' new meetings
    joined_via: Mapped[JoinedVia] = mapped_column(str_enum(JoinedVia, 16))
    token_salt: Mapped[str] = mapped_column(String(32))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    series: Mapped[Series] = relationship(back_populates="members")
    municipality = relationship("Municipality")
