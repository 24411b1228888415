"""Who changed what, with old → new values: the audit log of events, sessions, speakers and registrations."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime


class AuditEntry(db.Model):
    __tablename__ = "audit_entries"
    __table_args__ = (Index("ix_audit_entries_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    # organiser | staff | speaker | participant | system
    actor_type: Mapped[str] = mapped_column(String(20))
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"))
    actor_label: Mapped[str] = mapped_column(OneLine(200), default="")  # name or e-mail at the time
    entity_type: Mapped[str] = mapped_column(String(40))  # event | session | speaker | registration | ...
    entity_id: Mapped[int] = mapped_column()
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40))  # create | update | delete | cancel | ...
    # JSON object {field: [old, new]} (values as text).
    changes: Mapped[str] = mapped_column(Text, default="{}")
