"""Version counters that let readers cache what is expensive to build.

`program` is raised in the same transaction as any change to events, sessions, speakers,
tracks, rooms or venues (see app.program.versioning), so a cached program page or feed is
valid exactly as long as the counter has not moved.
"""
from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class ContentVersion(db.Model):
    __tablename__ = "content_versions"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[int] = mapped_column(default=0)
