"""Version counters that let readers cache what is expensive to build.

`program` is raised in the same transaction as any change to events, sessions, speakers,
tracks, rooms or venues (see app.program.versioning), so a cached program page or feed is
valid exactly as long as the counter has not moved.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.types import UTCDateTime


class ContentVersion(db.Model):
    __tablename__ = "content_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
    # When the version was last raised: the Last-Modified of whatever is built from it (feeds).
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
