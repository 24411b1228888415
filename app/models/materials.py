"""Materials a speaker adds to a session: an uploaded file (slides) or a link."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class MaterialKind(enum.StrEnum):
    FILE = "file"
    LINK = "link"


class FileType(enum.StrEnum):
    """What the content of an uploaded file turned out to be (never taken from its name)."""

    PDF = "pdf"
    PPTX = "pptx"
    KEY = "key"
    ODP = "odp"


class SessionMaterial(db.Model):
    __tablename__ = "session_materials"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    added_by_speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"))
    kind: Mapped[MaterialKind] = mapped_column(str_enum(MaterialKind))
    title: Mapped[str] = mapped_column(OneLine(200))
    # A link: the http(s) address. A file: None.
    url: Mapped[str | None] = mapped_column(String(500))
    # A file: its type from its content, the name we stored it under (in UPLOAD_DIR/materials),
    # the name it had on the speaker's computer (for the download) and its size.
    file_type: Mapped[FileType | None] = mapped_column(str_enum(FileType, length=8))
    stored_name: Mapped[str | None] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(OneLine(200), default="")
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    session = relationship("Session", back_populates="materials")

    @property
    def is_link(self) -> bool:
        return self.kind == MaterialKind.LINK
