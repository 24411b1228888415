"""The resource library (the start package for new leaders and more): checklists, templates and process
descriptions, each either an uploaded file or a page in the house's sanitised Markdown."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core import clock
from app.extensions import db
from app.models.types import OneLine, UTCDateTime, str_enum


class ResourceKind(enum.StrEnum):
    CHECKLIST = "sjekkliste"
    TEMPLATE = "mal"
    PROCESS = "prosessbeskrivelse"
    GUIDE = "veileder"
    OTHER = "annet"


class ResourceAudience(enum.StrEnum):
    NEW_LEADERS = "nye-ledere"
    EVERYONE = "alle"


class DocumentType(enum.StrEnum):
    """What an uploaded resource file turned out to be, from its content (app/resources/files.py)."""

    PDF = "pdf"
    DOCX = "docx"
    XLSX = "xlsx"
    PPTX = "pptx"
    ODT = "odt"
    ODS = "ods"


class Resource(db.Model):
    __tablename__ = "resources"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(OneLine(200))
    summary: Mapped[str] = mapped_column(String(500), default="")
    kind: Mapped[ResourceKind] = mapped_column(str_enum(ResourceKind))
    audience: Mapped[ResourceAudience] = mapped_column(str_enum(ResourceAudience, length=16))
    # Theme codes from app/mentoring/themes.py, comma-separated ("juss,okonomi").
    themes: Mapped[str] = mapped_column(String(200), default="")
    # A page: its Markdown. A file: "" (or a short note shown above the download).
    body: Mapped[str] = mapped_column(Text, default="")
    file_type: Mapped[DocumentType | None] = mapped_column(str_enum(DocumentType, length=8))
    stored_name: Mapped[str | None] = mapped_column(String(80), unique=True)  # in UPLOAD_DIR/resources
    original_name: Mapped[str] = mapped_column(OneLine(200), default="")
    size_bytes: Mapped[int | None] = mapped_column(Integer)
    # How often the file was downloaded or the page read: a count per resource, never who.
    downloads: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, onupdate=clock.now)

    @property
    def theme_codes(self) -> list[str]:
        return [code for code in self.themes.split(",") if code]

    @property
    def is_file(self) -> bool:
        return self.stored_name is not None
